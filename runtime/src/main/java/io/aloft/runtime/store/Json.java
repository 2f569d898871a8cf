package io.aloft.runtime.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aloft.runtime.model.SpecJson;
import java.util.Map;

/** JSON to and from the text the JSONB columns hold. */
public final class Json {

  private static final ObjectMapper MAPPER = SpecJson.mapper();

  private Json() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value is not JSON-serializable: " + e.getMessage(), e);
    }
  }

  public static Object read(String json) {
    if (json == null) {
      return null;
    }
    try {
      return MAPPER.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static Map<String, Object> readMap(String json) {
    if (json == null || json.isBlank() || json.equals("{}")) {
      return Map.of(); // most runs' conf: no parser for it (each scheduler pass reads every active run's)
    }
    try {
      return MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
    }
  }
}
