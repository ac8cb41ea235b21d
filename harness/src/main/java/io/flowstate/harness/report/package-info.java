/** The harness's report part. */
package io.flowstate.harness.report;
