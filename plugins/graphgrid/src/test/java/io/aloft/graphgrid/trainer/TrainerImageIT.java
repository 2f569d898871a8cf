package io.aloft.graphgrid.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Builds {@code aloft/nlp-trainer} with its script and trains the shipped sample in a Docker volume, the way
 * {@code train_model_cpu} will: dataset copied into a per-run volume, the trainer's last stdout line is the
 * metrics JSON. Needs a reachable Docker engine (skipped otherwise) and the base image or a way to make it.
 */
class TrainerImageIT {

  private static final String IMAGE = "aloft/nlp-trainer:latest";
  private final String volume = "aloft-it-nlp-" + UUID.randomUUID().toString().substring(0, 8);
  private final String holder = volume + "-holder";

  @AfterEach
  void removeVolume() throws Exception {
    run(60, "docker", "rm", "-f", holder);
    run(60, "docker", "volume", "rm", "-f", volume);
  }

  @Test
  void trainsTheSampleDatasetInAContainer() throws Exception {
    assumeTrue(run(30, "docker", "info").exitCode == 0, "Docker is not reachable");

    Result built = run(900, Path.of("trainer", "build-image.sh").toAbsolutePath().toString());
    assertThat(built.exitCode).as(built.output).isZero();

    assertThat(run(60, "docker", "volume", "create", volume).exitCode).isZero();
    assertThat(run(60, "docker", "create", "--name", holder, "-v", volume + ":/session", IMAGE).exitCode).isZero();
    Path sample = Path.of("src", "main", "resources", "graphgrid", "datasets", "sample").toAbsolutePath();
    Result copied = run(60, "docker", "cp", sample.toString(), holder + ":/session/sample");
    assertThat(copied.exitCode).as(copied.output).isZero();

    Result trained = run(300, "docker", "run", "--rm", "-v", volume + ":/session", IMAGE, "train",
        "--model", "named_entity_recognition",
        "--datasets", "{\"sdk\": {\"train\": \"sample/sample.jsonl\", \"eval\": null}}");

    assertThat(trained.exitCode).as(trained.output).isZero();
    assertThat(trained.output).contains("epoch 10/10 loss=");
    List<String> lines = trained.output.strip().lines().toList();
    JsonNode metrics = new ObjectMapper().readTree(lines.getLast());
    assertThat(metrics.path("f1").asDouble()).isGreaterThan(0.9);
    assertThat(metrics.path("f1_kind").asText()).isEqualTo("entity_micro");
    assertThat(metrics.path("per_label").has("PER")).isTrue();
    assertThat(metrics.path("artifact").asText()).isEqualTo("/session/model/named_entity_recognition.json");

    Result unknown = run(120, "docker", "run", "--rm", "-v", volume + ":/session", IMAGE, "train",
        "--model", "sentiment", "--train", "sample/sample.jsonl");
    assertThat(unknown.exitCode).isEqualTo(2);
    assertThat(unknown.output).contains("unknown model 'sentiment'");
  }

  private record Result(int exitCode, String output) {}

  private static Result run(int timeoutSeconds, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
    process.getOutputStream().close();
    // Output is small (progress lines); read it fully, then wait.
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Result(-1, output + "\n(timed out)");
    }
    return new Result(process.exitValue(), output);
  }
}
