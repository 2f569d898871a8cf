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
  void helpAndUnknownCommandsMayBeAskedButNeverWhatNeedsTheCallersProcess() {
    assertThat(DaemonClient.mayAsk(new String[] {"no-such-command"})).isTrue();
    assertThat(DaemonClient.mayAsk(new String[] {"--help"})).isTrue();
    assertThat(DaemonClient.mayAsk(new String[] {"dags", "list"})).isTrue();
    assertThat(DaemonClient.mayAsk(new String[] {})).isFalse();
    assertThat(DaemonClient.mayAsk(new String[] {"dags", "trigger", "d", "--wait"})).isFalse();
    assertThat(DaemonClient.mayAsk(new String[] {"nope", "@args.txt"})).isFalse();
  }

  @Test
  void theWaitIsReadLikeEveryDurationSettingWithTheDefaultForWhatItCannotRead() {
    assertThat(DaemonClient.answerTimeout(java.util.Optional.empty())).isEqualTo(DaemonClient.DEFAULT_TIMEOUT);
    assertThat(DaemonClient.answerTimeout(java.util.Optional.of("5"))).hasSeconds(5);
    assertThat(DaemonClient.answerTimeout(java.util.Optional.of("2m"))).hasMinutes(2);
    assertThat(DaemonClient.answerTimeout(java.util.Optional.of("500ms"))).hasMillis(500);
    assertThat(DaemonClient.answerTimeout(java.util.Optional.of("soon"))).isEqualTo(DaemonClient.DEFAULT_TIMEOUT);
    assertThat(DaemonClient.answerTimeout(java.util.Optional.of("0"))).isEqualTo(DaemonClient.DEFAULT_TIMEOUT);
  }

  @Test
  void aDaemonThatAcceptsButNeverAnswersIsGivenUpOnWithAClearMessage() throws Exception {
    Path home = Files.createTempDirectory("aloft-hung-daemon-");
    try (var hung = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      hung.bind(java.net.UnixDomainSocketAddress.of(home.resolve(DaemonClient.SOCKET)));
      // connections wait in the backlog, never accepted nor answered
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = DaemonClient.ask(home, "embedded", new String[] {"dags", "list"}, new PrintWriter(out), new PrintWriter(err),
          java.time.Duration.ofMillis(300));
      assertThat(code).isEqualTo(DaemonClient.NOT_ANSWERED); // it only reads: the caller runs it itself
      assertThat(out.toString()).isEmpty();
      assertThat(err.toString()).contains("did not answer within").contains("ALOFT_CLI_DAEMON_TIMEOUT")
          .contains("running the command here instead");

      StringWriter err2 = new StringWriter();
      code = DaemonClient.ask(home, "embedded", new String[] {"dags", "trigger", "d"}, new PrintWriter(out),
          new PrintWriter(err2), java.time.Duration.ofMillis(300));
      assertThat(code).isEqualTo(1); // the run may exist: not triggered a second time
      assertThat(err2.toString()).contains("did not answer within").contains("aloft dags list-runs d");
    }
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
