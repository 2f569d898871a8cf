package io.aloft.runtime.api;

import io.javalin.Javalin;

/**
 * Airflow's stable REST API ({@code /api/v1}) over the store: one resource class per Airflow resource.
 * Authentication is the web server's job; every handler here may assume a logged-in user.
 */
public final class RestApi {

  public static final String BASE = "/api/v1";

  private final ApiContext api;

  public RestApi(ApiContext api) {
    this.api = api;
  }

  public void register(Javalin app) {
    new DagsResource(api).register(app, BASE);
    new DagRunsResource(api).register(app, BASE);
    new TaskInstancesResource(api).register(app, BASE);
    new PoolsResource(api).register(app, BASE);
    new VariablesResource(api).register(app, BASE);
    new ImportErrorsResource(api).register(app, BASE);
    new MonitorResource(api).register(app, BASE);
    new ModelsResource(new io.aloft.runtime.store.ModelRegistryStore(api.stores().jdbi())).register(app, BASE);
  }

  /** The health document, also served at {@code /health}. */
  public void health(io.javalin.http.Context ctx) {
    new MonitorResource(api).health(ctx);
  }
}
