package io.flowstate.core.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class Http1InterimTest {

    @Test
    void only100And103AreRelayableAmongInterimStatuses() {
        for (int status = 100; status < 200; status++) {
            assertEquals(status == 100 || status == 103, Http1Interim.relayable(status), "status " + status);
        }
    }

    @Test
    void finalStatusesAreNotInterim() {
        for (int status : new int[] {200, 204, 304, 404, 502, 599}) {
            assertEquals(true, Http1Interim.relayable(status), "status " + status);
        }
    }
}
