package io.aloft.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path tmp;

  @Test
  void defaultsLiveUnderTheUsersHome() {
    AloftConfig c = ConfigLoader.load(Map.of(), tmp, tmp.resolve("work"));
    assertThat(c.home()).isEqualTo(tmp.resolve(".aloft"));
    assertThat(c.dagsFolder()).isEqualTo(tmp.resolve("work/dags"));
    assertThat(c.port()).isEqualTo(8081);
    assertThat(c.database()).isEmpty();
    assertThat(c.dagImportTimeout().toSeconds()).isEqualTo(30);
  }

  @Test
  void theCacheIsSharedByEveryHomeOfAUser() {
    assertThat(ConfigLoader.load(Map.of("ALOFT_HOME", "/a"), tmp, tmp).cacheFolder())
        .isEqualTo(tmp.resolve(".cache/aloft"))
        .isEqualTo(ConfigLoader.load(Map.of("ALOFT_HOME", "/b"), tmp, tmp).cacheFolder());
    assertThat(ConfigLoader.load(Map.of("XDG_CACHE_HOME", "/xdg"), tmp, tmp).cacheFolder()).isEqualTo(Path.of("/xdg/aloft"));
    assertThat(ConfigLoader.load(Map.of("ALOFT_CACHE_FOLDER", "/c", "XDG_CACHE_HOME", "/xdg"), tmp, tmp).cacheFolder())
        .isEqualTo(Path.of("/c"));
  }

  @Test
  void environmentWinsOverTheFile() throws Exception {
    Path home = tmp.resolve("h");
    Files.createDirectories(home);
    Files.writeString(home.resolve("aloft.properties"), "port=9000\ndags_folder=/srv/dags\nparallelism=4\n");
    AloftConfig c = ConfigLoader.load(Map.of("ALOFT_HOME", home.toString(), "ALOFT_PORT", "9100"), tmp, tmp);
    assertThat(c.port()).isEqualTo(9100);
    assertThat(c.dagsFolder()).isEqualTo(Path.of("/srv/dags"));
    assertThat(c.parallelism()).isEqualTo(4);
  }

  @Test
  void describeMasksSecrets() {
    AloftConfig c = ConfigLoader.load(
        Map.of("ALOFT_DATABASE_URL", "jdbc:postgresql://db/aloft", "ALOFT_DATABASE_PASSWORD", "hunter22", "ALOFT_API_TOKEN", "tok123"),
        tmp, tmp);
    assertThat(c.describe().toString()).doesNotContain("hunter22").doesNotContain("tok123").contains("database_password=***");
    assertThat(c.database().orElseThrow().toString()).doesNotContain("hunter22");
  }

  @Test
  void badNumbersSayWhichVariable() {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("ALOFT_PORT", "eighty"), tmp, tmp))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ALOFT_PORT must be a whole number");
  }
}
