package io.aloft.runtime.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.runtime.model.ParamSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamsValidatorTest {

  private final ParamsValidator validator = new ParamsValidator();

  private static ParamSpec param(Object dflt, Map<String, Object> schema) {
    return new ParamSpec(dflt, true, schema, null);
  }

  private final Map<String, ParamSpec> params = new LinkedHashMap<>(Map.of(
      "n", param(5, Map.of("type", "integer", "minimum", 1, "maximum", 10)),
      "mode", param("cpu", Map.of("type", "string", "enum", List.of("cpu", "gpu"))),
      "plain", param("x", Map.of())));

  @Test
  void defaultsApplyAndConfOverrides() {
    Map<String, Object> conf = new LinkedHashMap<>();
    conf.put("n", 7);
    conf.put("extra", true);
    Map<String, Object> effective = validator.validate(params, conf);
    assertThat(effective).containsEntry("n", 7).containsEntry("mode", "cpu").containsEntry("plain", "x")
        .containsEntry("extra", true);
    assertThat(validator.validate(params, null)).containsEntry("n", 5);
  }

  @Test
  void violationsNameTheParamAndWhy() {
    assertThatThrownBy(() -> validator.validate(params, Map.of("n", 11, "mode", "tpu")))
        .isInstanceOf(InvalidConfException.class)
        .satisfies(e -> {
          var problems = java.util.Arrays.stream(e.getMessage().split("; ")).sorted().toList();
          assertThat(problems).hasSize(2);
          assertThat(problems.get(0)).startsWith("Invalid input for param mode: does not have a value").contains("tpu");
          assertThat(problems.get(1)).startsWith("Invalid input for param n:").contains("10").contains("11");
        });
    assertThatThrownBy(() -> validator.validate(params, Map.of("n", "five")))
        .hasMessageContaining("Invalid input for param n:").hasMessageContaining("integer");
  }

  @Test
  void paramWithoutDefaultNeedsAValue() {
    Map<String, ParamSpec> required = Map.of("date", new ParamSpec(null, false, Map.of("type", "string"), null));
    assertThatThrownBy(() -> validator.validate(required, Map.of()))
        .hasMessage("Invalid input for param date: No value passed and Param has no default value");
    assertThat(validator.validate(required, Map.of("date", "2024-01-01"))).containsEntry("date", "2024-01-01");
  }

  @Test
  void noneDefaultMustFitTheSchemaLikeAirflow() {
    Map<String, ParamSpec> p = Map.of("s", param(null, Map.of("type", "string")));
    assertThatThrownBy(() -> validator.validate(p, Map.of())).hasMessageContaining("Invalid input for param s");
    Map<String, ParamSpec> nullable = Map.of("s", param(null, Map.of("type", List.of("null", "string"))));
    assertThat(validator.validate(nullable, Map.of())).containsEntry("s", null);
  }

  @Test
  void checksAgainstADagSpec() {
    var dag = new io.aloft.runtime.model.DagSpec(1, "d", "d.py", null, null, null, null, null, "UTC", false, 16, 16,
        null, null, null, params, null, null, null);
    assertThat(validator.check(dag, Map.of("n", 2))).containsEntry("n", 2);
    assertThatThrownBy(() -> validator.check(dag, Map.of("n", 0))).isInstanceOf(InvalidConfException.class);
  }

  @Test
  void formatsAreChecked() {
    Map<String, ParamSpec> p = Map.of("d", param("2024-01-01", Map.of("type", "string", "format", "date")));
    assertThat(validator.validate(p, Map.of())).containsEntry("d", "2024-01-01");
    assertThatThrownBy(() -> validator.validate(p, Map.of("d", "yesterday")))
        .hasMessageContaining("Invalid input for param d");
  }
}
