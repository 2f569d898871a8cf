package io.aloft.runtime.scheduler;

import static io.aloft.runtime.model.DatasetCondition.allOf;
import static io.aloft.runtime.model.DatasetCondition.anyOf;
import static io.aloft.runtime.model.DatasetCondition.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.runtime.model.DatasetCondition;
import io.aloft.runtime.model.SpecJson;
import io.aloft.runtime.store.DatasetStore.Queued;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure decision of whether queued dataset events make a consumer run. */
class DatasetTriggersTest {

  private static boolean met(DatasetCondition c, String... updated) {
    List<Queued> queued = Arrays.stream(updated).map(u -> new Queued(1, u, Instant.EPOCH)).toList();
    return DatasetTriggers.isMet(c, queued);
  }

  @Test
  void allNeedsEveryPartAndAnyOnePart() {
    DatasetCondition all = allOf(of("a"), of("b"));
    assertThat(met(all, "a")).isFalse();
    assertThat(met(all, "a", "b")).isTrue();
    DatasetCondition any = anyOf(of("a"), of("b"));
    assertThat(met(any)).isFalse();
    assertThat(met(any, "b")).isTrue();
  }

  @Test
  void nestedConditionsCombine() {
    DatasetCondition c = allOf(anyOf(of("a"), of("b")), of("c")); // (a | b) & c
    assertThat(met(c, "a", "b")).isFalse();
    assertThat(met(c, "b", "c")).isTrue();
    assertThat(met(c, "c", "c")).isFalse();
    assertThat(c.uris()).containsExactly("a", "b", "c");
  }

  @Test
  void anAliasStandsForTheDatasetsAddedToItSoFar() {
    DatasetCondition c = allOf(DatasetCondition.alias("x"), of("b")); // alias x & b
    List<Queued> aAndB = List.of(new Queued(1, "s3://a", Instant.EPOCH), new Queued(2, "b", Instant.EPOCH));
    assertThat(DatasetTriggers.isMet(c, aAndB)).as("an alias nothing was added to is never met").isFalse();
    assertThat(DatasetTriggers.isMet(c, aAndB, java.util.Map.of("x", java.util.Set.of("s3://a", "s3://c")))).isTrue();
    assertThat(DatasetTriggers.isMet(c, List.of(new Queued(2, "b", Instant.EPOCH)),
        java.util.Map.of("x", java.util.Set.of("s3://a")))).isFalse();
    assertThat(c.aliases()).containsExactly("x");
    assertThat(c.uris()).containsExactly("b");
  }

  @Test
  void anAliasRoundTripsThroughTheSpecJson() throws Exception {
    DatasetCondition c = anyOf(DatasetCondition.alias("flow-alias"), of("s3://y"));
    String json = SpecJson.mapper().writeValueAsString(c);
    assertThat(json).isEqualTo("{\"any\":[{\"alias\":\"flow-alias\"},{\"uri\":\"s3://y\"}]}");
    assertThat(SpecJson.mapper().readValue(json, DatasetCondition.class)).isEqualTo(c);
  }

  @Test
  void noConditionNeverTriggers() {
    assertThat(DatasetTriggers.isMet(null, List.of(new Queued(1, "a", Instant.EPOCH)))).isFalse();
  }

  @Test
  void conditionRoundTripsThroughTheSpecJson() throws Exception {
    DatasetCondition c = allOf(anyOf(of("s3://x"), of("s3://y")), of("file:///z"));
    String json = SpecJson.mapper().writeValueAsString(c);
    assertThat(json).isEqualTo("{\"all\":[{\"any\":[{\"uri\":\"s3://x\"},{\"uri\":\"s3://y\"}]},{\"uri\":\"file:///z\"}]}");
    assertThat(SpecJson.mapper().readValue(json, DatasetCondition.class)).isEqualTo(c);
  }

  @Test
  void refusesAnAmbiguousNode() {
    assertThatThrownBy(() -> new DatasetCondition("a", List.of(of("b")), null))
        .hasMessageContaining("exactly one of uri, all, any or alias");
  }
}
