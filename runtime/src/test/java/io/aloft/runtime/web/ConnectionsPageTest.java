package io.aloft.runtime.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Editing a connection keeps the secrets the edit form only showed masked. */
class ConnectionsPageTest {

  @Test
  void aValueLeftMaskedKeepsTheStoredOneAtAnyDepthAndAChangedOneReplacesIt() {
    Map<String, Object> stored = Map.of("api_key", "k-1", "timeout", 30,
        "auth", Map.of("token", "t-2", "user", "u"));
    Map<String, Object> posted = Map.of("api_key", "***", "timeout", 60,
        "auth", Map.of("token", "***", "user", "v"), "new_key", "***");
    assertThat(ConnectionsPage.keepMasked(posted, stored))
        .containsEntry("api_key", "k-1")
        .containsEntry("timeout", 60)
        .containsEntry("auth", Map.of("token", "t-2", "user", "v"))
        .as("a *** with nothing stored behind it is what the user typed").containsEntry("new_key", "***");
    assertThat(ConnectionsPage.keepMasked(Map.of("api_key", "k-new"), stored)).containsExactly(Map.entry("api_key", "k-new"));
  }
}
