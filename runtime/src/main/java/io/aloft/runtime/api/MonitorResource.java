package io.aloft.runtime.api;

import io.aloft.runtime.app.Application;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code /health} (no login needed) and {@code /version}. */
final class MonitorResource {

  /** The Airflow API version whose shapes this API follows; clients check it. */
  static final String AIRFLOW_VERSION = "2.10.5";

  private static final Duration SCHEDULER_STALE = Duration.ofSeconds(30);

  private final Application app;

  MonitorResource(Application app) {
    this.app = app;
  }

  void register(Javalin javalin, String base) {
    javalin.get(base + "/health", this::health);
    javalin.get(base + "/version", ctx -> ctx.json(Map.of("version", AIRFLOW_VERSION, "git_version", "aloft-" + aloftVersion())));
  }

  void health(Context ctx) {
    Map<String, Object> out = new LinkedHashMap<>();
    String db = app.health().databaseHealthy() ? "healthy" : "unhealthy";
    out.put("metadatabase", Map.of("status", db));
    Optional<Instant> beat = app.health().schedulerHeartbeat();
    Map<String, Object> sched = new LinkedHashMap<>();
    sched.put("status", beat.map(b -> b.isAfter(Instant.now().minus(SCHEDULER_STALE)) ? "healthy" : "unhealthy").orElse(null));
    sched.put("latest_scheduler_heartbeat", beat.map(ApiJson::date).orElse(null));
    out.put("scheduler", sched);
    // As Airflow 2.10's: null status when no triggerer ever ran.
    Optional<Instant> triggerer = app.health().triggererHeartbeat();
    Map<String, Object> trig = new LinkedHashMap<>();
    trig.put("status", triggerer.map(b -> b.isAfter(Instant.now().minus(SCHEDULER_STALE)) ? "healthy" : "unhealthy").orElse(null));
    trig.put("latest_triggerer_heartbeat", triggerer.map(ApiJson::date).orElse(null));
    out.put("triggerer", trig);
    ctx.json(out);
  }

  static String aloftVersion() {
    String v = MonitorResource.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
