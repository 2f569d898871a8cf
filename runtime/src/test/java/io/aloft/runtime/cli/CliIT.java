package io.aloft.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aloft.runtime.Main;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.Schedule;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.store.Database;
import io.aloft.runtime.store.DagStore;
import io.aloft.runtime.store.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The CLI against a real database, as a user types it. */
class CliIT {

  private static AloftConfig config;

  record Result(int code, String out, String err) {}

  @BeforeAll
  static void setUp() throws Exception {
    Path home = Files.createTempDirectory("aloft-cli-");
    String url = TestDatabase.freshUrl();
    config = ConfigLoader.load(Map.of("ALOFT_HOME", home.toString(), "ALOFT_DATABASE_URL", url, "ALOFT_DATABASE_USER", "postgres",
        "ALOFT_DATABASE_PASSWORD", "s3cret-pw"), home, home);
    try (Database db = Database.open(config)) {
      TaskSpec t = TaskSpec.builder("hello", "BashOperator").retryDelaySeconds(0)
          .templateFields(List.of("bash_command")).args(Map.of("bash_command", "echo hi")).lineno(3).build();
      new DagStore(db.jdbi()).saveParsed(new DagSpec(DagSpec.CURRENT_VERSION, "hello_dag", "/dags/hello.py", null, null,
          Schedule.none(), null, null, "UTC", false, 16, 16, null, List.of(), null, Map.of(), List.of(t), List.of(), "airflow"),
          false, Instant.now());
    }
  }

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(config, args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void poolsCanBeSetListedAsJsonAndDeleted() throws Exception {
    assertThat(run("pools", "set", "gpu_pool", "3", "GPU sessions").code()).isZero();
    Result list = run("pools", "list", "-o", "json");
    List<Map<String, Object>> rows = new ObjectMapper().readValue(list.out(),
        new com.fasterxml.jackson.core.type.TypeReference<List<Map<String, Object>>>() {});
    assertThat(rows).anySatisfy(r -> assertThat(r).containsEntry("pool", "gpu_pool").containsEntry("slots", 3).containsEntry("open_slots", 3));
    assertThat(run("pools", "delete", "gpu_pool").code()).isZero();
    Result again = run("pools", "delete", "default_pool");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("default_pool cannot be deleted");
  }

  @Test
  void aPoolCanCountDeferredTasks() throws Exception {
    assertThat(run("pools", "set", "sensors", "2", "deferred sensors", "--include-deferred").code()).isZero();
    Result list = run("pools", "list", "-o", "json");
    List<Map<String, Object>> rows = new ObjectMapper().readValue(list.out(),
        new com.fasterxml.jackson.core.type.TypeReference<List<Map<String, Object>>>() {});
    assertThat(rows).anySatisfy(r -> assertThat(r).containsEntry("pool", "sensors").containsEntry("include_deferred", true)
        .containsEntry("deferred_slots", 0));
    // as Airflow's `pools set`, a set without the flag turns it off
    assertThat(run("pools", "set", "sensors", "2").code()).isZero();
    rows = new ObjectMapper().readValue(run("pools", "list", "-o", "json").out(),
        new com.fasterxml.jackson.core.type.TypeReference<List<Map<String, Object>>>() {});
    assertThat(rows).anySatisfy(r -> assertThat(r).containsEntry("pool", "sensors").containsEntry("include_deferred", false));
  }

  @Test
  void variablesRoundTrip() {
    assertThat(run("variables", "set", "region", "eu-west").code()).isZero();
    assertThat(run("variables", "get", "region").out().trim()).isEqualTo("eu-west");
    assertThat(run("variables", "list", "-o", "plain").out()).contains("region");
    assertThat(run("variables", "delete", "region").code()).isZero();
    assertThat(run("variables", "get", "region").err()).contains("does not exist");
  }

  @Test
  void triggerRefusesBadInputAndCreatesNothing() {
    Result unknown = run("dags", "trigger", "nope");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("DAG 'nope' not found");
    Result badJson = run("dags", "trigger", "hello_dag", "--conf", "{model: x");
    assertThat(badJson.code()).isEqualTo(1);
    assertThat(badJson.err()).contains("--conf is not valid JSON");
    assertThat(run("dags", "list-runs", "hello_dag").out()).contains("No data found");
    Result ok = run("dags", "trigger", "hello_dag", "--run-id", "r1", "-o", "json");
    assertThat(ok.code()).isZero();
    assertThat(ok.out()).contains("\"dag_run_id\" : \"r1\"").contains("\"state\" : \"queued\"");
    Result dup = run("dags", "trigger", "hello_dag", "--run-id", "r1");
    assertThat(dup.code()).isEqualTo(1);
    assertThat(dup.err()).contains("already exists");
    assertThat(run("tasks", "states-for-dag-run", "hello_dag", "r1", "-o", "json").out()).contains("\"task_id\" : \"hello\"");
  }

  @Test
  void clearDeleteAndTheAuditLogFromTheCommandLine() {
    TaskSpec t = TaskSpec.builder("step", "BashOperator").retryDelaySeconds(0).templateFields(List.of("bash_command"))
        .args(Map.of("bash_command", "true")).lineno(3).build();
    try (Database db = Database.open(config)) {
      new DagStore(db.jdbi()).saveParsed(new DagSpec(DagSpec.CURRENT_VERSION, "ops_dag", "/dags/ops.py", null, null,
          Schedule.none(), null, null, "UTC", false, 16, 16, null, List.of(), null, Map.of(), List.of(t), List.of(), "airflow"),
          false, Instant.now());
    }
    assertThat(run("dags", "trigger", "ops_dag", "--run-id", "o1").code()).isZero();
    Result none = run("tasks", "clear", "ops_dag", "--only-failed", "-y");
    assertThat(none.out()).contains("No task instances to clear");
    Result cleared = run("tasks", "clear", "ops_dag", "-t", "^st", "-y");
    assertThat(cleared.code()).as(cleared.err()).isZero();
    assertThat(cleared.out()).contains("o1  step").contains("Cleared 1 task instances");
    assertThat(run("tasks", "clear", "ops_dag", "-s", "yesterday").err()).contains("is not a date");

    Result events = run("events", "list", "-d", "ops_dag", "-o", "json");
    assertThat(events.out()).contains("\"event\" : \"clear\"").contains("\"event\" : \"trigger\"")
        .contains("\"owner\" : \"cli:" + System.getProperty("user.name") + "\"");

    assertThat(run("dags", "delete", "ops_dag", "-y").out()).contains("Deleted DAG 'ops_dag'");
    assertThat(run("dags", "delete", "ops_dag", "-y").err()).contains("DAG 'ops_dag' not found");
    assertThat(run("events", "list", "--event", "dag_delete", "-o", "plain").out()).contains("ops_dag");
    assertThat(run("dags", "backfill", "hello_dag", "-s", "2024-01-01", "-e", "2024-01-02").err())
        .contains("no cron or timedelta schedule");
  }

  @Test
  void pauseAndListDags() {
    assertThat(run("dags", "pause", "hello_dag").out()).contains("paused: True");
    assertThat(run("dags", "list", "-o", "json").out()).contains("\"dag_id\" : \"hello_dag\"").contains("\"is_paused\" : true");
    assertThat(run("dags", "unpause", "hello_dag").out()).contains("paused: False");
  }

  @Test
  void configMasksTheDatabasePassword() {
    Result r = run("config");
    assertThat(r.out()).contains("database_password = ***").doesNotContain("s3cret-pw");
    assertThat(run("config", "-v").out()).contains("parallelism = 32    # ALOFT_PARALLELISM: task tries running at once");
  }

  @Test
  void usersAndGeneratedPasswords() throws Exception {
    assertThat(run("users", "create", "-u", "ml-team", "-p", "longpassword1").code()).isZero();
    assertThat(run("users", "list", "-o", "plain").out()).contains("ml-team").contains("Viewer");
    Result op = run("users", "create", "-u", "ops-team", "-p", "longpassword2", "--role", "op");
    assertThat(op.out()).contains("created with role Op");
    assertThat(run("users", "create", "-u", "x-team", "-p", "longpassword3", "--role", "Pilot").code()).isNotZero();
    assertThat(run("users", "delete", "ops-team").code()).isZero();
    Result gen = run("passwords", "generate");
    assertThat(gen.code()).isZero();
    Path env = config.home().resolve("env/airflow.env");
    assertThat(Files.readString(env)).contains("airflow");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env))).isEqualTo("rw-------");
    assertThat(run("users", "delete", "ml-team").code()).isZero();
  }

  /** The store path itself, never a daemon: what the fast path must match. */
  private static Result runHere(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code;
    try (CliContext ctx = new CliContext(config, new PrintWriter(out, true), new PrintWriter(err, true))) {
      code = Main.run(ctx, args);
    }
    return new Result(code, out.toString(), err.toString());
  }

  /** Run ids and dates differ between two triggers; everything else must not. */
  private static String withoutRunIdentity(String text) {
    return text.replaceAll("fast_\\w+", "RUN").replaceAll("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "DATE");
  }

  @Test
  void aRunningDaemonAnswersTheFrequentCommandsWithTheSameTextAsTheStore() throws Exception {
    TaskSpec t = TaskSpec.builder("only", "BashOperator").retryDelaySeconds(0).templateFields(List.of("bash_command"))
        .args(Map.of("bash_command", "true")).lineno(3).build();
    try (Database db = Database.open(config)) {
      new DagStore(db.jdbi()).saveParsed(new DagSpec(DagSpec.CURRENT_VERSION, "fast_dag", "/dags/fast.py", null, null,
          Schedule.none(), null, null, "UTC", false, 16, 16, null, List.of(), null, Map.of(), List.of(t), List.of(), "airflow"),
          false, Instant.now());
    }
    assertThat(runHere("variables", "set", "fast_var", "héllo wörld").code()).isZero();
    assertThat(runHere("dags", "trigger", "fast_dag", "--run-id", "fast_r0").code()).isZero();
    try (io.aloft.runtime.Aloft daemonStore = io.aloft.runtime.Aloft.openStore(config);
        CliSocketServer server = CliSocketServer.start(daemonStore).orElseThrow()) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.socket()))).isEqualTo("rw-------");
      List<List<String>> sameAnswers = List.of(
          List.of("dags", "list"), List.of("dags", "list", "-o", "json"), List.of("dags", "list", "-o", "plain"),
          List.of("variables", "get", "fast_var"), List.of("variables", "get", "missing_var"),
          List.of("variables", "get", "missing_var", "-d", "fallback"),
          List.of("tasks", "states-for-dag-run", "fast_dag", "fast_r0"),
          List.of("tasks", "states-for-dag-run", "fast_dag", "fast_r0", "-o", "json"),
          List.of("tasks", "states-for-dag-run", "fast_dag", "no_such_run"),
          List.of("tasks", "states-for-dag-run", "no_such_dag", "fast_r0"),
          List.of("dags", "list", "-o", "yaml"), List.of("variables", "get"),
          List.of("dags", "trigger", "no_such_dag"), List.of("dags", "trigger", "fast_dag", "--conf", "{model: x"),
          List.of("dags", "trigger", "fast_dag", "--run-id", "fast_r0"));
      for (List<String> args : sameAnswers) {
        long before = server.answered();
        Result viaDaemon = run(args.toArray(String[]::new));
        assertThat(server.answered()).as("answered by the daemon: %s", args).isEqualTo(before + 1);
        assertThat(viaDaemon).as("%s", args).isEqualTo(runHere(args.toArray(String[]::new)));
      }
      for (String format : List.of("table", "json", "plain")) {
        long before = server.answered();
        Result viaDaemon = run("dags", "trigger", "fast_dag", "--run-id", "fast_d" + format, "-o", format, "--conf", "{\"k\": 1}");
        assertThat(server.answered()).isEqualTo(before + 1);
        Result here = runHere("dags", "trigger", "fast_dag", "--run-id", "fast_h" + format, "-o", format, "--conf", "{\"k\": 1}");
        assertThat(viaDaemon.code()).isZero();
        assertThat(withoutRunIdentity(viaDaemon.out())).isEqualTo(withoutRunIdentity(here.out()));
        assertThat(viaDaemon.err()).isEqualTo(here.err());
      }
      // the run it created is in the store, with its conf
      assertThat(runHere("dags", "list-runs", "fast_dag", "-o", "json").out()).contains("\"dag_run_id\" : \"fast_djson\"");
      // the other commands are not sent
      long before = server.answered();
      assertThat(run("dags", "list-runs", "fast_dag").code()).isZero();
      assertThat(server.answered()).isEqualTo(before);
      // a daemon on another database declines, and nothing is printed
      StringWriter out = new StringWriter();
      assertThat(DaemonClient.ask(config.home(), "external jdbc:postgresql://elsewhere/db as postgres",
          new String[] {"variables", "get", "fast_var"}, new PrintWriter(out), new PrintWriter(out)))
          .isEqualTo(DaemonClient.NOT_ANSWERED);
      assertThat(out.toString()).isEmpty();
      // one daemon per data directory answers: a second one started beside it leaves the socket alone
      assertThat(CliSocketServer.start(daemonStore)).isEmpty();
    }
    assertThat(config.home().resolve(DaemonClient.SOCKET)).doesNotExist();
  }

  @Test
  void aRunningDaemonAnswersHelpAndMistypedCommandsAsTheCliWouldAndDeclinesTheRest() throws Exception {
    try (io.aloft.runtime.Aloft daemonStore = io.aloft.runtime.Aloft.openStore(config);
        CliSocketServer server = CliSocketServer.start(daemonStore).orElseThrow()) {
      List<List<String>> printOnly = List.of(
          List.of("no-such-command"), List.of("dagz", "list"), List.of("--help"), List.of("-h"), List.of("--version"),
          List.of("dags", "--help"), List.of("dags", "lsit"), List.of("variables", "set", "--help"),
          List.of("dags", "list-runs"));
      for (List<String> args : printOnly) {
        long before = server.answered();
        Result viaDaemon = ask(args.toArray(String[]::new));
        assertThat(server.answered()).as("answered by the daemon: %s", args).isEqualTo(before + 1);
        assertThat(viaDaemon).as("%s", args).isEqualTo(runHere(args.toArray(String[]::new)));
      }
      assertThat(ask("no-such-command").code()).isEqualTo(2);
      assertThat(ask("no-such-command").err()).contains("Unmatched argument at index 0: 'no-such-command'");
      // what would run a command is declined, printing nothing, and runs in the caller's process
      for (List<String> args : List.of(List.of("dags", "list-runs", "hello_dag"), List.of("config"),
          List.of("variables", "set", "k", "v"), List.of("dags", "trigger", "hello_dag", "--wait"))) {
        long before = server.answered();
        StringWriter out = new StringWriter();
        assertThat(DaemonClient.ask(config, args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(out)))
            .as("%s", args).isEqualTo(DaemonClient.NOT_ANSWERED);
        assertThat(out.toString()).isEmpty();
        assertThat(server.answered()).isEqualTo(before);
      }
      assertThat(runHere("variables", "get", "k").code()).isNotZero(); // the declined `set` did not run in the daemon
    }
  }

  /** Asks the daemon through the launcher's fast route, as {@code DaemonClient.main} does. */
  private static Result ask(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertThat(DaemonClient.mayAsk(args)).isTrue();
    int code = DaemonClient.ask(config, args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void withTheDaemonGoneOrItsSocketLeftBehindTheCommandsRunOverTheStore() throws Exception {
    assertThat(runHere("variables", "set", "gone_var", "still here").code()).isZero();
    // a daemon killed with -9 leaves its socket file, which nobody listens on any more
    Path socket = config.home().resolve(DaemonClient.SOCKET);
    try (var stale = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      stale.bind(java.net.UnixDomainSocketAddress.of(socket));
    }
    assertThat(socket).exists();
    try {
      Result r = run("variables", "get", "gone_var");
      assertThat(r).isEqualTo(new Result(0, "still here" + System.lineSeparator(), ""));
      assertThat(run("dags", "list", "-o", "plain")).isEqualTo(runHere("dags", "list", "-o", "plain"));
      // the next daemon takes the stale socket over
      try (io.aloft.runtime.Aloft daemonStore = io.aloft.runtime.Aloft.openStore(config);
          CliSocketServer server = CliSocketServer.start(daemonStore).orElseThrow()) {
        assertThat(run("variables", "get", "gone_var")).isEqualTo(r);
        assertThat(server.answered()).isEqualTo(1);
      }
      assertThat(socket).doesNotExist();
      assertThat(run("variables", "get", "gone_var")).isEqualTo(r);
    } finally {
      Files.deleteIfExists(socket);
    }
  }
}
