package io.aloft.runtime.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The effective configuration as DAG files and Python tasks read it through Airflow's {@code
 * airflow.configuration.conf}: the entries {@code ./aloft config} prints ({@link AloftConfig#describe()}), without
 * the masked secrets, as JSON in one environment variable of each GraalPy context. Python maps them onto
 * Airflow's sections ({@code core.dags_folder}, ...) and keeps every entry under the {@code aloft} section.
 * Stateless.
 */
public final class EffectiveConfig {

  /** The environment variable that carries the JSON; not {@code ALOFT_*}, so no config loader reads it back. */
  public static final String VARIABLE = "_ALOFT_EFFECTIVE_CONFIG";

  private EffectiveConfig() {}

  /** What Python sees: {@code describe()} less every value it masks. */
  public static Map<String, String> visible(AloftConfig config) {
    Map<String, String> out = new LinkedHashMap<>();
    config.describe().forEach((k, v) -> {
      if (!ConfigLoader.isSecretKey(k) && !"***".equals(v)) {
        out.put(k, v);
      }
    });
    return out;
  }

  public static String json(AloftConfig config) {
    try {
      return new ObjectMapper().writeValueAsString(visible(config));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the effective configuration as JSON", e);
    }
  }
}
