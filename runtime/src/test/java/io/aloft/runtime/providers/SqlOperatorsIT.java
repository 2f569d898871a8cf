package io.aloft.runtime.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.Aloft;
import io.aloft.runtime.Daemon;
import io.aloft.runtime.app.Actor;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's SQL providers against a real PostgreSQL "warehouse" (a database of the test suite's embedded server,
 * reached through an {@code ALOFT_CONN_WAREHOUSE} connection): SQLExecuteQueryOperator with split statements,
 * psycopg2 parameters, a Jinja {@code .sql} file, lists and fetch_one_handler, PostgresOperator, and the three check
 * operators passing and failing as Airflow's do; results arrive as XCom; the connection's password reaches no log.
 */
class SqlOperatorsIT {

  private static final String PASSWORD = "Wh-Pw-31337";

  private static final String DAG = String.join("\n",
      "from datetime import datetime",
      "from airflow import DAG",
      "from airflow.decorators import task",
      "from airflow.providers.common.sql.hooks.handlers import fetch_one_handler",
      "from airflow.providers.common.sql.operators.sql import (SQLCheckOperator, SQLColumnCheckOperator,",
      "    SQLExecuteQueryOperator, SQLIntervalCheckOperator, SQLTableCheckOperator, SQLThresholdCheckOperator,",
      "    SQLValueCheckOperator)",
      "from airflow.providers.postgres.operators.postgres import PostgresOperator",
      "from airflow.operators.sql import SQLCheckOperator as OldPathCheck",
      "with DAG('sqlops', start_date=datetime(2024, 1, 1), schedule=None, default_args={'conn_id': 'warehouse'},",
      "         params={'min_id': 2}):",
      "    create = SQLExecuteQueryOperator(task_id='create', split_statements=True, sql='''",
      "        CREATE TABLE sales (id int, name text, amount numeric, note text);  -- a comment; with a semicolon",
      "        INSERT INTO sales VALUES (1, 'a;b', 10, $$x;y$$), (2, 'b', 20, null);''')",
      "    load = PostgresOperator(task_id='load', postgres_conn_id='warehouse',",
      "        sql='INSERT INTO sales VALUES (%(id)s, %(name)s, %(amount)s, %s)'.replace('%s)', \"'100%%')\"),",
      "        parameters={'id': 3, 'name': '{{ ds }}', 'amount': 30})",
      "    query = SQLExecuteQueryOperator(task_id='query', sql='sql/report.sql')",
      "    many = SQLExecuteQueryOperator(task_id='many', handler=fetch_one_handler,",
      "        sql=['SELECT count(*) FROM sales', 'SELECT max(id) FROM sales WHERE id < %s'], parameters=[3])",
      "    check = SQLCheckOperator(task_id='check', sql='SELECT count(*) > 2, min(amount) FROM sales')",
      "    value = SQLValueCheckOperator(task_id='value', sql='SELECT sum(amount) FROM sales', pass_value=62, tolerance=0.1)",
      "    exact = SQLValueCheckOperator(task_id='exact', sql='SELECT max(name) FROM sales WHERE id = 2', pass_value='b')",
      "    threshold = SQLThresholdCheckOperator(task_id='threshold', sql='SELECT count(*) FROM sales',",
      "        min_threshold=1, max_threshold='SELECT 10')",
      "    empty_check = SQLCheckOperator(task_id='empty_check', sql='SELECT count(*) FROM sales WHERE id > 100')",
      "    off_value = SQLValueCheckOperator(task_id='off_value', sql='SELECT sum(amount) FROM sales', pass_value=100)",
      "    above = SQLThresholdCheckOperator(task_id='above', sql='SELECT count(*) FROM sales', min_threshold=5,",
      "        max_threshold=9)",
      "    cols = SQLColumnCheckOperator(task_id='cols', table='sales', partition_clause='id < 4', column_mapping={",
      "        'id': {'null_check': {'equal_to': 0}, 'unique_check': {'equal_to': 0}, 'min': {'geq_to': 1}},",
      "        'amount': {'max': {'less_than': 31}, 'min': {'equal_to': 11, 'tolerance': 0.1}}})",
      "    table = SQLTableCheckOperator(task_id='table', table='sales', partition_clause='id < 4',",
      "        checks={'row_count': {'check_statement': 'COUNT(*) = 3'}})",
      "    bad_table = SQLTableCheckOperator(task_id='bad_table', table='sales', checks={",
      "        'positive': {'check_statement': 'amount > 15'}, 'named': {'check_statement': 'name IS NOT NULL'}})",
      "    daily = SQLExecuteQueryOperator(task_id='daily', sql=\"CREATE TABLE daily (day date, amount int);\"",
      "        \" INSERT INTO daily VALUES ('{{ ds }}', 10), ('{{ ds }}', 12), ('{{ macros.ds_add(ds, -7) }}', 10),\"",
      "        \" ('{{ macros.ds_add(ds, -7) }}', 11), ('{{ macros.ds_add(ds, -3) }}', 40)\")",
      "    interval_ok = SQLIntervalCheckOperator(task_id='interval_ok', table='daily', date_filter_column='day',",
      "        metrics_thresholds={'COUNT(*)': 1.5, 'SUM(amount)': 1.1, 'SUM(amount) - 22': 1.0})",
      "    interval_bad = SQLIntervalCheckOperator(task_id='interval_bad', table='daily', date_filter_column='day',",
      "        days_back=3, ratio_formula='relative_diff', metrics_thresholds={'SUM(amount)': 0.2, 'COUNT(*)': 5})",
      "    daily >> [interval_ok, interval_bad]",
      "    custom = SQLExecuteQueryOperator(task_id='custom', sql='SELECT id FROM sales WHERE id <= 3 ORDER BY id',",
      "        handler=lambda cursor: [row[0] * 10 for row in cursor.fetchall()])",
      "    old_path = OldPathCheck(task_id='old_path', sql='SELECT 1')",
      "    load >> [custom, old_path]",
      "    @task",
      "    def show(rows, counts):",
      "        print('rows %s counts %s' % (rows, counts))",
      "    @task",
      "    def hooked():",
      "        from airflow.providers.postgres.hooks.postgres import PostgresHook",
      "        h = PostgresHook(postgres_conn_id='warehouse')",
      "        h.insert_rows('sales', [(4, \"o'k\", 40.5, None)], target_fields=['id', 'name', 'amount', 'note'])",
      "        print('first %s' % (h.get_first('SELECT count(*), max(amount) FROM sales'),))",
      "        print('records %s' % h.get_records('SELECT id, name FROM sales WHERE id > %(min)s ORDER BY id',",
      "              parameters={'min': 2}))",
      "        h.run('UPDATE sales SET note = %s WHERE id = 4', parameters=('hooked',))",
      "        import os, tempfile",
      "        path = os.path.join(tempfile.mkdtemp(), 'sales.tsv')",
      "        h.bulk_dump('sales', path)",
      "        h.run('CREATE TABLE IF NOT EXISTS sales_copy (LIKE sales)')",
      "        h.run('TRUNCATE sales_copy')",
      "        h.bulk_load('sales_copy', path)",
      "        print('copied %s rows from %s lines' % (h.get_first('SELECT count(*) FROM sales_copy')[0],",
      "              len(open(path).read().splitlines())))",
      "        try:",
      "            h.get_records('COPY sales TO STDOUT')",
      "        except Exception as e:",
      "            print('plain copy: %s' % e)",
      "        return h.get_first('SELECT note FROM sales WHERE id = 4')[0]",
      "    create >> load >> [query, many, check, value, exact, threshold, empty_check, off_value, above, cols, table,",
      "                       bad_table]",
      "    shown = show(query.output, many.output)",
      "    [check, value, exact, threshold, shown, cols, table] >> hooked()",
      "");

