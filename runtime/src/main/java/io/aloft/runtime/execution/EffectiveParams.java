package io.aloft.runtime.execution;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.ParamSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code params} as a try sees them: the DAG's param defaults, overridden by the run's conf (Airflow's default). */
final class EffectiveParams {

  private EffectiveParams() {}

  static Map<String, Object> of(DagSpec spec, Map<String, Object> conf) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, ParamSpec> e : spec.params().entrySet()) {
      if (e.getValue().hasDefault()) {
        out.put(e.getKey(), e.getValue().defaultValue());
      }
    }
    if (conf != null) {
      out.putAll(conf);
    }
    return out;
  }
}
