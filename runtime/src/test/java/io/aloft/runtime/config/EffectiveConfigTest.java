package io.aloft.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EffectiveConfigTest {

  @TempDir Path tmp;

  @Test
  void pythonSeesWhatAloftConfigPrintsWithoutSecrets() {
    AloftConfig c = ConfigLoader.load(Map.of("ALOFT_DATABASE_URL", "jdbc:postgresql://db/aloft", "ALOFT_DATABASE_PASSWORD", "pw",
        "ALOFT_API_TOKEN", "t0k", "ALOFT_GPU", "simulated"), tmp, tmp);
    Map<String, String> visible = EffectiveConfig.visible(c);
    assertThat(visible).containsEntry("dags_folder", c.describe().get("dags_folder")).containsEntry("gpu", "simulated")
        .containsEntry("port", "8081").doesNotContainKeys("database_password", "api_token");
    assertThat(EffectiveConfig.json(c)).doesNotContain("pw\"").doesNotContain("t0k").contains("\"dags_folder\"");
  }

  @Test
  void pythonPathTakesSeveralFolders() {
    AloftConfig c = ConfigLoader.load(Map.of("ALOFT_PYTHON_PATH", "/opt/a: /usr/lib/python3/dist-packages:"), tmp, tmp);
    assertThat(c.pythonPath()).containsExactly(Path.of("/opt/a"), Path.of("/usr/lib/python3/dist-packages"));
    assertThat(ConfigLoader.load(Map.of(), tmp, tmp).pythonPath()).isEmpty();
  }
}
