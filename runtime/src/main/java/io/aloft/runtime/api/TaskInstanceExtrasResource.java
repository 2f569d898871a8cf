package io.aloft.runtime.api;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TiKey;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rest of the task-instance and run reads: one mapped task instance ({@code .../{task_id}/{map_index}}), a
 * task instance's extra links, and a run's upstream dataset events. Registered after every other task-instance
 * route, because {@code {map_index}} would otherwise take {@code tries}, {@code links} and the like for an index.
 */
final class TaskInstanceExtrasResource {

  private final Application app;

  TaskInstanceExtrasResource(Application app) {
    this.app = app;
  }

  void register(Javalin javalin, String base) {
    String tis = base + "/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances";
    javalin.get(tis + "/{task_id}/links", this::links);
    javalin.get(base + "/dags/{dag_id}/dagRuns/{dag_run_id}/upstreamDatasetEvents", this::upstream);
    javalin.get(tis + "/{task_id}/{map_index}", this::mapped);
  }

  private void mapped(Context ctx) {
    int mapIndex;
    try {
      mapIndex = Integer.parseInt(ctx.pathParam("map_index"));
    } catch (NumberFormatException e) {
      throw ApiException.notFound("Not Found", "no API endpoint " + ctx.method() + " " + ctx.path());
    }
    DagRunRow run = DagRunsResource.run(app, ctx);
    ctx.json(TaskInstancesResource.withRendered(app, ti(ctx, run, mapIndex), run));
  }

  /**
   * Airflow's answer is an object from link name to URL (null when the link has no target for this try): the operator
   * extra links that {@link io.aloft.runtime.app.TaskInstances#extraLinks} knows (TriggerDagRunOperator's "Triggered
   * DAG"); an empty object for operators without any.
   */
  private void links(Context ctx) {
    DagRunRow run = DagRunsResource.run(app, ctx);
    TaskInstanceRow ti = ti(ctx, run, Paging.intParam(ctx, "map_index", -1));
    ctx.json(app.taskInstances().extraLinks(ti));
  }

  private void upstream(Context ctx) {
    DagRunRow run = DagRunsResource.run(app, ctx);
    List<Map<String, Object>> events =
        DatasetsResource.eventsJson(app, app.datasets().triggeringEvents(run.id()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("dataset_events", events);
    out.put("total_entries", events.size());
    ctx.json(out);
  }

  private TaskInstanceRow ti(Context ctx, DagRunRow run, int mapIndex) {
    String taskId = ctx.pathParam("task_id");
    return app.taskInstances().get(new TiKey(run.dagId(), run.runId(), taskId, mapIndex)).orElseThrow(
        () -> ApiException.notFound("Task instance not found", "Task instance '" + taskId + "'"
            + (mapIndex >= 0 ? " [" + mapIndex + "]" : "") + " of run '" + run.runId() + "' of DAG '" + run.dagId()
            + "' not found"));
  }
}
