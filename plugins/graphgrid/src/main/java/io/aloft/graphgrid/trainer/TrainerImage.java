package io.aloft.graphgrid.trainer;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Makes sure {@link TrainerSources#IMAGE} exists on an engine, building it from the sources shipped in the plugin
 * jar on first use (the documented command is {@code plugins/graphgrid/trainer/build-image.sh}). A missing base
 * image ({@link TrainerSources#BASE_IMAGE}) is built first, as {@code scripts/build-images.sh} does: a minimal Debian
 * bookworm with python3 from {@code mmdebstrap}, {@code docker import}ed (nothing is pulled). Both steps say so in the
 * task log; the second run finds both images and builds nothing. Thread-safe: builds are serialized.
 */
public final class TrainerImage {

  private TrainerImage() {}

  public static synchronized void ensure(DockerClient docker, Consumer<String> log) throws IOException {
    if (exists(docker, TrainerSources.IMAGE)) {
      return;
    }
    if (!exists(docker, TrainerSources.BASE_IMAGE)) {
      buildBase(log);
    }
    log.accept("building " + TrainerSources.IMAGE + " from the plugin's trainer sources (first use)");
    Path context = Files.createTempDirectory("aloft-trainer-build-");
    try {
      TrainerSources.extractTo(context);
      docker.buildImageCmd(context.toFile()).withTags(Set.of(TrainerSources.IMAGE)).withPull(false)
          .exec(new BuildImageResultCallback()).awaitImageId();
    } finally {
      try (Stream<Path> files = Files.walk(context)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The shell pipeline of {@code scripts/build-images.sh}'s {@code build_python}. */
  static final String BASE_PIPELINE = "set -o pipefail; mmdebstrap --quiet --variant=minbase --include=python3 bookworm -"
      + " | docker import --change 'CMD [\"/usr/bin/python3\"]'"
      + " --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - " + TrainerSources.BASE_IMAGE;

  private static void buildBase(Consumer<String> log) throws IOException {
    for (String tool : List.of("mmdebstrap", "docker")) {
      if (!onPath(tool)) {
        throw new IOException("the trainer's base image " + TrainerSources.BASE_IMAGE + " is missing and building it"
            + " needs " + tool + ", which is not installed: install it (sudo apt-get install "
            + (tool.equals("docker") ? "docker.io" : tool) + ") or run scripts/build-images.sh once");
      }
    }
    log.accept("building the trainer's base image " + TrainerSources.BASE_IMAGE + " (first use: mmdebstrap of Debian"
        + " bookworm with python3, then docker import; a few minutes)");
    Process p = new ProcessBuilder("bash", "-c", BASE_PIPELINE).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    try {
      if (p.waitFor() != 0) {
        throw new IOException("building the base image " + TrainerSources.BASE_IMAGE + " failed (" + output
            + "): run scripts/build-images.sh to see each step");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while building " + TrainerSources.BASE_IMAGE, e);
    }
    log.accept("built " + TrainerSources.BASE_IMAGE);
  }

  private static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
    return Arrays.stream(path.split(File.pathSeparator)).anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
  }

  private static boolean exists(DockerClient docker, String image) {
    try {
      docker.inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }
}
