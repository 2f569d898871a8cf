package io.aloft.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every string a store binds goes through {@link StorableText}: PostgreSQL takes text and JSON with NUL. */
class StorableTextIT {

  @Test
  void textAndJsonbWithNulAreStored() {
    try (Database db = TestDatabase.fresh()) {
      String text = db.jdbi().withHandle(h -> h.createQuery("SELECT CAST(:t AS text)").bind("t", "a\0b").mapTo(String.class).one());
      assertThat(text).isEqualTo("a␀b");
      String json =
          db.jdbi().withHandle(h -> h.createQuery("SELECT CAST(CAST(:j AS jsonb) AS text)").bind("j", "{\"k\\u0000\": \"v\\u0000\"}")
              .mapTo(String.class).one());
      assertThat(json).isEqualTo("{\"k␀\": \"v␀\"}");
    }
  }
}
