package io.aloft.plugins.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.sdk.testing.FakeTaskContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Airflow's tls_* arguments against an engine that demands client certificates (a TLS proxy to the socket). */
class TlsDockerIT {

  @Test
  void runsThroughATlsEngineWithClientCertificates(@TempDir Path dir) throws Exception {
    LocalDocker.require();
    try (TlsDockerProxy engine = new TlsDockerProxy(dir, Path.of("/var/run/docker.sock"))) {
      Map<String, Object> args = new HashMap<>(Map.of(
          "image", LocalDocker.BUSYBOX, "command", "echo over-tls", "auto_remove", "force", "docker_url", engine.url(),
          "tls_ca_cert", engine.ca.toString(), "tls_client_cert", engine.clientCert.toString(),
          "tls_client_key", engine.clientKey.toString()));

      FakeTaskContext ctx = FakeTaskContext.forTask("it_docker_tls", "t" + System.nanoTime());
      assertThat(new DockerOperator(args).execute(ctx)).isEqualTo("over-tls");

      args.remove("tls_client_cert");
      args.remove("tls_client_key");
      FakeTaskContext noCert = FakeTaskContext.forTask("it_docker_tls", "t" + System.nanoTime());
      assertThatThrownBy(() -> new DockerOperator(args).execute(noCert))
          .isInstanceOf(DockerTaskException.class)
          .hasMessageContaining(engine.url())
          .hasMessageContaining("tls_client_cert");
    }
  }
}
