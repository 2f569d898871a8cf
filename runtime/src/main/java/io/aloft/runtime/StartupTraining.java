package io.aloft.runtime;

import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.store.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;

/**
 * The workload the launcher records a JVM ahead-of-time cache from ({@code -XX:AOTCacheOutput}, JDK 25+):
 * {@code aloft standalone} as a user starts it — embedded PostgreSQL, plugins, GraalPy contexts, the shipped
 * DAG files parsed, the web server — then one run of a small DAG with a Bash, a Python and an empty task
 * triggered and watched through the REST API, the UI's first page, and exit. The JVM writes the classes it
 * loaded and linked into the cache as it exits; later starts map them instead of loading, verifying and
 * linking GraalPy's and the runtime's classes again (the bulk of a cold start on a stock JDK). The Python
 * bytecode compiled on the way stays in the shared cache folder ({@code AloftConfig#cacheFolder}), as
 * Debian compiles a Python package's bytecode when it installs it, and so does an initialised PostgreSQL
 * cluster that a new data directory copies instead of running {@code initdb}.
 *
 * <p>Everything else happens in a temporary folder that is deleted afterwards; the user's data is never
 * touched.
 *
 * <pre>{@code
 * java -XX:AOTCacheOutput=aloft.aot -cp ... io.aloft.runtime.StartupTraining dags/
 * }</pre>
 */
public final class StartupTraining {

  static final String DAG_ID = "aloft_startup_training";

  private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"(\\w+)\"");
  private static final Pattern RUN_ID = Pattern.compile("\"dag_run_id\"\\s*:\\s*\"([^\"]+)\"");

  private StartupTraining() {}

  /** {@code args[0]}: the DAG files to parse besides the training DAG (the shipped {@code dags/}). Exits 0 on success. */
  public static void main(String[] args) {
    int code;
    try {
      long started = System.nanoTime();
      String runId = train(args.length > 0 ? Path.of(args[0]) : null);
      System.out.printf("aloft: start-up training done: %s run %s succeeded, %.1f s%n", DAG_ID, runId,
          (System.nanoTime() - started) / 1e9);
      code = 0;
    } catch (Exception e) {
      System.err.println("aloft: start-up training failed: " + e);
      code = 1;
    }
    // Standalone stops in its shutdown hook; the JVM writes the cache after it.
    System.exit(code);
  }

  /**
   * Runs the workload and returns the training run's id. Leaves the standalone daemon running: the caller
   * ends the JVM (its shutdown hook stops the daemon and the embedded database).
   */
  static String train(Path dagsToParse) throws Exception {
    Path work = Files.createTempDirectory("aloft-training-");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> FileUtils.deleteQuietly(work.toFile()), "aloft-training-cleanup"));
    Path dags = Files.createDirectories(work.resolve("dags"));
    if (dagsToParse != null && Files.isDirectory(dagsToParse)) {
      try (Stream<Path> files = Files.list(dagsToParse)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".py")).toList()) {
          Files.copy(f, dags.resolve(f.getFileName()));
        }
      }
    }
    Files.writeString(dags.resolve(DAG_ID + ".py"), trainingDag(), StandardCharsets.UTF_8);

    int port = freePort();
    Path home = work.resolve("home");
    // None of the user's settings (their database above all) but the plugins to load, the Docker engine and
    // the shared cache, where the bytecode compiled now is kept for the user's daemon.
    Set<String> kept = Set.of("ALOFT_BUNDLED_PLUGINS", "ALOFT_DOCKER_HOST", "ALOFT_CACHE_FOLDER");
    AloftConfig config = ConfigLoader.fromEnvironment(env -> {
      env.keySet().removeIf(k -> k.startsWith("ALOFT_") && !kept.contains(k));
      env.put("ALOFT_HOME", home.toString());
      env.put("ALOFT_DAGS_FOLDER", dags.toString());
      env.put("ALOFT_PORT", Integer.toString(port));
      // Only the training DAG runs: the shipped DAGs' schedules stay off.
      env.put("ALOFT_DAGS_ARE_PAUSED_AT_CREATION", "true");
      return env;
    });

    StringWriter output = new StringWriter();
    PrintWriter out = new PrintWriter(output, true);
    Thread daemon = Thread.ofPlatform().name("aloft-training-standalone").daemon().start(
        () -> Main.run(config, new String[] {"standalone"}, out, out));

    Api api = new Api("http://localhost:" + port);
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (api.status("/health") != 200) {
      if (!daemon.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the daemon did not come up: " + output);
      }
      Thread.sleep(50);
    }
    // The first pass over the DAGs folder runs behind the web server: the training DAG is there once it answers.
    while (api.status("/api/v1/dags/" + DAG_ID) != 200) {
      if (!daemon.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the daemon did not load the training DAG: " + output);
      }
      Thread.sleep(50);
    }
    api.get("/home");
    api.get("/api/v1/dags");
    String run = api.post("/api/v1/dags/" + DAG_ID + "/dagRuns", "{\"conf\": {\"who\": \"training\"}}");
    Matcher id = RUN_ID.matcher(run);
    if (!id.find()) {
      throw new IllegalStateException("cannot trigger the training DAG: " + run);
    }
    String path = "/api/v1/dags/" + DAG_ID + "/dagRuns/" + URLEncoder.encode(id.group(1), StandardCharsets.UTF_8);
    String state = "queued";
    while (!state.equals("success")) {
      if (state.equals("failed") || System.nanoTime() > deadline) {
        throw new IllegalStateException("the training run ended " + state + ": " + output);
      }
      Thread.sleep(20);
      Matcher m = STATE.matcher(api.get(path));
      state = m.find() ? m.group(1) : state;
    }
    api.get(path + "/taskInstances");
    api.get("/dags/" + DAG_ID + "/grid");
    api.get("/api/v1/importErrors");
    // A new data directory's embedded PostgreSQL copies this instead of running initdb.
    Database.prepareTemplate(config.cacheFolder());
    return id.group(1);
  }

  private static String trainingDag() {
    return String.join("\n",
        "from datetime import datetime",
        "from airflow import DAG",
        "from airflow.decorators import task",
        "from airflow.operators.bash import BashOperator",
        "from airflow.operators.empty import EmptyOperator",
        "",
        "with DAG('" + DAG_ID + "', start_date=datetime(2024, 1, 1), schedule=None, catchup=False) as dag:",
        "    @task",
        "    def add(x, **context):",
        "        return x + len(context['dag_run'].conf.get('who', ''))",
        "",
        "    start = EmptyOperator(task_id='start')",
        "    say = BashOperator(task_id='say', bash_command='echo {{ ds }} {{ dag_run.conf.get(\"who\") }}')",
        "    start >> say >> add(1)",
        "");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The REST calls, as airflow/airflow (the default user standalone creates). */
  private record Api(String base, HttpClient http, String auth) {
    Api(String base) {
      this(base, HttpClient.newHttpClient(),
          "Basic " + Base64.getEncoder().encodeToString("airflow:airflow".getBytes(StandardCharsets.UTF_8)));
    }

    int status(String path) {
      try {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET()).statusCode();
      } catch (IOException e) {
        return -1;
      }
    }

    String get(String path) throws IOException {
      return body(send(HttpRequest.newBuilder(URI.create(base + path)).GET()), path);
    }

    String post(String path, String json) throws IOException {
      return body(send(HttpRequest.newBuilder(URI.create(base + path))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json))), path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
      try {
        return http.send(request.header("Authorization", auth).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }

    private static String body(HttpResponse<String> response, String path) {
      if (response.statusCode() >= 400) {
        throw new IllegalStateException("GET/POST " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    }
  }
}
