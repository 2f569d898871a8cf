package io.aloft.plugins.docker;

import java.util.Map;

/**
 * Which Docker engine a task talks to, and how: a {@code unix://} socket or a {@code tcp://} address, with
 * optional TLS files (Airflow's {@code tls_*} arguments).
 *
 * <p>The engine is, in order: the task's {@code docker_url}; the runtime setting {@code docker_host} (the
 * daemon's {@code DOCKER_HOST} or {@code ALOFT_DOCKER_HOST}, handed over in {@code TaskContext.settings()});
 * {@code unix:///var/run/docker.sock}.
 */
public record DockerEndpoint(
    String url, String tlsCaCert, String tlsClientCert, String tlsClientKey, boolean tlsVerify) {

  public static final String DEFAULT_URL = "unix:///var/run/docker.sock";

  /** The settings key that names the default engine. */
  public static final String SETTING = "docker_host";

  public DockerEndpoint {
    url = normalize(url);
  }

  public static DockerEndpoint of(String url) {
    return new DockerEndpoint(url, null, null, null, true);
  }

  /** The engine a task asked for, or the daemon's default one. */
  public static DockerEndpoint resolve(Object dockerUrl, Map<String, String> settings) {
    String url = dockerUrl instanceof java.util.List<?> list && !list.isEmpty() ? String.valueOf(list.get(0))
        : dockerUrl == null ? null : dockerUrl.toString();
    if (url == null || url.isBlank()) {
      url = settings.getOrDefault(SETTING, DEFAULT_URL);
    }
    return of(url);
  }

  public DockerEndpoint withTls(String caCert, String clientCert, String clientKey, boolean verify) {
    return new DockerEndpoint(url, caCert, clientCert, clientKey, verify);
  }

  public boolean usesTls() {
    return tlsCaCert != null || tlsClientCert != null || tlsClientKey != null;
  }

  /** Whether the engine runs on this machine, so a host folder can be bind-mounted into its containers. */
  public boolean isLocal() {
    return url.startsWith("unix://")
        || url.startsWith("tcp://localhost")
        || url.startsWith("tcp://127.0.0.1");
  }

  /**
   * Airflow writes {@code unix://var/run/docker.sock}; docker-java needs three slashes. {@code http://} is
   * Docker's spelling of {@code tcp://}.
   */
  static String normalize(String url) {
    if (url == null || url.isBlank()) {
      return DEFAULT_URL;
    }
    String u = url.strip();
    if (u.startsWith("unix://") && !u.startsWith("unix:///")) {
      return "unix:///" + u.substring("unix://".length());
    }
    if (u.startsWith("http://") || u.startsWith("https://")) {
      return "tcp://" + u.substring(u.indexOf("://") + 3);
    }
    if (u.startsWith("/")) {
      return "unix://" + u;
    }
    return u;
  }
}
