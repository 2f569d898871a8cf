package io.aloft.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderDockerHostTest {

  @TempDir Path home;

  @Test
  void dockerHostBecomesTheDockerPluginSetting() {
    AloftConfig config = ConfigLoader.load(Map.of("ALOFT_HOME", home.toString(), "DOCKER_HOST", "tcp://build:2375"), home, home);

    assertThat(config.setting("docker_host")).contains("tcp://build:2375");
  }

  @Test
  void aloftDockerHostWins() {
    AloftConfig config = ConfigLoader.load(
        Map.of("ALOFT_HOME", home.toString(), "DOCKER_HOST", "tcp://build:2375", "ALOFT_DOCKER_HOST", "unix:///run/docker.sock"),
        home, home);

    assertThat(config.setting("docker_host")).contains("unix:///run/docker.sock");
  }
}
