package io.aloft.sdk;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * The one PF4J extension point: a plugin contributes operators by shipping an {@code OperatorProvider}.
 *
 * <p>Lifecycle: the daemon instantiates each provider once at start, reads {@link #operators()} once, and
 * registers every descriptor in its operator registry. Descriptors must be immutable; their factories are
 * called from many virtual threads at once and must be thread-safe.
 *
 * <pre>{@code
 * @Extension
 * public final class HelloProvider implements OperatorProvider {
 *   public List<OperatorDescriptor> operators() {
 *     return List.of(OperatorDescriptor.builder("HelloOperator")
 *         .pythonPath("hello_provider.operators.HelloOperator")
 *         .argument(ArgumentSpec.required("name", ArgType.STRING))
 *         .templated("name")
 *         .factory(args -> ctx -> "hello " + args.get("name"))
 *         .build());
 *   }
 * }
 * }</pre>
 */
public interface OperatorProvider extends ExtensionPoint {

  /** The operators this provider answers for. Called once, at start. */
  List<OperatorDescriptor> operators();

  /**
   * The settings this provider's operators read from {@link TaskContext#settings()}. Aloft refuses to start
   * when a setting is given that no one declares, or a declared one has a value of the wrong type. Called once,
   * at start.
   */
  default List<SettingSpec> settings() {
    return List.of();
  }
}
