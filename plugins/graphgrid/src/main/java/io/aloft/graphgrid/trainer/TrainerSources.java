package io.aloft.graphgrid.trainer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The NLP trainer's Docker build context ({@code Dockerfile} and the {@code aloft_trainer} package), shipped
 * inside the plugin jar under {@value #ROOT}. {@link #extractTo} writes it to a directory that
 * {@code docker build} (or docker-java's build command) takes as its context, producing {@link #IMAGE}.
 */
public final class TrainerSources {

  /** The image the GPU and CPU training tasks run. */
  public static final String IMAGE = "aloft/nlp-trainer:latest";
  /** Its base, made by {@code scripts/build-images.sh} (or the trainer's {@code build-image.sh}). */
  public static final String BASE_IMAGE = "aloft/python:bookworm";
  static final String ROOT = "graphgrid/trainer/";
  /** Every file of the build context, relative to it; a test keeps it equal to the source tree. */
  static final List<String> FILES = List.of(
      "Dockerfile", ".dockerignore",
      "aloft_trainer/__init__.py", "aloft_trainer/__main__.py", "aloft_trainer/classifier.py",
      "aloft_trainer/cli.py", "aloft_trainer/data.py", "aloft_trainer/device.py", "aloft_trainer/errors.py",
      "aloft_trainer/metrics.py", "aloft_trainer/perceptron.py", "aloft_trainer/tagger.py",
      "aloft_trainer/tasks.py", "aloft_trainer/training.py");

  private TrainerSources() {}

  /**
   * Writes the build context into {@code directory} (created if missing) and returns it.
   *
   * @throws IOException when a file is missing from the jar (a packaging bug) or cannot be written
   */
  public static Path extractTo(Path directory) throws IOException {
    for (String file : FILES) {
      Path target = directory.resolve(file);
      Files.createDirectories(target.getParent());
      try (InputStream in = TrainerSources.class.getClassLoader().getResourceAsStream(ROOT + file)) {
        if (in == null) {
          throw new IOException("the plugin jar lacks " + ROOT + file + ": rebuild the graphgrid plugin");
        }
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return directory;
  }
}
