package io.aloft.runtime.execution.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.sdk.testing.FakeTaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop that arrives while the try is still preparing (the daemon's SIGTERM right after the claim) finds
 * no process to kill: the command must then not start at all, or it outlives the stop and its try stays
 * {@code running} (the flaky StandaloneShutdownIT).
 */
class BashProcessTest {

  @TempDir Path tmp;

  @Test
  void aKillBeforeTheStartKeepsTheCommandFromStarting() {
    BashProcess p = new BashProcess();
    p.kill();
    Path marker = tmp.resolve("ran");
    assertThatThrownBy(() -> p.run(FakeTaskContext.forTask("d", "t"), "touch " + marker, Map.of(), true, null, null))
        .isInstanceOf(InterruptedException.class)
        .hasMessageContaining("stopped before its command started");
    assertThat(Files.exists(marker)).isFalse();
  }

  @Test
  void aCommandRunsWhenNotKilled() throws Exception {
    BashProcess.Result r = new BashProcess().run(FakeTaskContext.forTask("d", "t"), "echo hi", Map.of(), true, null, null);
    assertThat(r.exitCode()).isZero();
    assertThat(r.lastLine()).isEqualTo("hi");
  }
}
