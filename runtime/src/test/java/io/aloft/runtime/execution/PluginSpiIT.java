package io.aloft.runtime.execution;

import static io.aloft.runtime.execution.Specs.dag;
import static io.aloft.runtime.execution.Specs.empty;
import static io.aloft.runtime.execution.Specs.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.plugins.PluginSchemas;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.sdk.BranchResult;
import io.aloft.sdk.OperatorDescriptor;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SPI pieces plugins use beyond plain execution: a Java operator's BranchResult, and a plugin's own tables
 * through TaskContext.pluginDatabase (its schema, migrated from the plugin's migrations; the engine's tables out of
 * its search path).
 */
class PluginSpiIT {

  private final TestEngine engine;

  PluginSpiIT() throws Exception {
    engine = new TestEngine();
    PluginSchemas.migrate(engine.db.dataSource(), "notes", getClass().getClassLoader(), "db/test-plugin-notes");
    engine.registry.register("test", List.of(
        OperatorDescriptor.builder("Choose").factory(args -> ctx -> BranchResult.follow("left")).build()));
    engine.registry.registerPlugin("notes", List.of(
        OperatorDescriptor.builder("CountDags").factory(args -> ctx -> ctx.pluginDatabase().inTransaction(c -> {
          c.createStatement().execute("INSERT INTO note (text) VALUES ('seen')");
          try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM note")) {
            rs.next();
            return rs.getInt(1);
          }
        })).build(),
        OperatorDescriptor.builder("ReadEngineTable").factory(args -> ctx -> ctx.pluginDatabase().inTransaction(c -> {
          try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM dag")) {
            rs.next();
            return rs.getInt(1);
          }
        })).build()));
  }

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void aJavaBranchFollowsItsChoiceAndSkipsTheOtherPath() throws Exception {
    engine.save(dag("branch", task("choose", "Choose", Map.of(), List.of()), empty("left", "choose"),
        empty("right", "choose"), task("count", "CountDags", Map.of(), List.of(), "left")));
    DagRunRow run = engine.run("branch", Map.of(), Duration.ofSeconds(30));
    Map<String, TaskInstanceRow> tis = engine.stores.taskInstances().listForRun("branch", run.runId()).stream()
        .collect(Collectors.toMap(TaskInstanceRow::taskId, t -> t));
    assertThat(run.state()).isEqualTo(RunState.SUCCESS);
    assertThat(tis.get("left").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(tis.get("right").state()).isEqualTo(TaskState.SKIPPED);
    assertThat(engine.stores.xcoms().pull("branch", run.runId(), "choose", "return_value", null)).contains(List.of("left"));
    assertThat(engine.stores.xcoms().pull("branch", run.runId(), "count", "return_value", null)).contains(1);
  }

  @Test
  void aPluginsSqlDoesNotReachTheEnginesTablesByName() throws Exception {
    engine.save(dag("peek", task("peek", "ReadEngineTable", Map.of(), List.of())));
    DagRunRow run = engine.run("peek", Map.of(), Duration.ofSeconds(30));
    assertThat(run.state()).isEqualTo(RunState.FAILED);
    assertThat(engine.stores.taskInstances().listForRun("peek", run.runId()).get(0).state()).isEqualTo(TaskState.FAILED);
  }
}
