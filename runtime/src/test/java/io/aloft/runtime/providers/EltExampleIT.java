package io.aloft.runtime.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.Main;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.store.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shipped example {@code dags/elt_warehouse.py} (with its {@code dags/sql/elt_transform.sql}) passes {@code aloft
 * dags test} against a real PostgreSQL given as the documented {@code ALOFT_CONN_WAREHOUSE} connection, twice in a row
 * (the pipeline is idempotent).
 */
class EltExampleIT {

  @Test
  void theEltExampleDagPassesDagsTest() throws Exception {
    Path repoDags = Path.of("../dags").toAbsolutePath().normalize();
    Path home = Files.createTempDirectory("aloft-elt-");
    Path dags = Files.createDirectories(home.resolve("dags/sql"));
    Files.copy(repoDags.resolve("elt_warehouse.py"), home.resolve("dags/elt_warehouse.py"));
    Files.copy(repoDags.resolve("sql/elt_transform.sql"), dags.resolve("elt_transform.sql"));
    String url = TestDatabase.freshUrl();
    String hostPortDb = url.substring("jdbc:postgresql://".length());
    var config = ConfigLoader.load(Map.of("ALOFT_HOME", home.toString(), "ALOFT_DAGS_FOLDER", home.resolve("dags").toString(),
        "ALOFT_PYTHON_CONTEXTS", "1", "ALOFT_CONN_WAREHOUSE", "postgres://postgres@" + hostPortDb), home, home);
    for (int round = 1; round <= 2; round++) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Main.run(config, new String[] {"dags", "test", "elt_warehouse"}, new PrintWriter(out, true),
          new PrintWriter(err, true));
      String printed = out + "\n" + err;
      System.out.println(printed);
      assertThat(code).as(printed).isZero();
      assertThat(printed).contains("of elt_warehouse: success").contains("--- check_total: success")
          .contains("--- check_regions: success").containsPattern("north: 5 orders, revenue 300")
          .containsPattern("south: 5 orders, revenue 250");
    }
  }
}
