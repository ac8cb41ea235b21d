package io.flowstate.tck;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A conformance test: runs once per engine on the suite's class path
 * ({@link TckEngines#all()}), the engine's name in the test's display name.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "[{0}]")
@MethodSource("io.flowstate.tck.TckEngines#all")
@interface EngineTest {
}
