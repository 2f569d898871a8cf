package io.aloft.runtime.dagfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.ParamSpec;
import io.aloft.runtime.model.SpecJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Airflow validates each param's default against its JSON schema when it loads a DAG file; a default that
 * does not fit is an import error ({@code ParamValidationError}). A param without a default is checked
 * when a run is triggered, not here.
 */
final class ParamDefaultsCheck {

  private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  Optional<ImportErrorInfo> check(String filename, List<DagSpec> dags) {
    List<String> problems = new ArrayList<>();
    for (DagSpec dag : dags) {
      for (Map.Entry<String, ParamSpec> param : dag.params().entrySet()) {
        ParamSpec spec = param.getValue();
        if (!spec.hasDefault() || spec.schema().isEmpty()) {
          continue;
        }
        JsonSchema schema = SCHEMAS.getSchema(SpecJson.mapper().valueToTree(spec.schema()));
        JsonNode value = SpecJson.mapper().valueToTree(spec.defaultValue());
        Set<ValidationMessage> errors = schema.validate(value);
        for (ValidationMessage error : errors) {
          problems.add("ParamValidationError: Invalid default value for param '" + param.getKey() + "' of DAG '"
              + dag.dagId() + "': " + value + " does not fit its schema: " + error.getMessage());
        }
      }
    }
    if (problems.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ImportErrorInfo(filename, null, problems.getFirst(), String.join("\n", problems)));
  }
}
