package io.aloft.runtime.scheduler;

import io.aloft.runtime.model.DagSpec;
import java.util.HashMap;
import java.util.Map;

/** Effective priority weight per task id of a DAG version. */
final class PriorityWeightsLookup {

  private PriorityWeightsLookup() {}

  static Map<String, Integer> of(DagSpec spec) {
    Map<String, Integer> out = new HashMap<>();
    spec.tasks().forEach(t -> out.put(t.taskId(), t.priorityWeight()));
    return out;
  }
}
