package io.aloft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.app.Actor;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.store.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: variable values are encrypted at rest with the connections' key. A value set through the application
 * is stored only as ciphertext (checked by reading every column of the table as text), a row an older Aloft wrote in
 * clear is sealed when the daemon starts, and {@code aloft connections rotate-key} re-encrypts the values so that
 * they are still read back in clear.
 */
class VariableEncryptionIT {

  private static final String SECRET = "Var-Secret-8888";
  private static final String PLAIN = "eu-west-9-region";
  private static final String LEGACY = "Legacy-Val-1111";

  @Test
  void valuesAreStoredEncryptedSealedAtStartAndReEncryptedByKeyRotation() throws Exception {
    Path home = Files.createTempDirectory("aloft-vars-");
    Path dags = Files.createDirectories(home.resolve("dags"));
    AloftConfig config = ConfigLoader.load(Map.of("ALOFT_HOME", home.toString(), "ALOFT_DAGS_FOLDER", dags.toString(),
        "ALOFT_DATABASE_URL", TestDatabase.freshUrl(), "ALOFT_DATABASE_USER", "postgres", "ALOFT_PORT", "0"), home, home);
    String beforeRotation;
    try (Aloft aloft = Aloft.openStore(config)) {
      aloft.stores().jdbi().useHandle(h -> h.execute("INSERT INTO variable (key, val) VALUES ('legacy', ?)", LEGACY));
      aloft.app().variables().set(Actor.SYSTEM, "api_password", SECRET, "a secret by its name");
      aloft.app().variables().set(Actor.SYSTEM, "region", PLAIN, null);
      assertThat(table(aloft)).doesNotContain(SECRET).doesNotContain(PLAIN).contains("a secret by its name")
          .as("written in clear before encryption").contains(LEGACY);
      assertThat(aloft.app().variables().get("api_password").orElseThrow().val()).isEqualTo(SECRET);
      assertThat(aloft.app().variables().get("legacy").orElseThrow().val()).as("a clear row reads as it is")
          .isEqualTo(LEGACY);

      try (Daemon daemon = Daemon.start(aloft, new Daemon.Options(false, false))) {
        assertThat(table(aloft)).as("sealed when the daemon starts").doesNotContain(LEGACY);
      }
      assertThat(aloft.app().variables().get("legacy").orElseThrow().val()).isEqualTo(LEGACY);
      beforeRotation = table(aloft);
    }

    assertThat(cli(config, "connections", "rotate-key")).contains("the variables");
    try (Aloft aloft = Aloft.openStore(config)) {
      String after = table(aloft);
      assertThat(after).isNotEqualTo(beforeRotation).doesNotContain(SECRET).doesNotContain(PLAIN)
          .doesNotContain(LEGACY);
      assertThat(aloft.app().variables().list()).extracting(v -> v.key() + "=" + v.val())
          .containsExactly("api_password=" + SECRET, "legacy=" + LEGACY, "region=" + PLAIN);
    }
    assertThat(cli(config, "variables", "get", "api_password")).as("read with the new key").contains(SECRET);
  }

  /** Every row of the variable table as PostgreSQL's text, as a dump would show it. */
  private static String table(Aloft aloft) {
    return aloft.stores().jdbi().withHandle(h -> h.createQuery("SELECT string_agg(v::text, ' ') FROM variable v")
        .mapTo(String.class).one());
  }

  private static String cli(AloftConfig config, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(config, args, new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(code).as(out + err.toString()).isZero();
    return out + err.toString();
  }
}
