package io.aloft.runtime.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.sdk.ArgType;
import io.aloft.sdk.ArgumentSpec;
import io.aloft.sdk.OperatorDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgumentCheckTest {

  private final OperatorDescriptor docker = OperatorDescriptor.builder("DockerOperator")
      .argument(ArgumentSpec.required("image", ArgType.STRING))
      .argument(ArgumentSpec.optional("command", ArgType.STRING_OR_LIST))
      .argument(ArgumentSpec.optional("cpus", ArgType.FLOAT))
      .factory(args -> ctx -> null)
      .build();

  @Test
  void fittingArgumentsHaveNoProblems() {
    assertThat(ArgumentCheck.problems(docker, Map.of("image", "x", "command", List.of("a"), "cpus", 1, "retries", 2), Set.of("retries")))
        .isEmpty();
  }

  @Test
  void namesUnknownMissingAndMistypedArguments() {
    assertThat(ArgumentCheck.problems(docker, Map.of("imag", "x", "cpus", "two"), Set.of()))
        .containsExactly(
            "DockerOperator argument 'cpus' must be float, not str",
            "DockerOperator got an unexpected argument 'imag' (did you mean 'image'?)",
            "DockerOperator is missing the required argument 'image'");
  }
}
