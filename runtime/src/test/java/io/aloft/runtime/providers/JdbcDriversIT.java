package io.aloft.runtime.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.runtime.Aloft;
import io.aloft.runtime.Daemon;
import io.aloft.runtime.app.Actor;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: a JDBC driver other than the bundled PostgreSQL one, dropped as a jar into {@code <plugins>/jdbc/}, serves
 * the SQL operators on Airflow's {@code jdbc} connections (the URL as host). The driver is H2, copied by the build
 * into {@code target/test-jdbc-drivers} and on no class path of the test, so only the plugins folder can supply it.
 */
class JdbcDriversIT {

  private static final String PASSWORD = "H2-Pw-24680";

  private static final String DAG = String.join("\n",
      "from datetime import datetime",
      "from airflow import DAG",
      "from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator, SQLValueCheckOperator",
      "with DAG('h2ops', start_date=datetime(2024, 1, 1), schedule=None):",
      "    create = SQLExecuteQueryOperator(task_id='create', conn_id='h2db', split_statements=True, sql='''",
      "        CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20));",
      "        INSERT INTO items VALUES (1, 'one'), (2, 'two');''')",
      "    query = SQLExecuteQueryOperator(task_id='query', conn_id='h2named',",
      "        sql='SELECT id, name FROM items WHERE id >= %s ORDER BY id', parameters=[1])",
      "    check = SQLValueCheckOperator(task_id='check', conn_id='h2db', sql='SELECT count(*) FROM items', pass_value=2)",
      "    missing = SQLExecuteQueryOperator(task_id='missing', conn_id='nodriver', sql='SELECT 1')",
      "    create >> [query, check, missing]",
      "");

  @Test
  void aDriverJarInThePluginsFolderServesJdbcConnections() throws Exception {
    assertThatThrownBy(() -> Class.forName("org.h2.Driver")).as("H2 must not be on the test's class path")
        .isInstanceOf(ClassNotFoundException.class);
    Path jar;
    try (Stream<Path> built = Files.list(Path.of("target", "test-jdbc-drivers"))) {
      jar = built.filter(p -> p.getFileName().toString().startsWith("h2-")).findFirst().orElseThrow();
    }
    Path home = Files.createTempDirectory("aloft-jdbc-");
    Path dags = Files.createDirectories(home.resolve("dags"));
    Files.writeString(dags.resolve("h2ops.py"), DAG);
    Path drivers = Files.createDirectories(home.resolve("plugins").resolve("jdbc"));
    Files.copy(jar, drivers.resolve(jar.getFileName()));
    String url = "jdbc:h2:file:" + home.resolve("h2").resolve("warehouse");
    AloftConfig config = ConfigLoader.load(Map.of("ALOFT_HOME", home.toString(), "ALOFT_DAGS_FOLDER", dags.toString(),
        "ALOFT_DATABASE_URL", TestDatabase.freshUrl(), "ALOFT_DATABASE_USER", "postgres", "ALOFT_PORT", "0",
        "ALOFT_PYTHON_CONTEXTS", "1",
        "ALOFT_CONN_H2DB", "{\"conn_type\": \"jdbc\", \"host\": \"" + url + "\", \"login\": \"sa\", \"password\": \""
            + PASSWORD + "\"}",
        "ALOFT_CONN_H2NAMED", "{\"conn_type\": \"jdbc\", \"host\": \"" + url + "\", \"login\": \"sa\", \"password\": \""
            + PASSWORD + "\", \"extra\": {\"driver_class\": \"org.h2.Driver\"}}",
        "ALOFT_CONN_NODRIVER", "{\"conn_type\": \"jdbc\", \"host\": \"jdbc:nosuchdb://x/y\"}"), home, home);
    try (Aloft aloft = Aloft.openStore(config); Daemon daemon = Daemon.start(aloft, new Daemon.Options(false, false))) {
      assertThat(daemon.plugins().problems()).as("the jdbc folder is no plugin").isEmpty();
      DagRunRow run = aloft.app().runs().trigger(Actor.SYSTEM, "h2ops", null, Map.of(), null);
      Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
      while (!run.state().isFinished() && Instant.now().isBefore(deadline)) {
        Thread.sleep(200);
        run = aloft.app().runs().get("h2ops", run.runId()).orElseThrow();
      }
      String logs = allLogs(config.logsFolder());
      Map<String, TaskState> states = aloft.app().taskInstances().listForRun("h2ops", run.runId()).stream()
          .collect(Collectors.toMap(TaskInstanceRow::taskId, TaskInstanceRow::state));
      assertThat(states).as(logs).containsEntry("create", TaskState.SUCCESS).containsEntry("query", TaskState.SUCCESS)
          .containsEntry("check", TaskState.SUCCESS).containsEntry("missing", TaskState.FAILED);
      assertThat(aloft.stores().xcoms().pull("h2ops", run.runId(), "query", "return_value", null))
          .hasValue(List.of(List.of(1, "one"), List.of(2, "two")));
      assertThat(logs).contains("no JDBC driver accepts the URL jdbc:nosuchdb:", drivers.toString())
          .doesNotContain(PASSWORD);
    }
  }

  private static String allLogs(Path folder) throws Exception {
    try (Stream<Path> files = Files.walk(folder)) {
      StringBuilder sb = new StringBuilder();
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        sb.append("==> ").append(p).append('\n').append(Files.readString(p)).append('\n');
      }
      return sb.toString();
    }
  }
}
