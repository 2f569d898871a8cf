package io.aloft.graphgrid.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the NLP trainer's own Python tests ({@code trainer/tests}, standard-library {@code unittest}) so that
 * {@code mvn test} covers the trainer too: it learns, entity F1 counts type and span, the held-out split, errors.
 */
class TrainerUnitTestsTest {

  @Test
  void pythonUnitTestsPass() throws Exception {
    Path trainer = Path.of("trainer").toAbsolutePath();
    assumeTrue(Files.isDirectory(trainer.resolve("aloft_trainer")), "run from plugins/graphgrid");
    assumeTrue(python3Available(), "python3 is not installed");

    ProcessBuilder builder = new ProcessBuilder("python3", "-m", "unittest", "discover", "-s", "tests", "-t", ".")
        .directory(trainer.toFile())
        .redirectErrorStream(true);
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("OK");
  }

  private static boolean python3Available() {
    try {
      return new ProcessBuilder("python3", "--version").start().waitFor(30, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
