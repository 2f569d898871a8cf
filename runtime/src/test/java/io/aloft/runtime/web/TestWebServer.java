package io.aloft.runtime.web;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.PluginExtensions;
import io.aloft.runtime.app.Runs;
import io.aloft.runtime.app.Users;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.execution.LogFiles;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.ParamSpec;
import io.aloft.runtime.model.Schedule;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.scheduler.InvalidConfException;
import io.aloft.runtime.scheduler.SchedulerSignal;
import io.aloft.runtime.store.Database;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real web server on a free port over a fresh, migrated PostgreSQL database, for API and browser tests.
 * Params are checked by a small test checker: required params, and {@code type} string/integer/boolean.
 */
public final class TestWebServer implements AutoCloseable {

  public final Database db;
  public final Stores stores;
  public final Path home;
  public final Application app;
  public final Users users;
  public final Runs trigger;
  public final LogFiles logs;
  public final WebServer server;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  public TestWebServer() {
    this(null);
  }

  private AloftConfig config;

  TestWebServer(LoginThrottle throttle) {
    this(throttle, Map.of(), TestDatabase.fresh());
  }

  /** @param settings more {@code ALOFT_*} variables of the server's configuration */
  TestWebServer(LoginThrottle throttle, Map<String, String> settings) {
    this(throttle, settings, TestDatabase.fresh());
  }

  /** Over a migrated database of the test's own (one whose server the test stops and starts); closes it. */
  TestWebServer(LoginThrottle throttle, Database db) {
    this(throttle, Map.of(), db);
  }

  private TestWebServer(LoginThrottle throttle, Map<String, String> settings, Database db) {
    try {
      home = Files.createTempDirectory("aloft-web-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.db = db;
    stores = Stores.over(db, 1 << 20, io.aloft.runtime.store.SecretCipher.generate());
    Clock clock = Clock.systemUTC();
    config =
        ConfigLoader.load(withDefaults(settings), home, home);
    logs = new LogFiles(config.logsFolder());
    app = Application.over(config, stores, TestWebServer::checkConf, logs, clock, SchedulerSignal.overDatabase(stores.jdbi()));
    users = app.users();
    trigger = app.runs();
    server =
        throttle == null
            ? new WebServer(config, app, clock, PluginExtensions.none())
            : new WebServer(config, app, clock, PluginExtensions.none(), throttle);
    server.start();
  }

  private Map<String, String> withDefaults(Map<String, String> settings) {
    Map<String, String> env = new java.util.HashMap<>(settings);
    env.put("ALOFT_HOME", home.toString());
    env.put("ALOFT_PORT", "0");
    return env;
  }

  /** The services of another process on the same database (its own caches), as a CLI would build them. */
  public Application otherProcess() {
    return Application.over(config, stores, TestWebServer::checkConf, logs, Clock.systemUTC(),
        SchedulerSignal.overDatabase(stores.jdbi()));
  }

  public String url(String path) {
    return "http://localhost:" + server.port() + path;
  }

  static Map<String, Object> checkConf(DagSpec spec, Map<String, Object> conf) {
    Map<String, Object> effective = new LinkedHashMap<>();
    spec.params().forEach((k, p) -> effective.put(k, p.hasDefault() ? p.defaultValue() : null));
    effective.putAll(conf);
    for (var e : spec.params().entrySet()) {
      Object v = effective.get(e.getKey());
      if (v == null && !e.getValue().hasDefault()) {
        throw new InvalidConfException("param '" + e.getKey() + "' is required");
      }
      Object type = e.getValue().schema().get("type");
      boolean ok =
          v == null
              || !List.of("string", "integer", "boolean").contains(type)
              || ("string".equals(type) && v instanceof String)
              || ("integer".equals(type) && v instanceof Integer)
              || ("boolean".equals(type) && v instanceof Boolean);
      if (!ok) {
        throw new InvalidConfException("param '" + e.getKey() + "' must be of type " + type + ", got " + v);
      }
    }
    return effective;
  }

  /** A DAG whose tasks run in a chain, in the order given. */
  public static DagSpec dag(String dagId, Map<String, ParamSpec> params, String... taskIds) {
    Map<String, List<String>> upstream = new LinkedHashMap<>();
    String previous = null;
    for (String t : taskIds) {
      upstream.put(t, previous == null ? List.of() : List.of(previous));
      previous = t;
    }
    return dag(dagId, params, upstream, Map.of());
  }

  /** A DAG from task id to its upstream task ids (in declaration order), with operator names by task. */
  public static DagSpec dag(
      String dagId, Map<String, ParamSpec> params, Map<String, List<String>> upstream, Map<String, String> operators) {
    List<TaskSpec> tasks = new ArrayList<>();
    upstream.forEach(
        (t, ups) ->
            tasks.add(
                TaskSpec.builder(t, operators.getOrDefault(t, "BashOperator"))
                    .operatorClass("airflow.operators.bash.BashOperator").upstream(ups).retries(1)
                    .templateFields(List.of("bash_command")).args(Map.of("bash_command", "echo " + t)).lineno(10)
                    .build()));
    return new DagSpec(DagSpec.CURRENT_VERSION, dagId, "/dags/" + dagId + ".py", "The " + dagId + " DAG", null,
        new Schedule("cron", "0 0 * * *", null, "@daily"), Instant.parse("2024-01-01T00:00:00Z"), null, "UTC",
        false, 16, 16, null, List.of("example"), null, params, tasks, List.of(), "airflow");
  }

  public static ParamSpec param(Object dflt, String type) {
    return new ParamSpec(dflt, dflt != null, type == null ? Map.of() : Map.of("type", type), null);
  }

  public HttpResponse<String> send(String method, String path, String body, String user, String password) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url(path)))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (user != null) {
      b.header("Authorization",
          "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** As the default user. */
  public HttpResponse<String> api(String method, String path, String body) {
    return send(method, "/api/v1" + path, body, "airflow", "airflow");
  }

  @Override
  public void close() {
    server.stop();
    db.close();
  }
}
