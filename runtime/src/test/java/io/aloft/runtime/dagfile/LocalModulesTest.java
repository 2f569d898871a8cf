package io.aloft.runtime.dagfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.TaskSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modules beside a DAG file are forgotten after each evaluation (Airflow gets the same by parsing in a fresh
 * process), so an edited helper is seen at the next parse, while modules outside the DAG's folder stay loaded.
 */
class LocalModulesTest {

  @TempDir Path dags;

  @Test
  void anEditedHelperBesideTheDagFileIsReadAgain() throws Exception {
    DagFileProcessor processor = TestDagFiles.processor(Duration.ofSeconds(60));
    Path dag = dagFile("uses_local_helper", "import local_helper_for_reload", "local_helper_for_reload.TASK_ID");
    Path helper = dags.resolve("local_helper_for_reload.py");

    Files.writeString(helper, "TASK_ID = 'first'\n");
    assertThat(taskIds(processor.parse(dag))).containsExactly("first");
    assertThat(taskIds(processor.parse(dag))).as("same content again").containsExactly("first");

    Files.writeString(helper, "TASK_ID = 'second'\n");
    assertThat(taskIds(processor.parse(dag))).containsExactly("second");
  }

  @Test
  void aDagFileThatImportsNothingNewLeavesTheLoadedModulesAlone() throws Exception {
    DagFileProcessor processor = TestDagFiles.processor(Duration.ofSeconds(60));
    Path dag = dagFile("plain", "import json", "json.loads('\"only\"')");
    for (int i = 0; i < 3; i++) {
      assertThat(taskIds(processor.parse(dag))).containsExactly("only");
    }
  }

  /** A DAG file {@code dagId.py} with one task whose id is {@code taskIdExpression}, after {@code imports}. */
  private Path dagFile(String dagId, String imports, String taskIdExpression) throws java.io.IOException {
    Path dag = dags.resolve(dagId + ".py");
    Files.writeString(dag, imports + "\n"
        + "from airflow import DAG\n"
        + "from airflow.operators.empty import EmptyOperator\n\n"
        + "with DAG(\"" + dagId + "\", schedule=None) as dag:\n"
        + "    EmptyOperator(task_id=" + taskIdExpression + ")\n");
    return dag;
  }

  private static java.util.List<String> taskIds(FileParseResult result) {
    assertThat(result.error()).as("import error").isEmpty();
    return result.dags().getFirst().tasks().stream().map(TaskSpec::taskId).toList();
  }
}
