package io.aloft.plugins.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the Python shim's tests (src/test/python) with the machine's python3 and the SDK's airflow package: a DAG
 * file's KubernetesPodOperator becomes a Java task whose args hold the Kubernetes API's JSON. Skips without python3.
 */
class KubernetesShimTest {

  @Test
  void pythonShimSerializesModelsAndSecrets() throws Exception {
    Path script = Path.of("src/test/python/test_kubernetes_shim.py").toAbsolutePath();
    assumeTrue(Files.exists(script), "run from the module folder");
    Process p;
    try {
      p = new ProcessBuilder("python3", script.toString()).redirectErrorStream(true).start();
    } catch (java.io.IOException noPython) {
      assumeTrue(false, "python3 is not installed");
      return;
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
  }
}
