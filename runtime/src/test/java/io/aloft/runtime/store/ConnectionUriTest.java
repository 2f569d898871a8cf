package io.aloft.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.sdk.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Airflow's URI and JSON connection forms, the cipher, and the environment's connections. */
class ConnectionUriTest {

  @Test
  void aUriParsesAsAirflowDoesAndFormatsBack() {
    Connection c = ConnectionUri.parse("wh", "google-cloud-platform://us%40r:p%2Fa%3Ass@db.example.com:6543/my%20db?a=1&b=two");
    assertThat(c.connType()).isEqualTo("google_cloud_platform");
    assertThat(c.login()).isEqualTo("us@r");
    assertThat(c.password()).isEqualTo("p/a:ss");
    assertThat(c.host()).isEqualTo("db.example.com");
    assertThat(c.port()).isEqualTo(6543);
    assertThat(c.schema()).isEqualTo("my db");
    assertThat(c.extra()).containsEntry("a", "1").containsEntry("b", "two");
    assertThat(ConnectionUri.parse("wh", ConnectionUri.format(c))).isEqualTo(c);

    Connection nested = new Connection("n", "http", "h", null, null, null, null, Map.of("retries", 3));
    assertThat(ConnectionUri.format(nested)).contains("__extra__=");
    assertThat(ConnectionUri.parse("n", ConnectionUri.format(nested)).extra()).containsEntry("retries", 3);
    assertThat(ConnectionUri.parse("x", "fs://").host()).isNull();
    assertThatThrownBy(() -> ConnectionUri.parse("x", "just-a-host")).hasMessageContaining("TYPE://");
  }

  @Test
  void theJsonFormTakesAnExtraObjectOrText() {
    Connection c = ConnectionUri.parseAny("j", "{\"conn_type\": \"postgres\", \"host\": \"h\", \"port\": \"5432\","
        + " \"extra\": \"{\\\"sslmode\\\": \\\"require\\\"}\"}");
    assertThat(c.port()).isEqualTo(5432);
    assertThat(c.extra()).containsEntry("sslmode", "require");
    assertThatThrownBy(() -> ConnectionUri.parseAny("j", "{\"host\": \"h\"}")).hasMessageContaining("conn_type");
  }

  @Test
  void theCipherRoundTripsAndRefusesAnotherKey() {
    // A secret long enough that a random base64 ciphertext cannot hold it by chance ("pw" did, 1 time in ~100).
    String secret = "correct-horse-battery-staple";
    SecretCipher a = SecretCipher.generate();
    String sealed = a.encrypt(secret);
    assertThat(sealed).isNotEqualTo(a.encrypt(secret)).doesNotContain(secret);
    assertThat(a.decrypt(sealed)).isEqualTo(secret);
    assertThat(SecretCipher.ofKey(a.encodedKey()).decrypt(sealed)).isEqualTo(secret);
    assertThatThrownBy(() -> SecretCipher.generate().decrypt(sealed)).hasMessageContaining("rotate-key");
    assertThatThrownBy(() -> SecretCipher.ofKey("c2hvcnQ=")).hasMessageContaining("32 bytes");
  }

  @Test
  void connectionVariablesAreCollectedAndAreNotUnknownSettings() throws Exception {
    Path home = Files.createTempDirectory("aloft-conn-env-");
    AloftConfig config = ConfigLoader.load(Map.of("ALOFT_HOME", home.toString(),
        "AIRFLOW_CONN_MY_DB", "postgres://a@h/d", "ALOFT_CONN_MY_DB", "mysql://b@h/d", "ALOFT_CONN_CONFIG", "http://h"),
        home, home);
    assertThat(config.envConnections()).containsEntry("my_db", "mysql://b@h/d").containsKey("config");
    assertThat(config.settings()).doesNotContainKeys("conn_my_db", "conn_config");
    SecretCipher generated = SecretCipher.forConfig(config);
    assertThat(SecretCipher.forConfig(config).encodedKey()).as("kept in <home>/env").isEqualTo(generated.encodedKey());
    SecretCipher rotated = SecretCipher.generate();
    rotated.writeTo(SecretCipher.keyFile(home)); // what `rotate-key` in another process does
    assertThat(generated.decrypt(rotated.encrypt("pw"))).as("the running cipher follows the file").isEqualTo("pw");
    assertThat(rotated.decrypt(generated.encrypt("pw2"))).as("and writes with the new key").isEqualTo("pw2");
    String given = SecretCipher.generate().encodedKey();
    AloftConfig withKey = ConfigLoader.load(Map.of("ALOFT_HOME", home.toString(), "ALOFT_FERNET_KEY", given), home, home);
    assertThat(SecretCipher.forConfig(withKey).encodedKey()).isEqualTo(given);
    assertThatThrownBy(() -> new ConnectionStore(null, generated, Map.of("bad_one", "no-scheme-here")))
        .hasMessageContaining("AIRFLOW_CONN_BAD_ONE / ALOFT_CONN_BAD_ONE").hasMessageContaining("TYPE://");
  }
}
