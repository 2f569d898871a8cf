package io.aloft.runtime.execution.template;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What one task try's templates can see: the run's dates, ids, conf and params, and the XCom and
 * Variable and connection sources. Dates are instants; templates show them in UTC as Airflow does.
 *
 * <p>{@code params} are the DAG's params (validated, defaults applied); {@code conf} is the run's conf,
 * which overrides params in templates (Airflow's {@code dag_run_conf_overrides_params}).
 */
public record TemplateContext(
    String dagId,
    String taskId,
    String operator,
    String runId,
    String runType,
    int tryNumber,
    int mapIndex,
    Instant logicalDate,
    Instant dataIntervalStart,
    Instant dataIntervalEnd,
    Map<String, Object> conf,
    Map<String, Object> params,
    XComSource xcoms,
    VariableSource variables,
    ConnectionSource connections,
    Map<String, Object> datasetEvents) {

  public TemplateContext {
    Objects.requireNonNull(dagId, "dagId");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(logicalDate, "logicalDate");
    runType = runType == null ? "manual" : runType;
    dataIntervalStart = dataIntervalStart == null ? logicalDate : dataIntervalStart;
    dataIntervalEnd = dataIntervalEnd == null ? dataIntervalStart : dataIntervalEnd;
    conf = conf == null ? Map.of() : conf;
    params = params == null ? Map.of() : params;
    xcoms = xcoms == null ? XComSource.none() : xcoms;
    variables = variables == null ? VariableSource.none() : variables;
    connections = connections == null ? ConnectionSource.none() : connections;
    datasetEvents = datasetEvents == null ? Map.of() : datasetEvents;
  }

  /** A context with the required ids and dates; set the rest with the {@code with*} methods. */
  public static TemplateContext of(String dagId, String taskId, String runId, Instant logicalDate) {
    return new TemplateContext(
        dagId, taskId, null, runId, null, 1, -1, logicalDate, null, null, null, null, null, null, null, null);
  }

  public TemplateContext withTry(int tryNumber, int mapIndex) {
    return new TemplateContext(dagId, taskId, operator, runId, runType, tryNumber, mapIndex,
        logicalDate, dataIntervalStart, dataIntervalEnd, conf, params, xcoms, variables, connections, datasetEvents);
  }

  public TemplateContext withRun(String runType, Instant dataIntervalStart, Instant dataIntervalEnd) {
    return new TemplateContext(dagId, taskId, operator, runId, runType, tryNumber, mapIndex,
        logicalDate, dataIntervalStart, dataIntervalEnd, conf, params, xcoms, variables, connections, datasetEvents);
  }

  public TemplateContext withConfAndParams(Map<String, Object> conf, Map<String, Object> params) {
    return new TemplateContext(dagId, taskId, operator, runId, runType, tryNumber, mapIndex,
        logicalDate, dataIntervalStart, dataIntervalEnd, conf, params, xcoms, variables, connections, datasetEvents);
  }

  public TemplateContext withSources(XComSource xcoms, VariableSource variables) {
    return new TemplateContext(dagId, taskId, operator, runId, runType, tryNumber, mapIndex,
        logicalDate, dataIntervalStart, dataIntervalEnd, conf, params, xcoms, variables, connections, datasetEvents);
  }

  /** The same context reading {@code conn.<id>} from {@code connections}. */
  public TemplateContext withConnections(ConnectionSource connections) {
    return new TemplateContext(dagId, taskId, operator, runId, runType, tryNumber, mapIndex,
        logicalDate, dataIntervalStart, dataIntervalEnd, conf, params, xcoms, variables, connections, datasetEvents);
  }

  public TemplateContext withOperator(String operator) {
    return new TemplateContext(dagId, taskId, operator, runId, runType, tryNumber, mapIndex,
        logicalDate, dataIntervalStart, dataIntervalEnd, conf, params, xcoms, variables, connections, datasetEvents);
  }

  /**
   * The same context with the dataset events templates see by name: {@code triggering_dataset_events} (and
   * {@code triggering_asset_events}) and {@code inlet_events}, each a map from dataset URI to its events.
   */
  public TemplateContext withDatasetEvents(Map<String, Object> datasetEvents) {
    return new TemplateContext(dagId, taskId, operator, runId, runType, tryNumber, mapIndex,
        logicalDate, dataIntervalStart, dataIntervalEnd, conf, params, xcoms, variables, connections, datasetEvents);
  }
}
