package io.aloft.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import io.aloft.sdk.SettingSpec;
import java.util.List;
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
        .hasMessageContaining("ALOFT_PORT must be a port number from 0 (any free port) to 65535, got 'eighty'");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("ALOFT_PARALLELISM", "0"), tmp, tmp))
        .hasMessageContaining("ALOFT_PARALLELISM must be a whole number greater than 0, got '0'");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("ALOFT_DAGS_ARE_PAUSED_AT_CREATION", "yes"), tmp, tmp))
        .hasMessageContaining("ALOFT_DAGS_ARE_PAUSED_AT_CREATION must be true or false, got 'yes'");
  }

  @Test
  void aBadValueInTheFileNamesTheFileAndKey() throws Exception {
    Path home = tmp.resolve("h");
    Files.createDirectories(home);
    Files.writeString(home.resolve("aloft.properties"), "dag_import_timeout=soon\n");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("ALOFT_HOME", home.toString()), tmp, tmp))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("dag_import_timeout in " + home.resolve("aloft.properties"))
        .hasMessageContaining("must be seconds, or a number with ms, s, m, h or d, got 'soon'");
  }

  @Test
  void durationsTakeUnits() {
    assertThat(ConfigLoader.load(Map.of("ALOFT_DAG_IMPORT_TIMEOUT", "2m"), tmp, tmp).dagImportTimeout().toSeconds())
        .isEqualTo(120);
    assertThat(ConfigLoader.load(Map.of("ALOFT_DAG_IMPORT_TIMEOUT", "45"), tmp, tmp).dagImportTimeout().toSeconds())
        .isEqualTo(45);
  }

  @Test
  void aTypoOfABuiltInNameStopsTheStartWithTheClosestName() throws Exception {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("ALOFT_DAGS_FOLDR", "/srv/dags"), tmp, tmp))
        .isInstanceOf(ConfigException.class)
        .hasMessage("unknown setting ALOFT_DAGS_FOLDR: did you mean ALOFT_DAGS_FOLDER?");
    Path home = tmp.resolve("h2");
    Files.createDirectories(home);
    Files.writeString(home.resolve("aloft.properties"), "paralelism=4\n");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("ALOFT_HOME", home.toString()), tmp, tmp))
        .hasMessage("unknown setting paralelism in " + home.resolve("aloft.properties") + ": did you mean parallelism?");
  }

  @Test
  void otherNamesAreCheckedAgainstWhatThePluginsDeclare() {
    AloftConfig c = ConfigLoader.load(Map.of("ALOFT_GPU", "simulated", "ALOFT_GPU_PREFLIGHT_INTERVL", "5s",
        "ALOFT_GPU_PREFLIGHT_LIMIT", "later"), tmp, tmp);
    List<SettingSpec> declared = List.of(
        SettingSpec.of("gpu", SettingSpec.Type.STRING, null, "probe"),
        SettingSpec.of("gpu_preflight_interval", SettingSpec.Type.DURATION, "30s", "sleep"),
        SettingSpec.of("gpu_preflight_limit", SettingSpec.Type.DURATION, "8h", "limit"));
    assertThatThrownBy(() -> c.checkPluginSettings(declared))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown setting ALOFT_GPU_PREFLIGHT_INTERVL: did you mean ALOFT_GPU_PREFLIGHT_INTERVAL?")
        .hasMessageContaining("ALOFT_GPU_PREFLIGHT_LIMIT must be seconds, or a number with ms, s, m, h or d, got 'later'");
    ConfigLoader.load(Map.of("ALOFT_GPU", "simulated"), tmp, tmp).checkPluginSettings(declared);
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("ALOFT_SOMETHING_ELSE", "1"), tmp, tmp).checkPluginSettings(declared))
        .hasMessageContaining("unknown setting ALOFT_SOMETHING_ELSE: no part of Aloft or its plugins reads it");
  }

  @Test
  void launcherAndTestSuiteVariablesAreKnownButNotPrinted() {
    AloftConfig c = ConfigLoader.load(Map.of("ALOFT_REQUIRE_DOCKER", "true", "ALOFT_AOT", "off",
        "ALOFT_JAVA_OPTS", "-Xmx1g"), tmp, tmp);
    c.checkPluginSettings(List.of());
    assertThat(c.describe()).doesNotContainKeys("require_docker", "aot", "java_opts");
  }

  @Test
  void configListsPluginSettingsWithDefaultsAndMasksSecrets() {
    AloftConfig c = ConfigLoader.load(Map.of("ALOFT_HELLO_TOKEN", "s3cr3t"), tmp, tmp);
    Map<String, String> described = c.describe(List.of(
        SettingSpec.of("hello_greeting", SettingSpec.Type.STRING, "hi", "greeting"),
        SettingSpec.secret("hello_token", "token")));
    assertThat(described).containsEntry("hello_greeting", "hi").containsEntry("hello_token", "***")
        .containsEntry("dags_are_paused_at_creation", "false");
    assertThat(described.toString()).doesNotContain("s3cr3t");
  }
}
