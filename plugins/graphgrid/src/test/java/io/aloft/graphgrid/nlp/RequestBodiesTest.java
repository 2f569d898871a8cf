package io.aloft.graphgrid.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestBodiesTest {

  @TempDir Path store;

  private void file(String relative) throws Exception {
    Path p = store.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, "{\"sentence\": \"a b\"}\n");
  }

  private static Map<String, Object> datasets(String train, String eval) {
    Map<String, Object> files = new HashMap<>();
    files.put("train", train);
    files.put("eval", eval);
    return Map.of("sdk", files);
  }

  @Test
  void theDocumentsRequestBodyPasses() throws Exception {
    file("X/X.jsonl");
    RequestBody r = RequestBodies.check(
        Map.of("model", "named_entity_recognition", "datasets", datasets("X/X.jsonl", null), "gpu", true), store);
    assertThat(r.model()).isEqualTo("named_entity_recognition");
    assertThat(r.gpu()).isTrue();
    assertThat(r.datasets().get("sdk")).isEqualTo(new RequestBody.Dataset("X/X.jsonl", null));
    assertThat(RequestBody.fromXCom(r.toXCom())).isEqualTo(r);
  }

  @Test
  void laterSdkSpellingsAreAccepted() throws Exception {
    file("abc/abc.jsonl");
    RequestBody r = RequestBodies.check(
        Map.of("model", "part_of_speech_tagging", "datasetId", "abc", "GPU", "true", "no_cache", true), store);
    assertThat(r.datasets()).containsKey("abc");
    assertThat(r.gpu()).isTrue();
    assertThat(r.noCache()).isTrue();
    assertThat(r.files()).containsExactly("abc/abc.jsonl");
  }

  @Test
  void anUnknownModelIsRejectedListingTheValidOnes() throws Exception {
    file("X/X.jsonl");
    assertThatThrownBy(() -> RequestBodies.check(Map.of("model", "sentiment", "datasets", datasets("X/X.jsonl", null)), store))
        .hasMessageContaining("unknown model 'sentiment'")
        .hasMessageContaining("named_entity_recognition, part_of_speech_tagging, keyphrase_extraction")
        .hasMessageContaining("relation_extraction");
  }

  @Test
  void missingFilesAndPathsLeavingTheStoreAreRejectedTogether() {
    assertThatThrownBy(() -> RequestBodies.check(
        Map.of("model", "named_entity_recognition", "datasets", datasets("nope.jsonl", "../../etc/passwd")), store))
        .hasMessageContaining("'nope.jsonl' does not exist")
        .hasMessageContaining("'../../etc/passwd' leaves the dataset store");
    assertThatThrownBy(() -> RequestBodies.check(
        Map.of("model", "named_entity_recognition", "datasets", datasets("/etc/passwd", null)), store))
        .hasMessageContaining("leaves the dataset store");
  }

  @Test
  void missingDatasetsOrModelAreNamed() {
    assertThatThrownBy(() -> RequestBodies.check(Map.of(), store))
        .hasMessageContaining("'model' is missing").hasMessageContaining("'datasets' is missing");
  }
}
