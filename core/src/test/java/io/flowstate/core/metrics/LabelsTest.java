package io.flowstate.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The canonical label values that bound cardinality. */
class LabelsTest {

    @Test
    void knownMethodsAreThemselvesAndOneConstantEach() {
        for (String m : List.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
                "TRACE", "PATCH")) {
            String fresh = new String(m.toCharArray());
            assertEquals(m, Labels.method(fresh));
            assertSame(m, Labels.method(fresh), "the literal, so lookups can go by identity");
        }
    }

    @Test
    void otherMethodsShareOneValue() {
        assertEquals(Labels.OTHER_METHOD, Labels.method("get"));
        assertEquals(Labels.OTHER_METHOD, Labels.method("PROPFIND"));
        assertEquals(Labels.OTHER_METHOD, Labels.method(""));
    }

    @Test
    void codeClassByHundreds() {
        assertEquals("1xx", CodeClass.of(101).label());
        assertEquals("2xx", CodeClass.of(200).label());
        assertEquals("3xx", CodeClass.of(399).label());
        assertEquals("4xx", CodeClass.of(499).label());
        assertEquals("5xx", CodeClass.of(503).label());
        assertEquals(3, CodeClass.of(404).ordinal());
    }

    @Test
    void codeClassIsTotal() {
        assertEquals(CodeClass.INFORMATIONAL, CodeClass.of(0));
        assertEquals(CodeClass.INFORMATIONAL, CodeClass.of(-1));
        assertEquals(CodeClass.SERVER_ERROR, CodeClass.of(600));
        assertEquals(CodeClass.SERVER_ERROR, CodeClass.of(Integer.MAX_VALUE));
        assertEquals(CodeClass.INFORMATIONAL, CodeClass.of(Integer.MIN_VALUE));
    }
}
