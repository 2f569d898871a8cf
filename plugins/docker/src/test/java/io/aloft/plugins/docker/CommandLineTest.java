package io.aloft.plugins.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {

  @Test
  void splitsStringsLikeAShell() {
    assertThat(CommandLine.parse("command", "echo 'hello world' \"a \\\"b\\\"\" c\\ d"))
        .containsExactly("echo", "hello world", "a \"b\"", "c d");
  }

  @Test
  void readsPythonListLiterals() {
    assertThat(CommandLine.parse("command", " [\"sh\", '-c', 'echo \"hi\"'] "))
        .containsExactly("sh", "-c", "echo \"hi\"");
    assertThat(CommandLine.parse("command", "[]")).isEmpty();
  }

  @Test
  void keepsListsAndNull() {
    assertThat(CommandLine.parse("command", List.of("a", 1))).containsExactly("a", "1");
    assertThat(CommandLine.parse("command", null)).isNull();
  }

  @Test
  void rejectsUnterminatedQuote() {
    assertThatThrownBy(() -> CommandLine.parse("command", "echo 'oops"))
        .hasMessageContaining("unterminated");
  }
}
