package io.aloft.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorableTextTest {

  @Test
  void aNulBecomesTheSymbolForNull() {
    assertThat(StorableText.of("bad\0key")).isEqualTo("bad␀key");
  }

  @Test
  void theJsonEscapeOfNulIsRewrittenButAnEscapedBackslashIsNot() {
    assertThat(StorableText.of("{\"k\":\"a\\u0000b\"}")).isEqualTo("{\"k\":\"a\\u2400b\"}");
    // "\\u0000" in JSON is a backslash followed by the text u0000: PostgreSQL stores it, so it stays.
    assertThat(StorableText.of("{\"k\":\"a\\\\u0000b\"}")).isEqualTo("{\"k\":\"a\\\\u0000b\"}");
  }

  @Test
  void textWithoutNulIsReturnedAsItIs() {
    String s = "plain text u0000 without an escape";
    assertThat(StorableText.of(s)).isSameAs(s);
    assertThat(StorableText.of(null)).isNull();
  }
}
