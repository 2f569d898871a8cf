package io.aloft.runtime.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.Aloft;
import io.aloft.runtime.Daemon;
import io.aloft.runtime.app.Actor;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: PostgresHook's pure-Python client speaks TLS in GraalPy. A second embedded PostgreSQL with {@code ssl=on}
 * and a self-signed certificate for {@code localhost} (made by the JDK's keytool): {@code sslmode=require} and
 * {@code verify-full} with that certificate as {@code sslrootcert} connect encrypted (the server's {@code pg_stat_ssl}
 * says so); {@code verify-full} against another certificate and {@code require} on a server without TLS fail with
 * messages that say why.
 */
class PostgresHookTlsIT {

  private static final String DAG = String.join("\n",
      "from datetime import datetime",
      "from airflow import DAG",
      "from airflow.decorators import task",
      "from airflow.providers.postgres.hooks.postgres import PostgresHook",
      "SQL = 'SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()'",
      "with DAG('tls', start_date=datetime(2024, 1, 1), schedule=None):",
      "    @task",
      "    def encrypted(conn_id):",
      "        row = PostgresHook(postgres_conn_id=conn_id).get_first(SQL)",
      "        print('%s ssl=%s %s' % (conn_id, row[0], row[1]))",
      "        return row[0]",
      "    encrypted.override(task_id='required')('tls_req')",
      "    encrypted.override(task_id='verified')('tls_full')",
      "    encrypted.override(task_id='wrong_ca')('tls_wrong')",
      "    encrypted.override(task_id='no_tls_server')('plain_req')",
      "");

  @Test
  void postgresHookConnectsOverTls() throws Exception {
    Path home = Files.createTempDirectory("aloft-tls-");
    Path certs = Files.createDirectories(home.resolve("certs"));
    Path cert = selfSigned(certs, "server");
    Path other = selfSigned(certs, "other");
    Path key = certs.resolve("server.key");
    try (EmbeddedPostgres tls = EmbeddedPostgres.builder().setServerConfig("ssl", "on")
        .setServerConfig("ssl_cert_file", cert.toString()).setServerConfig("ssl_key_file", key.toString()).start()) {
      String plainUrl = TestDatabase.freshUrl();
      int plainPort = Integer.parseInt(plainUrl.replaceFirst(".*localhost:(\\d+)/.*", "$1"));
      Path dags = Files.createDirectories(home.resolve("dags"));
      Files.writeString(dags.resolve("tls.py"), DAG);
      String base = "postgres://postgres@localhost:" + tls.getPort() + "/postgres?sslmode=";
      AloftConfig config = ConfigLoader.load(Map.of("ALOFT_HOME", home.toString(), "ALOFT_DAGS_FOLDER", dags.toString(),
          "ALOFT_DATABASE_URL", TestDatabase.freshUrl(), "ALOFT_DATABASE_USER", "postgres", "ALOFT_PORT", "0",
          "ALOFT_PYTHON_CONTEXTS", "1",
          "ALOFT_CONN_TLS_REQ", base + "require",
          "ALOFT_CONN_TLS_FULL", base + "verify-full&sslrootcert=" + cert,
          "ALOFT_CONN_TLS_WRONG", base + "verify-full&sslrootcert=" + other,
          "ALOFT_CONN_PLAIN_REQ", "postgres://postgres@localhost:" + plainPort + "/postgres?sslmode=require"), home, home);
      try (Aloft aloft = Aloft.openStore(config); Daemon daemon = Daemon.start(aloft, new Daemon.Options(false, false))) {
        DagRunRow run = aloft.app().runs().trigger(Actor.SYSTEM, "tls", null, Map.of(), null);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(240));
        while (!run.state().isFinished() && Instant.now().isBefore(deadline)) {
          Thread.sleep(200);
          run = aloft.app().runs().get("tls", run.runId()).orElseThrow();
        }
        String logs = allLogs(config.logsFolder());
        Map<String, TaskState> states = aloft.app().taskInstances().listForRun("tls", run.runId()).stream()
            .collect(Collectors.toMap(TaskInstanceRow::taskId, TaskInstanceRow::state));
        assertThat(states).as(logs).containsEntry("required", TaskState.SUCCESS)
            .containsEntry("verified", TaskState.SUCCESS).containsEntry("wrong_ca", TaskState.FAILED)
            .containsEntry("no_tls_server", TaskState.FAILED);
        assertThat(aloft.stores().xcoms().pull("tls", run.runId(), "required", "return_value", null)).contains(true);
        assertThat(aloft.stores().xcoms().pull("tls", run.runId(), "verified", "return_value", null)).contains(true);
        assertThat(logs).contains("tls_req ssl=True TLSv1.", "tls_full ssl=True TLSv1.")
            .contains("TLS with the PostgreSQL server at localhost failed (sslmode=verify-full)")
            .contains("sslmode=require, but the PostgreSQL server at localhost does not accept TLS");
      }
    }
  }

  /**
   * A self-signed certificate for localhost made by the JDK's keytool: {@code NAME.crt} (PEM) is returned, and the
   * key is written as {@code NAME.key} (PKCS#8 PEM, mode 600, as PostgreSQL requires).
   */
  private static Path selfSigned(Path dir, String name) throws Exception {
    Path keytool = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("keytool");
    Path store = dir.resolve(name + ".p12");
    run(keytool.toString(), "-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", "changeit", "-keypass", "changeit");
    Path cert = dir.resolve(name + ".crt");
    run(keytool.toString(), "-exportcert", "-rfc", "-alias", name, "-keystore", store.toString(), "-storepass",
        "changeit", "-file", cert.toString());
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    PrivateKey pk = (PrivateKey) ks.getKey(name, "changeit".toCharArray());
    Path key = dir.resolve(name + ".key");
    Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pk.getEncoded())
        + "\n-----END PRIVATE KEY-----\n");
    return cert;
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(List.of(command) + ": " + out).isZero();
  }

  private static String allLogs(Path folder) throws Exception {
    try (Stream<Path> files = Files.walk(folder)) {
      StringBuilder sb = new StringBuilder();
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        sb.append("==> ").append(p).append('\n').append(Files.readString(p)).append('\n');
      }
      return sb.toString();
    }
  }
}
