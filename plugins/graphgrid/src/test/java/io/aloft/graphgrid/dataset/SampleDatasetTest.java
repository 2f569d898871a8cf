package io.aloft.graphgrid.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDatasetTest {

  @Test
  void installsBothSplitsInSdkFormat(@TempDir Path store) throws Exception {
    assertThat(SampleDataset.install(store)).hasSize(2);

    List<String> train = Files.readAllLines(store.resolve(SampleDataset.TRAIN));
    assertThat(train).hasSize(400);
    assertThat(Files.readAllLines(store.resolve(SampleDataset.EVAL))).hasSize(100);
    JsonNode first = new ObjectMapper().readTree(train.getFirst());
    int tokens = first.path("sentence").asText().split(" ").length;
    assertThat(first.path("named_entity").size()).isEqualTo(tokens);
    assertThat(first.path("pos").size()).isEqualTo(tokens);
    assertThat(first.path("sentiment").has("binary")).isTrue();
    assertThat(first.path("sentiment").has("categorical")).isTrue();
  }

  @Test
  void keepsFilesAlreadyInTheStore(@TempDir Path store) throws Exception {
    Files.createDirectories(store.resolve("sample"));
    Files.writeString(store.resolve(SampleDataset.TRAIN), "{\"sentence\": \"mine\"}\n");

    assertThat(SampleDataset.install(store)).containsExactly(store.resolve(SampleDataset.EVAL));
    assertThat(Files.readString(store.resolve(SampleDataset.TRAIN))).contains("mine");
  }
}
