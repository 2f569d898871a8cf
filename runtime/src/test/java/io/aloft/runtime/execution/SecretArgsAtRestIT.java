package io.aloft.runtime.execution;

import static io.aloft.runtime.execution.Specs.dag;
import static io.aloft.runtime.execution.Specs.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.SecretCipher;
import io.aloft.sdk.ArgType;
import io.aloft.sdk.ArgumentSpec;
import io.aloft.sdk.OperatorDescriptor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 3: a secret operator argument ({@code private_environment}, declared secret by its operator's
 * descriptor as the Docker plugin declares it) and values under sensitive names never sit in clear in the stored
 * DAG spec, rendered fields or the log, and the container still gets the clear value. The operator here runs
 * {@code docker run -e TOKEN} with the argument it is handed (the Docker plugin's own IT covers docker-java).
 */
class SecretArgsAtRestIT {

  private static final String SECRET = "s3cret-xyz";
  private static final String BASH_SECRET = "ApiK3y-9931";

  /** A stand-in for the Docker plugin's descriptor: same name, same secret argument. */
  private static OperatorDescriptor dockerLike() {
    return OperatorDescriptor.builder("DockerOperator")
        .pythonPath("airflow.providers.docker.operators.docker.DockerOperator")
        .argument(ArgumentSpec.optional("command", ArgType.STRING))
        .argument(ArgumentSpec.optional("private_environment", ArgType.MAP))
        .templated("command", "private_environment")
        .secret("private_environment")
        .factory(args -> ctx -> {
          @SuppressWarnings("unchecked")
          Map<String, Object> env = (Map<String, Object>) args.get("private_environment");
          ProcessBuilder pb = new ProcessBuilder("docker", "run", "--rm", "-e", "TOKEN", "aloft/busybox:latest",
              "sh", "-c", (String) args.get("command"));
          pb.environment().put("TOKEN", String.valueOf(env.get("TOKEN")));
          pb.redirectErrorStream(true);
          Process p = pb.start();
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          p.getInputStream().transferTo(out);
          if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("docker run failed: " + out);
          }
          String last = "";
          for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            ctx.log().output(line);
            last = line;
          }
          return last;
        })
        .build();
  }

  private static boolean dockerAnswers() {
    try {
      Process p = new ProcessBuilder("docker", "image", "inspect", "aloft/busybox:latest").redirectErrorStream(true).start();
      p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void secretArgumentsAreSealedInTheStoredSpecAndTheContainerGetsTheClearValue() throws Exception {
    Assumptions.assumeTrue(dockerAnswers(), "needs a Docker engine and aloft/busybox (scripts/build-images.sh)");
    try (TestEngine engine = new TestEngine()) {
      engine.registry.register("plugin 'docker'", List.of(dockerLike()));
      TaskSpec container = task("container", "DockerOperator",
          Map.of("command", "echo token=$TOKEN; printf %s \"$TOKEN\" | sha256sum",
              "private_environment", Map.of("TOKEN", SECRET)),
          List.of("command", "private_environment"));
      TaskSpec bash = task("bash", "BashOperator",
          Map.of("bash_command", "echo key=$MY_API_KEY; echo done", "env", Map.of("MY_API_KEY", BASH_SECRET, "REGION", "eu-1")),
          List.of("bash_command", "env"), "container");
      DagSpec spec = dag("secret_args", container, bash);
      engine.save(spec);

      String stored = engine.stores.jdbi().withHandle(h ->
          h.createQuery("SELECT string_agg(spec::text, '') FROM dag_version WHERE dag_id = 'secret_args'")
              .mapTo(String.class).one());
      assertThat(stored).doesNotContain(SECRET).doesNotContain(BASH_SECRET).contains("__aloft_sealed__")
          .contains("eu-1").contains("sha256sum");

      // parsing the same file again finds the same version: the hash does not move with the random nonces
      engine.save(spec);
      int versions = engine.stores.jdbi().withHandle(h ->
          h.createQuery("SELECT count(*) FROM dag_version WHERE dag_id = 'secret_args'").mapTo(Integer.class).one());
      assertThat(versions).isEqualTo(1);

      DagRunRow run = engine.run("secret_args", Map.of(), Duration.ofSeconds(120));
      assertThat(run.state()).isEqualTo(RunState.SUCCESS);

      String containerLog = engine.log("secret_args", run.runId(), "container", 1);
      assertThat(containerLog).contains(sha256(SECRET)).contains("token=***").doesNotContain(SECRET);
      String bashLog = engine.log("secret_args", run.runId(), "bash", 1);
      assertThat(bashLog).contains("key=***").doesNotContain(BASH_SECRET);

      String everyRow = engine.stores.jdbi().withHandle(h -> h.createQuery(
              "SELECT concat((SELECT string_agg(spec::text, '') FROM dag_version),"
                  + " (SELECT string_agg(rendered_fields::text, '') FROM task_instance),"
                  + " (SELECT string_agg(value::text, '') FROM xcom))")
          .mapTo(String.class).one());
      assertThat(everyRow).doesNotContain(SECRET).doesNotContain(BASH_SECRET).contains("***");
    }
  }

  @Test
  void rotatingTheKeyResealsStoredSpecsAndTheCodeViewMasksLiterals() throws Exception {
    try (TestEngine engine = new TestEngine()) {
      engine.registry.register("plugin 'docker'", List.of(dockerLike()));
      DagSpec spec = dag("rotated", task("container", "DockerOperator",
          Map.of("command", "true", "private_environment", Map.of("TOKEN", SECRET)), List.of("command")));
      // a version an older Aloft stored in clear is sealed in place (its hash kept) when the DAG is parsed again
      engine.stores.jdbi().useHandle(h -> h.createUpdate("INSERT INTO dag_version (dag_id, spec_hash, spec, created_at)"
              + " VALUES ('rotated', 'legacy', CAST(:s AS jsonb), now())")
          .bind("s", io.aloft.runtime.model.SpecJson.write(spec)).execute());
      String hash = engine.save(spec);
      String legacy = engine.stores.jdbi().withHandle(h -> h.createQuery(
          "SELECT spec::text FROM dag_version WHERE spec_hash = 'legacy'").mapTo(String.class).one());
      assertThat(legacy).doesNotContain(SECRET).contains("__aloft_sealed__");

      // the stored copy of the file for the code view shows the literal as ***
      String source = "DockerOperator(task_id='container', private_environment={'TOKEN': '" + SECRET + "'})";
      assertThat(engine.stores.dags().maskedSource(source, List.of(spec),
              (op, arg) -> engine.registry.find(op).map(d -> d.isSecret(arg)).orElse(false)))
          .isEqualTo("DockerOperator(task_id='container', private_environment={'TOKEN': '***'})");

      SecretCipher next = SecretCipher.generate();
      assertThat(engine.stores.dags().reseal(next)).isEqualTo(2);
      var reopened = new io.aloft.runtime.store.DagStore(engine.stores.jdbi(), next, SensitiveNames.DEFAULT::sensitive);
      for (String h : List.of(hash, "legacy")) {
        assertThat(reopened.spec("rotated", h).tasks().get(0).args().get("private_environment"))
            .isEqualTo(Map.of("TOKEN", SECRET));
      }
    }
  }
}
