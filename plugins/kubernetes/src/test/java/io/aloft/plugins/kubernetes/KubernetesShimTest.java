package io.aloft.plugins.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.aloft.sdk.testing.ShimScript;
import org.junit.jupiter.api.Test;

/**
 * Runs the Python shim's tests (src/test/python) with the machine's python3 and the SDK's airflow package: a DAG
 * file's KubernetesPodOperator becomes a Java task whose args hold the Kubernetes API's JSON. Skips without python3.
 */
class KubernetesShimTest {

  @Test
  void pythonShimSerializesModelsAndSecrets() throws Exception {
    ShimScript.Result result = ShimScript.run("src/test/python/test_kubernetes_shim.py").orElse(null);
    assumeTrue(result != null, "python3 is not installed, or not run from the module folder");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }
}
