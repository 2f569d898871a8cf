package io.aloft.runtime.web;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.Users;
import io.javalin.Javalin;
import java.time.Clock;

/** Registers the UI's pages and their JSON helpers; every page reads and changes things through the services. */
final class UiPages {

  private final Application app;
  private final Users users;
  private final Clock clock;

  UiPages(Application app, Clock clock) {
    this.app = app;
    this.users = app.users();
    this.clock = clock;
  }

  void register(Javalin javalin) {
    DagPage dag = new DagPage(app, users);
    DagListPage list = new DagListPage(app, users);
    TriggerPage triggerPage = new TriggerPage(app, users, dag);
    RunPage run = new RunPage(app, users, dag, clock);
    PoolsPage pools = new PoolsPage(app, users);
    UiJson json = new UiJson(app, dag);
    javalin.get("/", ctx -> ctx.redirect("/home"));
    javalin.get("/home", list::render);
    javalin.get("/dags/{dag_id}", ctx -> ctx.redirect("/dags/" + Format.seg(ctx.pathParam("dag_id")) + "/grid"));
    javalin.get("/dags/{dag_id}/grid", dag::grid);
    javalin.get("/dags/{dag_id}/graph", dag::graph);
    javalin.get("/dags/{dag_id}/code", dag::code);
    javalin.get("/dags/{dag_id}/trigger", triggerPage::show);
    javalin.post("/dags/{dag_id}/trigger", triggerPage::submit);
    javalin.get("/dags/{dag_id}/runs/{run_id}", run::render);
    DagDeletePage delete = new DagDeletePage(app, dag);
    javalin.get("/dags/{dag_id}/delete", delete::confirm);
    javalin.post("/dags/{dag_id}/delete", delete::delete);
    RunActions actions = new RunActions(app, dag);
    javalin.get("/dags/{dag_id}/runs/{run_id}/clear", actions::confirmClear);
    javalin.post("/dags/{dag_id}/runs/{run_id}/clear", actions::applyClear);
    javalin.get("/dags/{dag_id}/runs/{run_id}/mark", actions::confirmMark);
    javalin.post("/dags/{dag_id}/runs/{run_id}/mark", actions::applyMark);
    javalin.post("/dags/{dag_id}/runs/{run_id}/state", actions::setRunState);
    javalin.post("/dags/{dag_id}/runs/{run_id}/note", actions::setRunNote);
    javalin.post("/dags/{dag_id}/runs/{run_id}/task-note", actions::setTaskNote);
    TaskInstancePage ti = new TaskInstancePage(app, dag);
    javalin.get("/dags/{dag_id}/runs/{run_id}/tasks/{task_id}", ti::render);
    javalin.get("/dags/{dag_id}/runs/{run_id}/tasks/{task_id}/actions", ti::actionsFragment);
    javalin.get("/pools", pools::render);
    javalin.post("/pools", pools::save);
    javalin.post("/pools/{pool_name}", pools::save);
    javalin.post("/pools/{pool_name}/delete", pools::delete);
    javalin.get("/workers", new WorkersPage(app, users)::render);
    VariablesPage variables = new VariablesPage(app, users);
    javalin.get("/variables", variables::render);
    javalin.post("/variables", variables::save);
    javalin.post("/variables/delete", variables::delete);
    ConnectionsPage connections = new ConnectionsPage(app, users);
    javalin.get("/connections", connections::render);
    javalin.post("/connections", connections::add);
    javalin.post("/connections/edit", connections::edit);
    javalin.post("/connections/delete", connections::delete);
    javalin.post("/connections/test", connections::test);
    javalin.get("/events", new EventsPage(app, users)::render);
    javalin.get("/datasets", new DatasetsPage(app, users)::render);
    javalin.get("/import-errors", new ImportErrorsPage(app, users)::render);
    javalin.get("/ui/dags/{dag_id}/grid", json::grid);
    javalin.get("/ui/dags/{dag_id}/runs/{run_id}/states", json::runStates);
  }
}