  @Test
  void sqlOperatorsAndChecksRunAgainstARealWarehouse() throws Exception {
    String warehouseUrl = TestDatabase.freshUrl();
    int port = Integer.parseInt(warehouseUrl.replaceFirst(".*localhost:(\\d+)/.*", "$1"));
    String database = warehouseUrl.substring(warehouseUrl.lastIndexOf('/') + 1);
    Path home = Files.createTempDirectory("aloft-sql-");
    Path dags = Files.createDirectories(home.resolve("dags"));
    Files.writeString(dags.resolve("sqlops.py"), DAG);
    Files.createDirectories(dags.resolve("sql"));
    Files.writeString(dags.resolve("sql/report.sql"),
        "SELECT id, name, amount FROM sales WHERE id >= {{ params.min_id }} ORDER BY id");
    Map<String, String> env = new HashMap<>(Map.of("ALOFT_HOME", home.toString(), "ALOFT_DAGS_FOLDER", dags.toString(),
        "ALOFT_DATABASE_URL", TestDatabase.freshUrl(), "ALOFT_DATABASE_USER", "postgres", "ALOFT_PORT", "0",
        "ALOFT_PYTHON_CONTEXTS", "1",
        "ALOFT_CONN_WAREHOUSE", "postgres://postgres:" + PASSWORD + "@localhost:" + port + "/" + database));
    AloftConfig config = ConfigLoader.load(env, home, home);
    try (Aloft aloft = Aloft.openStore(config); Daemon daemon = Daemon.start(aloft, new Daemon.Options(false, false))) {
      DagRunRow run = aloft.app().runs().trigger(Actor.SYSTEM, "sqlops", null, Map.of(), null);
      Instant deadline = Instant.now().plus(Duration.ofSeconds(240));
      while (!run.state().isFinished() && Instant.now().isBefore(deadline)) {
        Thread.sleep(200);
        run = aloft.app().runs().get("sqlops", run.runId()).orElseThrow();
      }
      String logs = allLogs(config.logsFolder());
      Map<String, TaskState> states = aloft.app().taskInstances().listForRun("sqlops", run.runId()).stream()
          .collect(Collectors.toMap(TaskInstanceRow::taskId, TaskInstanceRow::state));
      assertThat(run.state()).as(logs).isEqualTo(RunState.FAILED);
      assertThat(states).as(logs).containsEntry("create", TaskState.SUCCESS).containsEntry("load", TaskState.SUCCESS)
          .containsEntry("query", TaskState.SUCCESS).containsEntry("many", TaskState.SUCCESS)
          .containsEntry("check", TaskState.SUCCESS).containsEntry("value", TaskState.SUCCESS)
          .containsEntry("exact", TaskState.SUCCESS).containsEntry("threshold", TaskState.SUCCESS)
          .containsEntry("show", TaskState.SUCCESS).containsEntry("hooked", TaskState.SUCCESS)
          .containsEntry("cols", TaskState.SUCCESS).containsEntry("table", TaskState.SUCCESS)
          .containsEntry("bad_table", TaskState.FAILED)
          .containsEntry("empty_check", TaskState.FAILED).containsEntry("off_value", TaskState.FAILED)
          .containsEntry("above", TaskState.FAILED)
          .containsEntry("interval_ok", TaskState.SUCCESS).containsEntry("interval_bad", TaskState.FAILED)
          .containsEntry("custom", TaskState.SUCCESS).containsEntry("old_path", TaskState.SUCCESS);
      assertThat(logs)
          .contains("rows [[2, 'b', 20], [3, '20", "counts [[3], [2]]")
          .contains("first (4, Decimal('40.5'))", "records [(3, '20", "(4, \"o'k\")]")
          .contains("copied 4 rows from 4 lines", "plain copy: COPY TO STDOUT needs a file: use copy_expert(sql, file)")
          .contains("ERROR - Task failed: Test failed.", "ERROR - Query:", "ERROR - SELECT count(*) FROM sales WHERE id > 100",
              "ERROR - Results:", "ERROR - (0,)")
          .contains("ERROR - Pass value:100.0", "ERROR - Tolerance:None")
          .contains("Threshold Check: \"above\" failed.")
          .contains("ERROR - The following tests have failed:", "ERROR - positive", "(positive, 0)", "(named, 1)")
          .contains("Result: 3.0 is not within thresholds 5.0 and 9.0")
          .contains("Using ratio formula: max_over_min", "Ratio for SUM(amount) - 22: None", "All tests have passed")
          .contains("'SUM(amount)' check failed. 0.45 is above 0.2", "The following tests have failed:",
              "ERROR -  SUM(amount)")
          .doesNotContain(PASSWORD);
      List<String> rows = Jdbi.create(warehouseUrl, "postgres", "").withHandle(h ->
          h.createQuery("SELECT id || ':' || name || ':' || coalesce(note, '-') FROM sales ORDER BY id").mapTo(String.class).list());
      assertThat(rows).hasSize(4).startsWith("1:a;b:x;y", "2:b:-").endsWith("4:o'k:hooked");
      assertThat(rows.get(2)).startsWith("3:20").endsWith(":100%");
      assertThat(aloft.stores().xcoms().pull("sqlops", run.runId(), "hooked", "return_value", null)).contains("hooked");
      assertThat(aloft.stores().xcoms().pull("sqlops", run.runId(), "custom", "return_value", null))
          .as("a user's handler, run in Python").contains(List.of(10, 20, 30));
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
