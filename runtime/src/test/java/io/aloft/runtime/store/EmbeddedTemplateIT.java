package io.aloft.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new data directory's embedded PostgreSQL starts from the cache folder's initialised cluster. */
class EmbeddedTemplateIT {

  @TempDir Path tmp;

  private AloftConfig config(String home) {
    return ConfigLoader.load(Map.of("ALOFT_HOME", tmp.resolve(home).toString(),
        "ALOFT_CACHE_FOLDER", tmp.resolve("cache").toString()), tmp, tmp);
  }

  private static int defaultPoolSlots(Database db) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT slots FROM pool WHERE name = 'default_pool'").mapTo(Integer.class).one());
  }

  @Test
  void aNewHomeCopiesTheTemplateAndMigratesIt() throws Exception {
    Database.prepareTemplate(tmp.resolve("cache"));
    Path template = tmp.resolve("cache").resolve(Database.TEMPLATE);
    assertThat(template.resolve("PG_VERSION")).isRegularFile();
    assertThat(template.resolve("postmaster.pid")).as("a stopped cluster").doesNotExist();

    try (Database db = Database.open(config("one"))) {
      assertThat(defaultPoolSlots(db)).isEqualTo(128);
      db.jdbi().useHandle(h -> h.execute("INSERT INTO variable (key, val) VALUES ('k', 'one')"));
    }
    try (Database db = Database.open(config("two"))) {
      // Its own copy: nothing of the first home.
      int variables = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM variable").mapTo(Integer.class).one());
      assertThat(variables).isZero();
    }
    try (Database db = Database.open(config("one"))) {
      // A restart keeps the data: the template is only for directories without a cluster.
      String value = db.jdbi().withHandle(h -> h.createQuery("SELECT val FROM variable WHERE key = 'k'").mapTo(String.class).one());
      assertThat(value).isEqualTo("one");
    }
    assertThat(template).isDirectory();
  }

  @Test
  void aBrokenTemplateFallsBackToInitdbAndIsDropped() throws Exception {
    Database.prepareTemplate(tmp.resolve("cache"));
    Path template = tmp.resolve("cache").resolve(Database.TEMPLATE);
    Files.writeString(template.resolve("PG_VERSION"), "9\n"); // as if made by other PostgreSQL binaries

    try (Database db = Database.open(config("three"))) {
      assertThat(defaultPoolSlots(db)).isEqualTo(128);
    }
    assertThat(template).doesNotExist();
  }
}
