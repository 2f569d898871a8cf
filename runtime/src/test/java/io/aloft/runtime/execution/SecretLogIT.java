package io.aloft.runtime.execution;

import static io.aloft.runtime.execution.Specs.bash;
import static io.aloft.runtime.execution.Specs.dag;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.RunState;
import io.aloft.runtime.store.DagRunRow;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 17, item 2, through the real executor: a sensitive variable rendered into a Bash command. */
class SecretLogIT {

  @Test
  void aSensitiveVariableRenderedIntoABashCommandIsMaskedInTheLogAndRenderedFields() throws Exception {
    try (TestEngine engine = new TestEngine()) {
      engine.stores.variables().set("db_password", "S3cretPw-123", null);
      engine.stores.variables().set("region", "eu-west-1", null);
      engine.save(dag("secret_use",
          bash("use", "echo \"login with {{ var.value.db_password }} in {{ var.value.region }}\"")));
      DagRunRow run = engine.run("secret_use", Map.of(), Duration.ofSeconds(60));
      assertThat(run.state()).isEqualTo(RunState.SUCCESS);
      String log = engine.log("secret_use", run.runId(), "use", 1);
      assertThat(log).doesNotContain("S3cretPw-123").contains("login with *** in eu-west-1");
      var file = engine.logs.path("secret_use", run.runId(), "use", -1, 1);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
      String rendered = engine.stores.jdbi().withHandle(h ->
          h.createQuery("SELECT rendered_fields::text FROM task_instance WHERE dag_id = 'secret_use'").mapTo(String.class).one());
      assertThat(rendered).doesNotContain("S3cretPw-123").contains("***");
    }
  }
}
