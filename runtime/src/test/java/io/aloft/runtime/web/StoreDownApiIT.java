package io.aloft.runtime.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.store.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;

/** While PostgreSQL is down the REST API answers 503 problem JSON with Retry-After, and 200 again once it is back. */
class StoreDownApiIT {

  private static EmbeddedPostgres start(Path data, int port) throws Exception {
    return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
  }

  @Test
  void theApiAnswers503WhileTheStoreIsDownAnd200OnceItIsBack() throws Exception {
    Path data = Files.createTempDirectory("aloft-pg-down-");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    EmbeddedPostgres pg = start(data, port);
    Database db = Database.external(new AloftConfig.DatabaseConfig("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", null));
    db.migrate();
    try (TestWebServer web = new TestWebServer(null, db)) {
      assertThat(web.api("GET", "/dags", null).statusCode()).isEqualTo(200);

      pg.close();
      HttpResponse<String> down = web.api("GET", "/dags", null);
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
      assertThat(down.headers().firstValue("Retry-After")).contains("5");
      assertThat(down.body()).contains("\"status\":503").contains("the database cannot be reached").doesNotContain("SELECT");

      pg = start(data, port);
      assertThat(web.api("GET", "/dags", null).statusCode()).isEqualTo(200);
    } finally {
      pg.close();
      FileUtils.deleteDirectory(data.toFile());
    }
  }
}
