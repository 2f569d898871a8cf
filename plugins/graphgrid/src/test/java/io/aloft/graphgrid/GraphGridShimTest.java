package io.aloft.graphgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import io.aloft.sdk.testing.ShimScript;
import org.junit.jupiter.api.Test;

/**
 * Runs the Python shim's tests (src/test/python) with the machine's python3: both spellings import from
 * {@code graphgrid_provider.operators.graphgrid_docker}, arguments serialize for the Java operators. Skips without
 * python3.
 */
class GraphGridShimTest {

  @Test
  void pythonShimFollowsTheSerializationConvention() throws Exception {
    ShimScript.Result result = ShimScript.run("src/test/python/test_graphgrid_shim.py").orElse(null);
    assumeTrue(result != null, "python3 is not installed, or not run from the module folder");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void theProviderAnswersToBothSpellingsAndTemplatesTheDocumentsFields() {
    var descriptors = new GraphGridProvider().operators();
    var docker = descriptors.stream().filter(d -> d.name().equals("GraphGridDockerOperator")).findFirst().orElseThrow();
    assertThat(docker.pythonPaths()).containsExactly(
        "graphgrid_provider.operators.graphgrid_docker.GraphGridDockerOperator",
        "graphgrid_provider.operators.graphgrid_docker.GraphgridDockerOperator");
    assertThat(docker.templateFields())
        .containsExactlyInAnyOrder("command", "environment", "container_name", "image", "mounts", "gpu");
    assertThat(docker.argument("gpu_healthcheck")).isPresent();
    assertThat(docker.isSecret("private_environment")).isTrue();
    assertThat(descriptors).extracting(d -> d.name()).doesNotHaveDuplicates().contains(GraphGridProvider.GPU_CHECK);
  }
}
