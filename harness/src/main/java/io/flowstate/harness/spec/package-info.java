/** Reading the harness's JSON specs with errors that name path, line and column. Internal. */
package io.flowstate.harness.spec;
