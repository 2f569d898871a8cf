package io.aloft.runtime.web;

import io.aloft.runtime.api.Callers;
import io.aloft.runtime.app.Application;
import io.aloft.runtime.scheduler.UnknownDagException;
import io.aloft.runtime.store.DagRow;
import io.javalin.http.Context;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Deleting a DAG from the UI ({@code /dags/{dag_id}/delete}): a confirmation page first, which says what goes (the
 * DAG's runs, task instances, XCom and its row) and, as in Airflow, that a DAG whose file still exists comes back on
 * the next parse, without its history. The delete itself is {@link io.aloft.runtime.app.Dags#delete}, which checks the
 * permission and records it in the audit log. Stateless; safe from any thread.
 */
final class DagDeletePage {

  /**
   * What {@code dagDelete.jte} shows; {@code fileExists} whether the DAG's file is still there (it comes back), {@code
   * error} (null if none) why the delete was refused.
   */
  record View(Frame frame, DagPage.Header header, String dagId, String fileloc, boolean fileExists, String error) {}

  private final Application app;
  private final DagPage dagPage;

  DagDeletePage(Application app, DagPage dagPage) {
    this.app = app;
    this.dagPage = dagPage;
  }

  /** GET: the confirmation. */
  void confirm(Context ctx) {
    UiAccess.requireChange(ctx);
    render(ctx, dagPage.dag(ctx), null, 200);
  }

  /** POST: deletes, then back to the DAG list. */
  void delete(Context ctx) {
    UiAccess.requireChange(ctx);
    DagRow d = dagPage.dag(ctx);
    try {
      app.dags().delete(Callers.of(ctx), d.dagId());
    } catch (IllegalStateException e) {
      render(ctx, d, e.getMessage() + ".", 409);
      return;
    } catch (UnknownDagException e) {
      // deleted meanwhile (by another user or the API): what was asked is done
    }
    ctx.redirect("/home");
  }

  private void render(Context ctx, DagRow d, String error, int status) {
    boolean exists = d.fileloc() != null && Files.exists(Path.of(d.fileloc()));
    Templates.page(ctx, status, "dagDelete.jte", new View(dagPage.frame(ctx, "Delete " + d.dagId()),
        dagPage.header(ctx, d, "delete"), d.dagId(), d.fileloc(), exists, error));
  }
}
