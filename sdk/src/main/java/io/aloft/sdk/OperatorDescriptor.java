package io.aloft.sdk;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the runtime needs to know about one operator: the Python names a DAG file may use for it, the
 * arguments it takes (checked at parse time), which arguments are Jinja-templated, the Python shim its
 * plugin ships, and how to build the Java operator from rendered arguments.
 *
 * <p>{@code name} is the operator's identity in serialized DAGs (the {@code operator} field of a task);
 * {@code pythonPaths} are the fully qualified class names ({@code module.Class}) that a DAG file may import,
 * aliases included. {@code pythonShimRoot} is a class-path resource folder (for example {@code "python"})
 * whose packages are added to the Python path of every DAG-file context; it declares the Python classes at
 * {@code pythonPaths}. {@code secretArguments} never appear in logs, rendered fields, the UI or the API (Docker's
 * {@code private_environment}). Immutable and thread-safe.
 *
 * <pre>{@code
 * OperatorDescriptor.builder("BashOperator")
 *     .pythonPath("airflow.operators.bash.BashOperator")
 *     .argument(ArgumentSpec.required("bash_command", ArgType.STRING))
 *     .templated("bash_command")
 *     .factory(BashOperator::new)
 *     .build();
 * }</pre>
 */
public record OperatorDescriptor(
    String name,
    List<String> pythonPaths,
    List<ArgumentSpec> arguments,
    Set<String> templateFields,
    Optional<String> pythonShimRoot,
    OperatorFactory factory,
    Set<String> secretArguments) {

  public OperatorDescriptor {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(factory, "factory");
    pythonPaths = List.copyOf(pythonPaths);
    arguments = List.copyOf(arguments);
    templateFields = Set.copyOf(templateFields);
    Objects.requireNonNull(pythonShimRoot, "pythonShimRoot");
    secretArguments = Set.copyOf(secretArguments);
  }

  /** A descriptor without secret arguments. */
  public OperatorDescriptor(
      String name,
      List<String> pythonPaths,
      List<ArgumentSpec> arguments,
      Set<String> templateFields,
      Optional<String> pythonShimRoot,
      OperatorFactory factory) {
    this(name, pythonPaths, arguments, templateFields, pythonShimRoot, factory, Set.of());
  }

  /** Whether the value of this argument must be hidden wherever task arguments are shown. */
  public boolean isSecret(String argName) {
    return secretArguments.contains(argName);
  }

  /** The argument with this name, if the operator declares it. */
  public Optional<ArgumentSpec> argument(String argName) {
    return arguments.stream().filter(a -> a.name().equals(argName)).findFirst();
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builds a descriptor; see {@link OperatorDescriptor}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final List<String> pythonPaths = new ArrayList<>();
    private final List<ArgumentSpec> arguments = new ArrayList<>();
    private final Set<String> templateFields = new LinkedHashSet<>();
    private final Set<String> secretArguments = new LinkedHashSet<>();
    private String pythonShimRoot;
    private OperatorFactory factory;

    private Builder(String name) {
      this.name = name;
    }

    public Builder pythonPath(String path) {
      pythonPaths.add(path);
      return this;
    }

    public Builder argument(ArgumentSpec argument) {
      arguments.add(argument);
      return this;
    }

    public Builder arguments(List<ArgumentSpec> args) {
      arguments.addAll(args);
      return this;
    }

    public Builder templated(String... fields) {
      templateFields.addAll(List.of(fields));
      return this;
    }

    /** Arguments whose values are secret: never logged, rendered or shown. */
    public Builder secret(String... argNames) {
      secretArguments.addAll(List.of(argNames));
      return this;
    }

    public Builder pythonShimRoot(String root) {
      this.pythonShimRoot = root;
      return this;
    }

    public Builder factory(OperatorFactory f) {
      this.factory = f;
      return this;
    }

    public OperatorDescriptor build() {
      return new OperatorDescriptor(
          name,
          pythonPaths,
          arguments,
          templateFields,
          Optional.ofNullable(pythonShimRoot),
          factory,
          secretArguments);
    }
  }
}
