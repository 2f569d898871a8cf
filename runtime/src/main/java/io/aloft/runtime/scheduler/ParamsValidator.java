package io.aloft.runtime.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.ParamSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a run's conf against the DAG's params as Airflow 2.10 does when a run is created: conf values
 * override defaults (conf keys that are not params are kept, without a schema), every param must end
 * with a value, and each value must satisfy its JSON schema (draft 2020-12, formats asserted). Returns
 * the effective params. Thread-safe; compiled schemas are cached.
 *
 * <p>Example: params {@code {"n": Param(5, type="integer", maximum=10)}}, conf {@code {"n": 11}} fails
 * with {@code Invalid input for param n: must have a maximum value of 10}.
 */
public final class ParamsValidator {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private final SchemaValidatorsConfig config =
      SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).locale(Locale.ENGLISH).build();
  private final Map<Map<String, Object>, JsonSchema> schemas = new ConcurrentHashMap<>();

  /**
   * The effective params: each param's conf value or default, then conf keys without a param.
   *
   * @throws InvalidConfException naming every param that is missing or invalid ("; "-separated)
   */
  public Map<String, Object> validate(Map<String, ParamSpec> params, Map<String, Object> conf) {
    Map<String, Object> confOrEmpty = conf == null ? Map.of() : conf;
    Map<String, Object> effective = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    params.forEach(
        (name, spec) -> {
          boolean given = confOrEmpty.containsKey(name);
          if (!given && !spec.hasDefault()) {
            problems.add(
                "Invalid input for param %s: No value passed and Param has no default value"
                    .formatted(name));
            return;
          }
          Object value = given ? confOrEmpty.get(name) : spec.defaultValue();
          String why = check(spec.schema(), value);
          if (why != null) {
            problems.add("Invalid input for param %s: %s".formatted(name, why));
          }
          effective.put(name, value);
        });
    confOrEmpty.forEach((k, v) -> effective.putIfAbsent(k, v));
    if (!problems.isEmpty()) {
      throw new InvalidConfException(String.join("; ", problems));
    }
    return effective;
  }

  /** {@code RunTrigger.ConfCheck} over a DAG's params: {@code new RunTrigger(stores, validator::check, ...)}. */
  public Map<String, Object> check(DagSpec spec, Map<String, Object> conf) {
    return validate(spec.params(), conf);
  }

  /** Why {@code value} breaks {@code schema}, or null when it fits. */
  private String check(Map<String, Object> schema, Object value) {
    if (schema.isEmpty()) {
      return null;
    }
    JsonSchema compiled =
        schemas.computeIfAbsent(
            Collections.unmodifiableMap(new HashMap<>(schema)), s -> factory.getSchema(JSON.valueToTree(s), config));
    JsonNode node = JSON.valueToTree(value);
    Set<ValidationMessage> errors = compiled.validate(node);
    if (errors.isEmpty()) {
      return null;
    }
    List<String> reasons = new ArrayList<>();
    for (ValidationMessage m : errors) {
      reasons.add(describe(m, node));
    }
    return String.join(", ", reasons);
  }

  private static String describe(ValidationMessage m, JsonNode value) {
    String msg = m.getMessage();
    // networknt prefixes the instance path ("$" or "" is the param itself, "$.a" a field in it).
    if (msg.startsWith("$")) {
      msg = msg.substring(1);
    }
    if (msg.startsWith(".")) {
      msg = msg.substring(1);
    }
    if (msg.startsWith(": ")) {
      msg = msg.substring(2);
    }
    return "%s (got %s)".formatted(msg, value);
  }
}
