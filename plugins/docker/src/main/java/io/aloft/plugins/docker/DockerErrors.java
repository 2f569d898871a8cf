package io.aloft.plugins.docker;

import com.github.dockerjava.api.exception.DockerException;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns docker-java failures a user can hit into messages that say what to do. */
final class DockerErrors {

  private static final Pattern BIND_SOURCE =
      Pattern.compile("bind source path does not exist: (\\S+)");

  private DockerErrors() {}

  /** True when the engine could not be reached at all (no socket, refused, unknown host, timeout). */
  static boolean isUnreachable(Throwable e) {
    if (e instanceof DockerException) {
      return false;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  static DockerTaskException unreachable(DockerEndpoint endpoint, Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      // An engine that rejects the client certificate may close the connection while a request body is
      // still being written: the client then sees a reset or broken pipe instead of the SSL alert.
      boolean droppedMidTls = endpoint.usesTls() && t instanceof java.net.SocketException;
      if (t instanceof javax.net.ssl.SSLException || droppedMidTls) {
        return new DockerTaskException(
            "the TLS handshake with the Docker engine at " + endpoint.url() + " failed (" + rootMessage(e)
                + "): check tls_ca_cert, tls_client_cert and tls_client_key (the engine's CA, and a client"
                + " certificate and key it accepts)",
            e);
      }
    }
    return new DockerTaskException(
        "Docker is not reachable at "
            + endpoint.url()
            + " ("
            + rootMessage(e)
            + "): start Docker (e.g. `sudo systemctl start docker`, or `dockerd &`) or set DOCKER_HOST"
            + " (or the task's docker_url) to a running engine",
        e);
  }

  static DockerTaskException imageMissing(String image, Throwable pullFailure) {
    return new DockerTaskException(
        "image '"
            + image
            + "' is not on the Docker host and could not be pulled ("
            + rootMessage(pullFailure)
            + "): build it (`scripts/build-images.sh` makes Aloft's aloft/* images; otherwise `docker build -t "
            + image
            + " .`) or fix image= in the DAG",
        pullFailure);
  }

  /** The message for a create/start failure, with the fix when it is one we recognise. */
  static RuntimeException createFailed(String image, DockerException e) {
    String msg = e.getMessage() == null ? "" : e.getMessage();
    Matcher m = BIND_SOURCE.matcher(msg);
    if (m.find()) {
      String path = m.group(1).replaceAll("[\"}\\s]+$", "");
      return new DockerTaskException(
          "mount source " + path + " does not exist on the Docker host: create the path (`mkdir -p " + path
              + "`) or fix Mount(source=...) in the DAG",
          e);
    }
    if (msg.contains("could not select device driver")) {
      return new DockerTaskException(
          "the Docker host cannot give this container the devices it asks for (" + msg.strip() + "): install the"
              + " NVIDIA Container Toolkit on the Docker host and restart dockerd, or drop device_requests to run on CPU",
          e);
    }
    return new DockerTaskException("Docker could not create or start a container from '" + image + "': " + msg.strip(), e);
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m.strip();
  }
}
