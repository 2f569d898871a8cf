package io.aloft.plugins.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.sdk.OperatorDescriptor;
import io.aloft.sdk.OperatorProvider;
import io.aloft.sdk.testing.FakeTaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;

/**
 * The packaged plugin zip (target/*-plugin.zip, made before integration tests run) loads in PF4J and runs a
 * container and a Swarm service.
 */
class DockerPluginZipIT {

  @Test
  void thePluginZipLoadsInItsOwnClassLoaderAndRunsAContainer(@TempDir Path folder) throws Exception {
    LocalDocker.require();
    Path zip;
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      zip = files.filter(p -> p.getFileName().toString().endsWith("-plugin.zip")).findFirst().orElseThrow();
    }
    Files.copy(zip, folder.resolve(zip.getFileName()));

    PluginManager manager = new DefaultPluginManager(folder);
    manager.loadPlugins();
    manager.startPlugins();
    try {
      List<OperatorProvider> providers = manager.getExtensions(OperatorProvider.class, "docker");
      assertThat(providers).hasSize(1);
      assertThat(providers.get(0).getClass().getClassLoader()).isSameAs(manager.getPluginClassLoader("docker"));
      OperatorDescriptor d = providers.get(0).operators().get(0);
      assertThat(d.name()).isEqualTo("DockerOperator");

      FakeTaskContext ctx = FakeTaskContext.forTask("it_docker_zip", "t" + System.nanoTime());
      Object xcom = d.factory().create(Map.of("image", LocalDocker.BUSYBOX, "command", "echo from-zip", "auto_remove", "force"))
          .execute(ctx);
      assertThat(xcom).isEqualTo("from-zip");

      // The Swarm operator from the same zip: its service spec is JSON made inside the plugin's class loader.
      LocalSwarm.require();
      OperatorDescriptor swarm = providers.get(0).operators().get(1);
      assertThat(swarm.name()).isEqualTo("DockerSwarmOperator");
      FakeTaskContext swarmCtx = FakeTaskContext.forTask("it_docker_zip", "s" + System.nanoTime());
      swarm.factory().create(Map.of("image", LocalDocker.BUSYBOX, "command", "echo from-swarm-zip", "auto_remove", "force"))
          .execute(swarmCtx);
      assertThat(swarmCtx.outputLines()).containsExactly("from-swarm-zip");
    } finally {
      manager.stopPlugins();
      manager.unloadPlugins();
    }
  }
}
