package io.aloft.sdk;

import java.util.Map;

/**
 * Builds a Java operator for one task try from its arguments, after templates were rendered and XCom
 * references resolved. Values are plain JSON shapes: {@code String}, {@code Number}, {@code Boolean},
 * {@code List}, {@code Map} and {@code null}. Called on the try's virtual thread; must be thread-safe.
 */
@FunctionalInterface
public interface OperatorFactory {

  Operator create(Map<String, Object> arguments);
}
