package io.aloft.plugins.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One docker-java client per engine, shared by every task of the daemon: a client holds a connection pool,
 * and making one per task would cost a TCP or socket handshake and a pool each time. Thread-safe.
 */
public final class DockerClients {

  private static final Map<DockerEndpoint, DockerClient> CLIENTS = new ConcurrentHashMap<>();

  private DockerClients() {}

  /** The shared client for this engine, made on first use. */
  public static DockerClient get(DockerEndpoint endpoint) {
    return CLIENTS.computeIfAbsent(endpoint, DockerClients::create);
  }

  /**
   * The HTTP transport under {@code docker} (else under the shared client of the engine), for the few Engine
   * API calls docker-java cannot make: a wait with a condition.
   */
  static DockerHttpClient http(DockerClient docker, DockerEndpoint endpoint) {
    DockerClient client = docker instanceof DockerClientImpl ? docker : get(endpoint);
    return ((DockerClientImpl) client).getHttpClient();
  }

  /**
   * Loads and initialises docker-java in the background (seconds of class loading and JSON mapping on a
   * small machine), so that the first Docker task does not wait for it. Errors are ignored: Docker may not
   * be running, or not be used at all.
   */
  public static void warmUp(DockerEndpoint endpoint) {
    Thread.ofVirtual().name("aloft-docker-warmup").start(() -> {
      try {
        DockerClient client = get(endpoint);
        client.pingCmd().exec();
        client.listContainersCmd().withShowAll(true).withLabelFilter(java.util.Map.of("io.aloft.warmup", "1")).exec();
      } catch (RuntimeException | LinkageError ignored) {
        // The first task reports whatever is wrong, with advice.
      }
    });
  }

  private static DockerClient create(DockerEndpoint endpoint) {
    // Every value is set here, so what docker-java would read from the environment does not matter. TLS is
    // the HTTP client's business (PemSslConfig): docker-java's own TLS setting wants a DOCKER_CERT_PATH.
    DockerClientConfig config =
        DefaultDockerClientConfig.createDefaultConfigBuilder()
            .withDockerHost(endpoint.url())
            .withDockerTlsVerify(false)
            .build();
    ApacheDockerHttpClient.Builder http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .maxConnections(256)
            .connectionTimeout(Duration.ofSeconds(5));
    if (endpoint.usesTls()) {
      http.sslConfig(new PemSslConfig(endpoint));
    }
    DockerHttpClient httpClient = http.build();
    return DockerClientImpl.getInstance(config, httpClient);
  }
}
