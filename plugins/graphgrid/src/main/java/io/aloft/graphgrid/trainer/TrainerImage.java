package io.aloft.graphgrid.trainer;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Makes sure {@link TrainerSources#IMAGE} exists on an engine, building it from the sources shipped in the plugin
 * jar on first use (the documented command is {@code plugins/graphgrid/trainer/build-image.sh}). The base image
 * must exist: building it needs a registry or a Debian bootstrap, which is the script's job. Thread-safe: builds
 * are serialized.
 */
public final class TrainerImage {

  private TrainerImage() {}

  public static synchronized void ensure(DockerClient docker, Consumer<String> log) throws IOException {
    if (exists(docker, TrainerSources.IMAGE)) {
      return;
    }
    if (!exists(docker, TrainerSources.BASE_IMAGE)) {
      throw new IOException("the trainer image " + TrainerSources.IMAGE + " and its base " + TrainerSources.BASE_IMAGE
          + " are missing: run plugins/graphgrid/trainer/build-image.sh (or scripts/build-images.sh) once");
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

  private static boolean exists(DockerClient docker, String image) {
    try {
      docker.inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }
}
