/** The research harness (load generator, test backends, scenarios, reports); arrives with the harness work. */
package io.flowstate.harness;
