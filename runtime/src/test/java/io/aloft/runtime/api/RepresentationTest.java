package io.aloft.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which Accept headers get text from the log, DAG-source and config endpoints (JSON otherwise, as Airflow). */
class RepresentationTest {

  @Test
  void jsonUnlessTextIsAskedForFirst() {
    assertThat(Representation.wantsText((String) null)).isFalse();
    assertThat(Representation.wantsText("*/*")).isFalse();
    assertThat(Representation.wantsText("application/json")).isFalse();
    assertThat(Representation.wantsText("text/plain")).isTrue();
    assertThat(Representation.wantsText("text/plain, application/json")).isTrue();
    assertThat(Representation.wantsText("application/json, text/plain")).isFalse();
    assertThat(Representation.wantsText("Text/Plain; charset=utf-8")).isTrue();
    assertThat(Representation.wantsText("text/plain;q=0, application/json")).isFalse();
  }
}
