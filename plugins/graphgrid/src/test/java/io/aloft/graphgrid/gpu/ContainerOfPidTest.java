package io.aloft.graphgrid.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerOfPidTest {

  private static final String ID = "3f4e2b1c9d8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e";

  @Test
  void readsDockerIdsFromCgroupV1AndV2() {
    assertThat(ContainerOfPid.fromCgroup("12:memory:/docker/" + ID + "\n11:cpu:/docker/" + ID)).contains(ID);
    assertThat(ContainerOfPid.fromCgroup("0::/system.slice/docker-" + ID + ".scope\n")).contains(ID);
    assertThat(ContainerOfPid.fromCgroup("0::/kubepods/burstable/pod1/cri-containerd-" + ID + ".scope")).contains(ID);
    assertThat(ContainerOfPid.fromCgroup("0::/user.slice/user-1000.slice/session-2.scope\n")).isEmpty();
  }

  @Test
  void readsProcfsAndToleratesVanishedProcesses(@TempDir Path proc) throws Exception {
    Files.createDirectories(proc.resolve("2417"));
    Files.writeString(proc.resolve("2417/cgroup"), "0::/system.slice/docker-" + ID + ".scope\n");

    assertThat(ContainerOfPid.procfs(proc).apply(2417)).contains(ID);
    assertThat(ContainerOfPid.procfs(proc).apply(9999)).isEmpty();
  }
}
