package io.aloft.runtime.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Airflow's secrets-masker semantics and private log files. */
class SecretMaskingTest {

  @Test
  void sensitiveNamesAreAirflowsWordsPlusTheSetting() {
    SensitiveNames d = SensitiveNames.DEFAULT;
    for (String k : new String[] {"db_password", "API_SECRET", "my_apikey", "Authorization", "gcp_private_key",
        "access_token", "x_api_key", "ssh_passwd"}) {
      assertThat(d.sensitive(k)).as(k).isTrue();
    }
    assertThat(d.sensitive("region")).isFalse();
    assertThat(d.sensitive("magic_word")).isFalse();
    SensitiveNames extra = SensitiveNames.of(Map.of(SensitiveNames.SETTING, " Magic_Word , pin"));
    assertThat(extra.sensitive("the_magic_word")).isTrue();
    assertThat(extra.sensitive("PIN_CODE")).isTrue();
    assertThat(extra.sensitive("db_password")).isTrue();
  }

  @Test
  void valuesFetchedUnderSensitiveNamesAreMaskedInEveryLine(@TempDir Path dir) throws Exception {
    SecretMasker masker = new SecretMasker(SensitiveNames.DEFAULT);
    assertThat(masker.fetched("region", "eu-west-1")).isEqualTo("eu-west-1");
    assertThat(masker.fetched("db_password", "S3cretPw-123")).isEqualTo("S3cretPw-123");
    masker.fetched("ssh_private_key", "-----BEGIN KEY-----\nAAAABBBBCCCC\n-----END KEY-----");
    masker.fetchedDeep(Map.of("extra", Map.of("api_key", "k-9876543"), "timeout", "30000"));
    Path file = dir.resolve("logs/dag_id=d/run_id=r/task_id=t/attempt=1.log");
    try (TryLog log = new TryLog(file, masker, Clock.systemUTC())) {
      log.info("Running command: psql -p S3cretPw-123 --region eu-west-1");
      log.output("S3cretPw-123");
      log.output("AAAABBBBCCCC");
      log.output("key=k-9876543 timeout=30000");
    }
    String text = Files.readString(file);
    assertThat(text).doesNotContain("S3cretPw-123").doesNotContain("AAAABBBBCCCC").doesNotContain("k-9876543")
        .contains("eu-west-1").contains("timeout=30000").contains("***");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    for (Path p = file.getParent(); !p.equals(dir); p = p.getParent()) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString()).isEqualTo("rwx------");
    }
  }

  @Test
  void theDataDirectoryIsNarrowedTo700(@TempDir Path dir) throws Exception {
    Path home = Files.createDirectories(dir.resolve("home"));
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
    PrivateFiles.createPrivateDirectory(home);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
  }
}
