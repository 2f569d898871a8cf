package io.aloft.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.Main;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.store.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aloft dags upload}: parses first (GraalPy), then moves the file in atomically; otherwise refuses. */
class DagUploadCommandIT {

  @TempDir Path home;
  @TempDir Path upload;

  private record Result(int code, String out, String err) {}

  private Result run(AloftConfig config, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(config, args, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void acceptsAParsingDagFileAndRefusesLocalModulesAndNonPythonFiles() throws Exception {
    Path dags = home.resolve("dags");
    AloftConfig config = ConfigLoader.load(Map.of("ALOFT_HOME", home.toString(), "ALOFT_DAGS_FOLDER", dags.toString(),
        "ALOFT_DATABASE_URL", TestDatabase.freshUrl(), "ALOFT_PLUGINS_FOLDER", home.resolve("plugins").toString()), home, home);

    Path good = upload.resolve("uploaded.py");
    Files.writeString(good, """
        from datetime import datetime
        from airflow import DAG
        from airflow.operators.bash import BashOperator

        with DAG(dag_id="uploaded", start_date=datetime(2024, 1, 1), schedule=None) as dag:
            BashOperator(task_id="hello", bash_command="echo hello")
        """);
    Result ok = run(config, "dags", "upload", good.toString());
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("DAG(s) [uploaded]");
    assertThat(dags.resolve("uploaded.py")).hasSameTextualContentAs(good);

    // A helper beside the source and one in the DAGs folder: an uploaded file may use neither.
    Files.writeString(upload.resolve("my_helpers.py"), "X = 1\n");
    Files.writeString(dags.resolve("my_helpers.py"), "X = 1\n");
    Path local = upload.resolve("local.py");
    Files.writeString(local, "from airflow import DAG\nimport my_helpers\n\nwith DAG(dag_id='local') as dag:\n    pass\n");
    Result refused = run(config, "dags", "upload", local.toString());
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("refused: local.py:2:").contains("my_helpers");
    assertThat(dags.resolve("local.py")).doesNotExist();

    Path text = upload.resolve("notes.txt");
    Files.writeString(text, "airflow dag");
    assertThat(run(config, "dags", "upload", text.toString()).err()).contains("is not a Python file");

    // the daemon skips dot-files, so uploading one would only pretend to work
    Path hidden = upload.resolve(".hidden.py");
    Files.writeString(hidden, "from airflow import DAG\n\nwith DAG(dag_id='hidden') as dag:\n    pass\n");
    Result hiddenRefused = run(config, "dags", "upload", hidden.toString());
    assertThat(hiddenRefused.code()).isEqualTo(1);
    assertThat(hiddenRefused.err()).contains("refused: .hidden.py starts with '.'");
    try (var files = Files.list(dags)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("uploaded.py", "my_helpers.py");
    }
  }
}
