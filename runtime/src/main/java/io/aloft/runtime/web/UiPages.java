package io.aloft.runtime.web;

import io.aloft.runtime.scheduler.RunTrigger;
import io.aloft.runtime.store.Stores;
import io.javalin.Javalin;
import java.time.Clock;

/** Registers the UI's pages and their JSON helpers. */
final class UiPages {

  private final Stores stores;
  private final Users users;
  private final RunTrigger trigger;
  private final Clock clock;

  UiPages(Stores stores, Users users, RunTrigger trigger, Clock clock) {
    this.stores = stores;
    this.users = users;
    this.trigger = trigger;
    this.clock = clock;
  }

  void register(Javalin app) {
    DagPage dag = new DagPage(stores, users);
    DagListPage list = new DagListPage(stores, users);
    TriggerPage triggerPage = new TriggerPage(stores, users, trigger, dag);
    RunPage run = new RunPage(stores, users, dag, clock);
    PoolsPage pools = new PoolsPage(stores, users);
    UiJson json = new UiJson(stores, dag);
    app.get("/", ctx -> ctx.redirect("/home"));
    app.get("/home", list::render);
    app.get("/dags/{dag_id}", ctx -> ctx.redirect("/dags/" + Html.seg(ctx.pathParam("dag_id")) + "/grid"));
    app.get("/dags/{dag_id}/grid", dag::grid);
    app.get("/dags/{dag_id}/graph", dag::graph);
    app.get("/dags/{dag_id}/code", dag::code);
    app.get("/dags/{dag_id}/trigger", triggerPage::show);
    app.post("/dags/{dag_id}/trigger", triggerPage::submit);
    app.get("/dags/{dag_id}/runs/{run_id}", run::render);
    app.get("/pools", pools::render);
    app.post("/pools", pools::save);
    app.post("/pools/{pool_name}", pools::save);
    app.post("/pools/{pool_name}/delete", pools::delete);
    app.get("/import-errors", new ImportErrorsPage(stores, users)::render);
    app.get("/models", new ModelsPage(new io.aloft.runtime.store.ModelRegistryStore(stores.jdbi()), users)::render);
    app.get("/ui/dags/{dag_id}/grid", json::grid);
    app.get("/ui/dags/{dag_id}/runs/{run_id}/states", json::runStates);
  }
}
