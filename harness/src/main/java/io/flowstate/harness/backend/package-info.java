/** The harness's backend part. */
package io.flowstate.harness.backend;
