package io.aloft.plugins.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerCreationTest {

  private static final Map<String, String> LABELS = Map.of(DockerTaskRunner.TRY_LABEL, "1");

  @Test
  void onlyForceWithoutAnOutputFileLeavesTheRemovalToTheEngine() {
    RunOptions force = RunOptions.defaults().withAutoRemove(AutoRemove.FORCE);
    RunOptions forceWithFile = new RunOptions(AutoRemove.FORCE, false, "/tmp/out.json", java.util.Set.of(), null, null, false);

    assertThat(DockerTaskRunner.enginesRemoval(force)).isTrue();
    assertThat(DockerTaskRunner.enginesRemoval(forceWithFile)).as("the file is copied out of the stopped container").isFalse();
    assertThat(DockerTaskRunner.enginesRemoval(RunOptions.defaults().withAutoRemove(AutoRemove.SUCCESS))).isFalse();
    assertThat(DockerTaskRunner.enginesRemoval(RunOptions.defaults())).isFalse();
  }

  @Test
  void theEngineRemovesTheContainerWhenAskedTo() {
    ContainerSpec spec = ContainerSpec.builder("aloft/busybox").command("true").build();
    var client = DockerClients.get(LocalDocker.ENDPOINT); // builds requests only: nothing is sent

    assertThat(ContainerCreation.command(client, spec, RunOptions.defaults(), LABELS, null, true).getHostConfig().getAutoRemove())
        .isTrue();
    assertThat(ContainerCreation.command(client, spec, RunOptions.defaults(), LABELS, null, false).getHostConfig().getAutoRemove())
        .isNotEqualTo(Boolean.TRUE);
  }
}
