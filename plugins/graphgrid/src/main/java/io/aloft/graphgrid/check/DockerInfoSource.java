package io.aloft.graphgrid.check;

import io.aloft.graphgrid.gpu.CommandRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** Where {@code docker info} JSON comes from: the docker CLI on a host, a recorded string in tests. */
@FunctionalInterface
public interface DockerInfoSource {

  /**
   * The daemon's {@code docker info} as JSON.
   *
   * @throws IOException when Docker is not installed or its daemon does not answer; the message says which
   */
  String dockerInfoJson() throws IOException, InterruptedException;

  /** Runs {@code docker info --format '{{json .}}'}. */
  static DockerInfoSource cli(CommandRunner runner) {
    return () -> {
      CommandRunner.Result result;
      try {
        result = runner.run(List.of("docker", "info", "--format", "{{json .}}"), Duration.ofSeconds(30));
      } catch (IOException e) {
        throw new IOException("the docker CLI was not found: install Docker (e.g. `sudo apt-get install docker.io`)",
            e);
      }
      String out = result.stdout().strip();
      // The CLI prints the client part even when the daemon is down, and says so in ServerErrors / stderr.
      if (result.exitCode() != 0 || out.isEmpty() || out.contains("\"ServerErrors\"")) {
        throw new IOException("the Docker daemon did not answer (" + (result.stderr() + " " + out).strip()
            + "): start it (`sudo systemctl start docker`) and make sure this user may use it");
      }
      return out;
    };
  }
}
