package io.aloft.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseIT {

  @Test
  void migrationsCreateTheDefaultPoolAndFsDefault() {
    try (Database db = TestDatabase.fresh()) {
      int slots = db.jdbi().withHandle(h -> h.createQuery("SELECT slots FROM pool WHERE name = 'default_pool'").mapTo(Integer.class).one());
      assertThat(slots).isEqualTo(128);
      String conn = db.jdbi().withHandle(h -> h.createQuery("SELECT conn_type FROM connection WHERE conn_id = 'fs_default'").mapTo(String.class).one());
      assertThat(conn).isEqualTo("fs");
    }
  }
}
