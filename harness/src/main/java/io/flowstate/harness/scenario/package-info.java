/** The harness's scenario part. */
package io.flowstate.harness.scenario;
