package io.aloft.runtime.web;

import io.aloft.runtime.execution.LogFiles;
import io.aloft.runtime.scheduler.RunTrigger;
import io.aloft.runtime.store.Stores;
import io.javalin.Javalin;
import java.time.Clock;

/** Registers the UI's pages. */
final class UiPages {

  private final Stores stores;
  private final Users users;
  private final RunTrigger trigger;
  private final LogFiles logs;
  private final Clock clock;

  UiPages(Stores stores, Users users, RunTrigger trigger, LogFiles logs, Clock clock) {
    this.stores = stores;
    this.users = users;
    this.trigger = trigger;
    this.logs = logs;
    this.clock = clock;
  }

  void register(Javalin app) {
    app.get("/", ctx -> ctx.redirect("/home"));
  }
}
