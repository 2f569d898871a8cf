package io.aloft.plugins.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerCreationTest {

  private static final Map<String, String> LABELS = Map.of(DockerTaskRunner.TRY_LABEL, "1");

  @Test
  void theEngineNeverRemovesTheContainerAndTheLabelSaysWhatTheTryWill() {
    ContainerSpec spec = ContainerSpec.builder("aloft/busybox").command("true").build();
    var client = DockerClients.get(LocalDocker.ENDPOINT); // builds requests only: nothing is sent

    var force = ContainerCreation.command(client, spec, RunOptions.defaults().withAutoRemove(AutoRemove.FORCE), LABELS,
        null);
    assertThat(force.getHostConfig().getAutoRemove()).as("the try removes it after reading its output and exit code")
        .isNotEqualTo(Boolean.TRUE);
    assertThat(force.getLabels()).containsEntry(DockerTaskRunner.AUTO_REMOVE_LABEL, "force")
        .containsEntry(DockerTaskRunner.TRY_LABEL, "1");
    assertThat(ContainerCreation.command(client, spec, RunOptions.defaults(), LABELS, null).getLabels())
        .containsEntry(DockerTaskRunner.AUTO_REMOVE_LABEL, "never");
  }
}
