package io.aloft.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.Aloft;
import io.aloft.runtime.Daemon;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.store.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Aloft over several processes on one PostgreSQL, as on several machines: an {@code aloft scheduler} and {@code aloft
 * worker}s as separate OS processes, each with its own data directory, and the web server ({@code aloft webserver}'s
 * role) in this JVM with a data directory of its own too, so that every try log it shows was shipped by a worker.
 * A worker SIGKILLed mid-run has its tries retried by the other; 200 tasks on two queues spread over two workers,
 * none run twice. Every wait is generous: on a loaded 2-core machine starting a JVM with GraalPy takes minutes.
 */
class WorkersIT {

  private static final Duration PATIENCE = Duration.ofMinutes(10);
  private final List<Process> children = new ArrayList<>();
  private Path root;

  @AfterEach
  void stopChildren() {
    for (Process p : children) {
      p.destroyForcibly();
    }
  }

  @Test
  void aSchedulerAndTwoWorkersShareTheWorkAndALostWorkersTriesAreRetriedByTheOther() throws Exception {
    root = Files.createTempDirectory("aloft-workers-");
    Path dags = Files.createDirectories(root.resolve("dags"));
    Path marks = root.resolve("marks.txt");
    Files.writeString(dags.resolve("slow.py"), String.join("\n",
        "from datetime import datetime, timedelta",
        "from airflow import DAG",
        "from airflow.operators.bash import BashOperator",
        "with DAG('slow', start_date=datetime(2024, 1, 1), schedule=None,",
        "         default_args={'retries': 1, 'retry_delay': timedelta(seconds=1), 'queue': 'beta'}) as dag:",
        "    for i in range(2):",
        // the first try waits long enough for its worker to be killed; the retry ends at once
        "        BashOperator(task_id=f's_{i}', bash_command='echo started try {{ ti.try_number }}; "
            + "if [ {{ ti.try_number }} = 1 ]; then sleep 600; fi; echo finished')",
        ""));
    Files.writeString(dags.resolve("fanout.py"), String.join("\n",
        "from datetime import datetime",
        "from airflow import DAG",
        "from airflow.operators.bash import BashOperator",
        "with DAG('fanout', start_date=datetime(2024, 1, 1), schedule=None, default_args={'queue': 'beta'}) as dag:",
        "    for i in range(100):",
        "        BashOperator(task_id=f'a_{i}', queue='alpha', bash_command=f'echo ran a_{i} >> " + marks + "')",
        "        BashOperator(task_id=f'b_{i}', bash_command=f'echo ran b_{i} >> " + marks + "')",
        ""));
    String url = TestDatabase.freshUrl();
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    // one fernet key for every process, as on several machines: each decrypts what the others sealed
    Map<String, String> shared = Map.of("ALOFT_DATABASE_URL", url, "ALOFT_DATABASE_USER", "postgres",
        "ALOFT_DAGS_FOLDER", dags.toString(), "ALOFT_PYTHON_CONTEXTS", "1",
        "ALOFT_FERNET_KEY", Base64.getUrlEncoder().encodeToString(key));
    Map<String, String> webEnv = new HashMap<>(shared);
    webEnv.putAll(Map.of("ALOFT_HOME", root.resolve("web").toString(), "ALOFT_PORT", "0", "ALOFT_PYTHON_WORKERS", "0"));
    AloftConfig config = ConfigLoader.load(webEnv, root, root);
    try (Aloft aloft = Aloft.openStore(config);
        Daemon web = Daemon.start(aloft, new Daemon.Options(false, true, false, false, Optional.empty(), 0))) {
      Jdbi db = aloft.stores().jdbi();
      String base = "http://localhost:" + web.web().orElseThrow().port();
      HttpClient http = HttpClient.newHttpClient();

      Map<String, String> schedulerEnv = new HashMap<>(shared);
      // a worker is lost after 10 s without a heartbeat (it beats every 3 s)
      schedulerEnv.put("ALOFT_WORKER_TIMEOUT", "10");
      start("scheduler", schedulerEnv, "scheduler");
      Process b = start("worker-b", shared, "worker", "--queues", "beta", "--concurrency", "4");
      await("worker b registered", () -> running(db).size() == 1);
      String workerB = running(db).get(0);
      await("the DAGs parsed", () -> get(http, base + "/api/v1/dags/slow").statusCode() == 200
          && get(http, base + "/api/v1/dags/fanout").statusCode() == 200);

      // 1. Two long tries on worker b; its log reaches the web server (another data directory) while it runs.
      trigger(http, base, "slow", "r1");
      await("both slow tries running on b", () -> db.withHandle(h -> h.createQuery(
          "SELECT count(*) FROM task_instance WHERE dag_id = 'slow' AND state = 'running' AND hostname = :b")
          .bind("b", workerB).mapTo(Integer.class).one()) == 2);
      await("the running try's log, shipped by b", () -> log(http, base, "slow", "r1", "s_0", 1).contains("started try 1"));

      // 2. Worker a starts; b is killed: a scheduler finds b lost and a retries both tries.
      start("worker-a", shared, "worker", "--queues", "alpha,beta", "--concurrency", "4");
      await("worker a registered", () -> running(db).size() == 2);
      String workerA = running(db).stream().filter(w -> !w.equals(workerB)).findFirst().orElseThrow();
      // SIGKILL, as a machine lost: no goodbye, no end recorded, its tasks' processes gone with it
      List<ProcessHandle> underB = b.descendants().toList();
      b.destroyForcibly().waitFor();
      underB.forEach(ProcessHandle::destroyForcibly);
      await("the slow run succeeded", () -> "success".equals(runState(db, "slow", "r1")));
      List<Map<String, Object>> slowTries = db.withHandle(h -> h.createQuery(
          "SELECT task_id, try_number, hostname FROM task_try WHERE dag_id = 'slow' ORDER BY task_id, try_number")
          .mapToMap().list());
      assertThat(slowTries).extracting(r -> r.get("task_id") + "#" + r.get("try_number") + "@" + r.get("hostname"))
          .containsExactly("s_0#1@" + workerB, "s_0#2@" + workerA, "s_1#1@" + workerB, "s_1#2@" + workerA);
      String stateOfB = db.withHandle(h -> h.createQuery("SELECT state FROM worker WHERE id = :b").bind("b", workerB)
          .mapTo(String.class).one());
      assertThat(stateOfB).isEqualTo("lost");
      assertThat(log(http, base, "slow", "r1", "s_0", 1)).as("the lost try's log, as far as b shipped it")
          .contains("started try 1");
      // a worker ships a log within seconds of the try's end, not in the try's end transaction
      await("the retry's log, shipped by a", () -> log(http, base, "slow", "r1", "s_1", 2).contains("finished"));
      assertThat(log(http, base, "slow", "r1", "s_1", 2)).contains("started try 2");

      // 3. A new worker c beside a; 200 tasks on two queues: alpha only on a, beta spread over both, none twice.
      start("worker-c", shared, "worker", "--queues", "beta", "--concurrency", "4");
      await("worker c registered", () -> running(db).size() == 2 && !running(db).contains(workerB));
      String workerC = running(db).stream().filter(w -> !w.equals(workerA)).findFirst().orElseThrow();
      trigger(http, base, "fanout", "r2");
      await("the fan-out run succeeded", () -> "success".equals(runState(db, "fanout", "r2")));
      List<Map<String, Object>> tries = db.withHandle(h -> h.createQuery(
          "SELECT task_id, try_number, hostname FROM task_try WHERE dag_id = 'fanout'").mapToMap().list());
      assertThat(tries).hasSize(200).allSatisfy(r -> assertThat(r.get("try_number")).isEqualTo(1));
      assertThat(tries).filteredOn(r -> r.get("task_id").toString().startsWith("a_"))
          .allSatisfy(r -> assertThat(r.get("hostname")).as("alpha runs only where it is served").isEqualTo(workerA));
      List<String> betaHosts = tries.stream().filter(r -> r.get("task_id").toString().startsWith("b_"))
          .map(r -> r.get("hostname").toString()).toList();
      assertThat(Set.copyOf(betaHosts)).as("beta spread over both workers").containsExactlyInAnyOrder(workerA, workerC);
      List<String> lines = Files.readAllLines(marks);
      assertThat(lines).as("every task ran exactly once").hasSize(200).doesNotHaveDuplicates();
      String onC = tries.stream().filter(r -> workerC.equals(r.get("hostname"))).map(r -> r.get("task_id").toString())
          .findFirst().orElseThrow();
      await("a finished try's log from worker c", () -> log(http, base, "fanout", "r2", onC, 1).contains("ran " + onC));

      // 4. The workers as the API, the UI and the CLI show them; the CLI (a data directory of its own) reads the log.
      String workers = get(http, base + "/api/v1/workers").body();
      assertThat(workers).contains(workerA).contains(workerC).contains("\"lost\"").contains("\"alpha\"");
      assertThat(get(http, base + "/workers", "text/html").body()).contains("worker-" + workerA).contains("alpha, beta");
      Map<String, String> cliEnv = new HashMap<>(shared);
      cliEnv.put("ALOFT_HOME", root.resolve("cli").toString());
      AloftConfig cli = ConfigLoader.load(cliEnv, root, root);
      assertThat(cli(cli, "workers", "list", "-o", "json")).contains(workerA).contains("lost");
      assertThat(cli(cli, "tasks", "logs", "fanout", "r2", onC)).contains("ran " + onC);

      // 5. SIGTERM stops a worker cleanly: it says goodbye, so no scheduler takes it for lost.
      Process c = children.get(children.size() - 1);
      c.destroy();
      assertThat(c.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)).as("worker c stops on SIGTERM").isTrue();
      String stateOfC = db.withHandle(h -> h.createQuery("SELECT state FROM worker WHERE id = :c").bind("c", workerC)
          .mapTo(String.class).one());
      assertThat(stateOfC).isEqualTo("stopped");
    } finally {
      for (Process p : children) {
        p.destroy(); // SIGTERM: a worker stops cleanly
      }
      for (Process p : children) {
        p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
      }
    }
  }

  private static String cli(AloftConfig config, String... args) {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int code = io.aloft.runtime.Main.run(config, args, new java.io.PrintWriter(out, true),
        new java.io.PrintWriter(err, true));
    assertThat(code).as(String.join(" ", args) + ": " + err).isZero();
    return out.toString();
  }

  private Process start(String name, Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx768m", "-Xss4m", "--enable-native-access=ALL-UNNAMED",
        "-Dpolyglot.engine.WarnInterpreterOnly=false", "-cp", System.getProperty("java.class.path"),
        "io.aloft.runtime.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(root.resolve(name + ".log").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("ALOFT_"));
    pb.environment().putAll(env);
    pb.environment().put("ALOFT_HOME", root.resolve(name).toString());
    Process p = pb.start();
    children.add(p);
    return p;
  }

  private static List<String> running(Jdbi db) {
    return db.withHandle(h -> h.createQuery("SELECT id FROM worker WHERE state = 'running' ORDER BY started_at")
        .mapTo(String.class).list());
  }

  private static String runState(Jdbi db, String dag, String run) {
    return db.withHandle(h -> h.createQuery("SELECT state FROM dag_run WHERE dag_id = :d AND run_id = :r")
        .bind("d", dag).bind("r", run).mapTo(String.class).findOne().orElse(""));
  }

  private void await(String what, BooleanSupplier done) throws Exception {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (!done.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        StringBuilder logs = new StringBuilder();
        try (var files = Files.list(root)) {
          for (Path f : files.filter(f -> f.toString().endsWith(".log")).toList()) {
            List<String> l = Files.readAllLines(f);
            logs.append("\n--- ").append(f.getFileName()).append('\n')
                .append(String.join("\n", l.subList(Math.max(0, l.size() - 40), l.size())));
          }
        }
        throw new AssertionError("timed out waiting for " + what + logs);
      }
      Thread.sleep(500);
    }
  }

  private static void trigger(HttpClient http, String base, String dag, String runId) throws Exception {
    HttpResponse<String> r = http.send(auth(HttpRequest.newBuilder(URI.create(base + "/api/v1/dags/" + dag + "/dagRuns")))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"dag_run_id\": \"" + runId + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static String log(HttpClient http, String base, String dag, String run, String task, int tryNumber) {
    return get(http, base + "/api/v1/dags/" + dag + "/dagRuns/" + run + "/taskInstances/" + task + "/logs/" + tryNumber
        + "?full_content=true", "text/plain").body();
  }

  private static HttpResponse<String> get(HttpClient http, String url) {
    return get(http, url, "application/json");
  }

  private static HttpResponse<String> get(HttpClient http, String url, String accept) {
    try {
      return http.send(auth(HttpRequest.newBuilder(URI.create(url))).header("Accept", accept)
          .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(url + ": " + e, e);
    }
  }

  private static HttpRequest.Builder auth(HttpRequest.Builder b) {
    return b.header("Authorization",
        "Basic " + Base64.getEncoder().encodeToString("airflow:airflow".getBytes(StandardCharsets.UTF_8)));
  }
}
