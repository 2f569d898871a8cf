package io.aloft.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DaemonClientTest {

  @Test
  void onlyTheFrequentCommandsGoToTheDaemonAndNeverWhatNeedsTheCallersProcess() {
    assertThat(DaemonClient.eligible(new String[] {"dags", "list", "-o", "json"})).isTrue();
    assertThat(DaemonClient.eligible(new String[] {"dags", "trigger", "d", "--conf", "{}"})).isTrue();
    assertThat(DaemonClient.eligible(new String[] {"tasks", "states-for-dag-run", "d", "r"})).isTrue();
    assertThat(DaemonClient.eligible(new String[] {"variables", "get", "k"})).isTrue();
    // --wait follows the run until Ctrl-C; @file is read from the caller's working directory
    assertThat(DaemonClient.eligible(new String[] {"dags", "trigger", "d", "--wait"})).isFalse();
    assertThat(DaemonClient.eligible(new String[] {"dags", "trigger", "d", "--wait=true"})).isFalse();
    assertThat(DaemonClient.eligible(new String[] {"dags", "list", "@args.txt"})).isFalse();
    assertThat(DaemonClient.eligible(new String[] {"variables", "set", "k", "v"})).isFalse();
    assertThat(DaemonClient.eligible(new String[] {"dags"})).isFalse();
    assertThat(DaemonClient.eligible(new String[] {"standalone"})).isFalse();
    assertThat(DaemonClient.eligible(new String[] {"-h", "dags", "list"})).isFalse();
  }

  @Test
  void withoutADaemonNothingIsAnsweredAndNothingPrinted() throws Exception {
    Path home = Files.createTempDirectory("aloft-no-daemon-");
    StringWriter out = new StringWriter();
    assertThat(DaemonClient.ask(home, "embedded", new String[] {"dags", "list"}, new PrintWriter(out), new PrintWriter(out)))
        .isEqualTo(DaemonClient.NOT_ANSWERED);
    // a plain file where the socket should be (not a socket at all)
    Files.writeString(home.resolve(DaemonClient.SOCKET), "x");
    assertThat(DaemonClient.ask(home, "embedded", new String[] {"dags", "list"}, new PrintWriter(out), new PrintWriter(out)))
        .isEqualTo(DaemonClient.NOT_ANSWERED);
    assertThat(out.toString()).isEmpty();
  }
}
