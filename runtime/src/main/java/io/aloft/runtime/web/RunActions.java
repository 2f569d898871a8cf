package io.aloft.runtime.web;

import static io.aloft.runtime.web.Format.seg;

import io.aloft.runtime.api.ApiException;
import io.aloft.runtime.api.Callers;
import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.ClearRequest;
import io.aloft.runtime.app.MarkRequest;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.DagRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TiKey;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The run page's actions: clear and mark task instances (each first a confirmation page listing exactly the instances
 * that will change, from the services' dry run; applied on confirm), mark the whole run success or failed, and the
 * notes of the run and its task instances. An action names one task ({@code task}), and optionally one of its mapped
 * instances ({@code map_index}); {@code back} says where the user came from and returns to afterwards: {@code grid}
 * (the DAG's grid), {@code ti} (the task-instance page) or, by default, the run page. Every change goes through {@link UiAccess#requireChange} and then the application layer, which records
 * it in the audit log. Stateless; safe from any thread.
 */
final class RunActions {

  /**
   * What {@code confirm.jte} shows: what will happen, the instances it touches, and a form posting {@code fields} to
   * {@code action}; {@code error} (null if none) is why the request cannot be done.
   */
  record Confirm(Frame frame, DagPage.Header header, String title, String explanation, String action,
      List<Field> fields, List<Line> instances, String submitLabel, String cancelHref, String error) {}

  /** A hidden field of the confirmation form: the options the user picked, posted back unchanged. */
  record Field(String name, String value) {}

  /** An instance that will change, with its state now. */
  record Line(String runId, String task, String state) {}

  /** The options of the clear and mark dialogs, as Airflow's have them. */
  private static final List<String> CLEAR_OPTIONS = List.of("past", "future", "upstream", "downstream", "only_failed");
  private static final List<String> MARK_OPTIONS = List.of("past", "future", "upstream", "downstream");

  private final Application app;
  private final DagPage dagPage;

  RunActions(Application app, DagPage dagPage) {
    this.app = app;
    this.dagPage = dagPage;
  }

  /** GET: the dry run of a clear, shown for confirmation. */
  void confirmClear(Context ctx) {
    clear(ctx, true);
  }

  /** POST: the clear itself; back to the run page, where the cleared instances run again. */
  void applyClear(Context ctx) {
    UiAccess.requireChange(ctx);
    clear(ctx, false);
  }

  /** GET: the dry run of a mark, shown for confirmation. */
  void confirmMark(Context ctx) {
    mark(ctx, true);
  }

  /** POST: the mark itself. */
  void applyMark(Context ctx) {
    UiAccess.requireChange(ctx);
    mark(ctx, false);
  }

  /** POST {@code state=success|failed}: marks the whole run as Airflow's "Mark run as" does. */
  void setRunState(Context ctx) {
    UiAccess.requireChange(ctx);
    DagRow d = dagPage.dag(ctx);
    String runId = ctx.pathParam("run_id");
    String state = String.valueOf(ctx.formParam("state"));
    RunState target = switch (state) {
      case "success" -> RunState.SUCCESS;
      case "failed" -> RunState.FAILED;
      default -> throw ApiException.badRequest("A run can be marked success or failed, not '" + state + "'.");
    };
    try {
      app.runs().setState(Callers.of(ctx), d.dagId(), runId, target);
    } catch (NoSuchElementException e) {
      throw ApiException.notFound("DAG run not found", "DAG '" + d.dagId() + "' has no run '" + runId + "'.");
    }
    ctx.redirect(runHref(d.dagId(), runId));
  }

  /** POST {@code note}: sets (empty: removes) the run's note. */
  void setRunNote(Context ctx) {
    UiAccess.requireChange(ctx);
    DagRow d = dagPage.dag(ctx);
    String runId = ctx.pathParam("run_id");
    String note = ctx.formParam("note");
    try {
      app.runs().setNote(Callers.of(ctx), d.dagId(), runId, note == null ? null : note.strip());
    } catch (NoSuchElementException e) {
      throw ApiException.notFound("DAG run not found", "DAG '" + d.dagId() + "' has no run '" + runId + "'.");
    }
    ctx.redirect(runHref(d.dagId(), runId));
  }

  /** POST {@code task}, {@code map_index}, {@code note}: sets (empty: removes) a task instance's note. */
  void setTaskNote(Context ctx) {
    UiAccess.requireChange(ctx);
    DagRow d = dagPage.dag(ctx);
    String runId = ctx.pathParam("run_id");
    String task = param(ctx, "task");
    int mapIndex;
    try {
      mapIndex = Integer.parseInt(String.valueOf(param(ctx, "map_index")).strip());
    } catch (NumberFormatException e) {
      mapIndex = -1;
    }
    String note = ctx.formParam("note");
    try {
      app.taskInstances().setNote(Callers.of(ctx), new TiKey(d.dagId(), runId, task, mapIndex), note == null ? null : note.strip());
    } catch (NoSuchElementException e) {
      throw ApiException.notFound("Task instance not found", e.getMessage() + ".");
    }
    ctx.redirect(backHref(ctx, d.dagId(), runId, task));
  }

  private void clear(Context ctx, boolean dryRun) {
    DagRow d = dagPage.dag(ctx);
    String runId = ctx.pathParam("run_id");
    String task = param(ctx, "task");
    Integer mapIndex = mapIndex(ctx);
    ClearRequest r = new ClearRequest(d.dagId(), List.of(new ClearRequest.TaskRef(task, mapIndex)), null, runId, null, null,
        flag(ctx, "only_failed"), false, flag(ctx, "upstream"), flag(ctx, "downstream"), flag(ctx, "future"),
        flag(ctx, "past"), true, dryRun);
    String title = "Clear " + label(task, mapIndex);
    try {
      List<TaskInstanceRow> tis = app.taskInstances().clear(Callers.of(ctx), r);
      if (dryRun) {
        confirm(ctx, d, runId, title, "These task instances will be cleared: their state reset so that they run again,"
            + " with a new try (the old tries' logs are kept), and their runs queued again.", "clear", task, null,
            CLEAR_OPTIONS, tis, "Clear", null);
      } else {
        ctx.redirect(backHref(ctx, d.dagId(), runId, task));
      }
    } catch (IllegalArgumentException | NoSuchElementException e) {
      confirm(ctx, d, runId, title, "", "clear", task, null, CLEAR_OPTIONS, List.of(), "Clear", e.getMessage());
    }
  }

  private void mark(Context ctx, boolean dryRun) {
    DagRow d = dagPage.dag(ctx);
    String runId = ctx.pathParam("run_id");
    String task = param(ctx, "task");
    String state = String.valueOf(param(ctx, "state"));
    Integer mapIndex = mapIndex(ctx);
    TaskState target = switch (state) {
      case "success" -> TaskState.SUCCESS;
      case "failed" -> TaskState.FAILED;
      default -> null;
    };
    String title = "Mark " + label(task, mapIndex) + " " + state;
    if (target == null) {
      confirm(ctx, d, runId, title, "", "mark", task, state, MARK_OPTIONS, List.of(), "Mark",
          "A task instance can be marked success or failed here, not '" + state + "'.");
      return;
    }
    MarkRequest r = new MarkRequest(d.dagId(), runId, List.of(new ClearRequest.TaskRef(task, mapIndex)), target,
        flag(ctx, "upstream"), flag(ctx, "downstream"), flag(ctx, "future"), flag(ctx, "past"), dryRun);
    try {
      List<TaskInstanceRow> tis = app.taskInstances().mark(Callers.of(ctx), r);
      if (dryRun) {
        confirm(ctx, d, runId, title, "These task instances will be marked " + state + "; a running one is stopped.",
            "mark", task, state, MARK_OPTIONS, tis, "Mark " + state, null);
      } else {
        ctx.redirect(backHref(ctx, d.dagId(), runId, task));
      }
    } catch (IllegalArgumentException | NoSuchElementException e) {
      confirm(ctx, d, runId, title, "", "mark", task, state, MARK_OPTIONS, List.of(), "Mark", e.getMessage());
    }
  }

  private void confirm(Context ctx, DagRow d, String runId, String title, String explanation, String verb, String task,
      String state, List<String> options, List<TaskInstanceRow> tis, String submit, String error) {
    List<Field> fields = new ArrayList<>();
    fields.add(new Field("task", task));
    if (state != null) {
      fields.add(new Field("state", state));
    }
    Integer mapIndex = mapIndex(ctx);
    if (mapIndex != null) {
      fields.add(new Field("map_index", mapIndex.toString()));
    }
    String back = param(ctx, "back");
    if (back != null) {
      fields.add(new Field("back", back));
    }
    for (String o : options) {
      if (flag(ctx, o)) {
        fields.add(new Field(o, "true"));
      }
    }
    List<Line> lines = tis.stream().map(t -> new Line(t.runId(),
        t.taskId() + (t.mapIndex() >= 0 ? " [" + t.mapIndex() + "]" : ""), t.state().dbName())).toList();
    String base = runHref(d.dagId(), runId);
    Templates.page(ctx, error == null ? 200 : 400, "confirm.jte", new Confirm(dagPage.frame(ctx, title),
        dagPage.header(ctx, d, "run"), title, explanation, base + "/" + verb, fields, lines, submit,
        backHref(ctx, d.dagId(), runId, task), error));
  }

  /** Where the user returns after an action or its cancel: see {@code back} in the class comment. */
  private static String backHref(Context ctx, String dagId, String runId, String task) {
    String back = param(ctx, "back");
    if ("grid".equals(back)) {
      return "/dags/" + seg(dagId) + "/grid";
    }
    if ("ti".equals(back)) {
      Integer mapIndex = mapIndex(ctx);
      return TaskInstancePage.href(dagId, runId, task, mapIndex == null ? -1 : mapIndex);
    }
    return runHref(dagId, runId);
  }

  /** The mapped instance an action is for ({@code map_index}), or null for the task's every instance. */
  private static Integer mapIndex(Context ctx) {
    String v = param(ctx, "map_index");
    if (v == null) {
      return null;
    }
    try {
      int i = Integer.parseInt(v.strip());
      return i < 0 ? null : i;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("map_index must be a whole number (0, 1, ...), not '" + v + "'.");
    }
  }

  private static String label(String task, Integer mapIndex) {
    return mapIndex == null ? task : task + " [" + mapIndex + "]";
  }

  private static String runHref(String dagId, String runId) {
    return "/dags/" + seg(dagId) + "/runs/" + seg(runId);
  }

  /** A form field on POST, a query parameter on GET. */
  private static String param(Context ctx, String name) {
    String v = ctx.formParam(name);
    if (v == null) {
      v = ctx.queryParam(name);
    }
    if (v == null || v.isBlank()) {
      if ("task".equals(name)) {
        throw ApiException.badRequest("Name the task instance: add ?task=<task_id>.");
      }
      return null;
    }
    return v;
  }

  /** An HTML checkbox: present ("on", "true") means yes. */
  private static boolean flag(Context ctx, String name) {
    String v = param(ctx, name);
    return v != null && !"false".equalsIgnoreCase(v);
  }
}
