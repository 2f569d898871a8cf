package io.aloft.runtime.api;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.PluginExtensions;
import io.javalin.Javalin;

/**
 * Airflow's stable REST API ({@code /api/v1}) over the application services: one resource class per Airflow
 * resource, each parsing the request, calling one service operation and writing the answer. Authentication is the
 * web server's job; every handler here may assume a logged-in user.
 */
public final class RestApi {

  public static final String BASE = "/api/v1";

  private final Application app;
  private final PluginExtensions extensions;

  public RestApi(Application app, PluginExtensions extensions) {
    this.app = app;
    this.extensions = extensions;
  }

  public void register(Javalin javalin) {
    new DagsResource(app).register(javalin, BASE);
    new DagRunsResource(app).register(javalin, BASE);
    new TaskInstancesResource(app).register(javalin, BASE);
    new TaskInstanceActionsResource(app).register(javalin, BASE);
    new EventLogsResource(app).register(javalin, BASE);
    new DagActionsResource(app).register(javalin, BASE);
    new PoolsResource(app).register(javalin, BASE);
    new VariablesResource(app).register(javalin, BASE);
    new ConnectionsResource(app).register(javalin, BASE);
    new ImportErrorsResource(app).register(javalin, BASE);
    new DatasetsResource(app).register(javalin, BASE);
    new MonitorResource(app).register(javalin, BASE);
    new UsersResource(app).register(javalin, BASE);
    new MetaResource(app, extensions).register(javalin, BASE);
    new TaskInstanceExtrasResource(app).register(javalin, BASE);
    new BackfillsResource(app).register(javalin, BASE);
    new WorkersResource(app).register(javalin, BASE);
    PluginRoutes.register(javalin, BASE, extensions);
  }

  /** The health document, also served at {@code /health}. */
  public void health(io.javalin.http.Context ctx) {
    new MonitorResource(app).health(ctx);
  }
}
