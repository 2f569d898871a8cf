package io.aloft.plugins.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.aloft.sdk.testing.ShimScript;
import org.junit.jupiter.api.Test;

/**
 * Runs the Python shim's tests (src/test/python) with the machine's python3 and the SDK's airflow package:
 * a DAG file's DockerOperator becomes a Java task whose args hold every argument, Mount and DeviceRequest as
 * dicts. Skips without python3.
 */
class DockerShimTest {

  @Test
  void pythonShimFollowsTheSerializationConvention() throws Exception {
    ShimScript.Result result = ShimScript.run("src/test/python/test_docker_shim.py").orElse(null);
    assumeTrue(result != null, "python3 is not installed, or not run from the module folder");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }
}
