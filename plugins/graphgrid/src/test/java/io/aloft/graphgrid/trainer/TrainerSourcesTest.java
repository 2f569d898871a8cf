package io.aloft.graphgrid.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerSourcesTest {

  @Test
  void theShippedBuildContextIsTheTrainerSourceTree(@TempDir Path context) throws Exception {
    Path trainer = Path.of("trainer");
    List<String> sources = new ArrayList<>(List.of("Dockerfile", ".dockerignore"));
    try (Stream<Path> files = Files.list(trainer.resolve("aloft_trainer"))) {
      files.filter(f -> f.toString().endsWith(".py")).map(f -> "aloft_trainer/" + f.getFileName()).forEach(sources::add);
    }

    TrainerSources.extractTo(context);

    assertThat(TrainerSources.FILES).containsExactlyInAnyOrderElementsOf(sources);
    for (String file : sources) {
      assertThat(context.resolve(file)).as(file).hasSameBinaryContentAs(trainer.resolve(file));
    }
  }
}
