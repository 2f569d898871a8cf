package io.aloft.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.aloft.graphgrid.docker.DockerTestSupport;
import io.aloft.graphgrid.nlp.SessionVolumes;
import io.aloft.runtime.Aloft;
import io.aloft.runtime.Daemon;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * nlp_model_training end to end: the daemon (GraalPy DAG parsing, scheduler, executor) with the docker and graphgrid
 * plugin zips from this build, the DAG file from {@code dags/}, real Docker and the embedded PostgreSQL. The GPU is
 * simulated ({@code ALOFT_GPU=simulated}, one 16 GiB device: two NER sessions of 6 GiB fit after the 1 GiB margin).
 */
class NlpModelTrainingIT {

  private static final String DAG = "nlp_model_training";
  private static Path home;
  private static Aloft aloft;
  private static Daemon daemon;
  private static DockerClient docker;

  @BeforeAll
  static void start() throws Exception {
    docker = DockerTestSupport.require(DockerTestSupport.TRAINER);
    home = Files.createTempDirectory("aloft-nlp-it-");
    Path dags = Files.createDirectories(home.resolve("dags"));
    Files.copy(Path.of("../dags/nlp_model_training.py"), dags.resolve("nlp_model_training.py"));
    Path plugins = Files.createDirectories(home.resolve("plugins"));
    // The graphgrid plugin needs the docker plugin and the kubernetes plugin (its kubernetes=True pods) beside it.
    for (Path target : List.of(Path.of("../plugins/graphgrid/target"), Path.of("../plugins/docker/target"),
        Path.of("../plugins/kubernetes/target"))) {
      try (Stream<Path> files = Files.list(target)) {
        Path zip = files.filter(p -> p.getFileName().toString().endsWith("-plugin.zip")).findFirst()
            .orElseThrow(() -> new IllegalStateException("no plugin zip in " + target + ": run mvn package first"));
        Files.copy(zip, plugins.resolve(zip.getFileName()));
      }
    }
    Map<String, String> env = Map.of(
        "ALOFT_HOME", home.toString(),
        "ALOFT_DAGS_FOLDER", dags.toString(),
        "ALOFT_PLUGINS_FOLDER", plugins.toString(),
        "ALOFT_GPU", "simulated",
        "ALOFT_GPU_SIMULATED", "1x16384",
        "ALOFT_GPU_PREFLIGHT_INTERVAL", "1s");
    aloft = Aloft.openStore(ConfigLoader.load(env, home, home));
    daemon = Daemon.start(aloft, new Daemon.Options(false, false));
    assertThat(aloft.stores().importErrors().list()).isEmpty();
    assertThat(aloft.stores().dags().get(DAG)).isPresent();
  }

  @AfterAll
  static void stop() {
    if (daemon != null) {
      daemon.close();
    }
    if (aloft != null) {
      aloft.close();
    }
    if (home != null) {
      try (Stream<Path> files = Files.walk(home)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (java.io.IOException ignored) {
        // a temporary folder
      }
    }
  }

  private static Map<String, Object> request(String model, boolean gpu) {
    Map<String, Object> files = new java.util.HashMap<>();
    files.put("train", "sample/sample.jsonl");
    files.put("eval", null);
    return Map.of("model", model, "datasets", Map.of("sdk", files), "gpu", gpu);
  }

  private static List<DagRunRow> runAll(List<Map<String, Object>> confs, Duration timeout) throws InterruptedException {
    List<String> ids = new ArrayList<>();
    for (Map<String, Object> conf : confs) {
      ids.add(aloft.app().runs().trigger(io.aloft.runtime.app.Actor.cli("e2e"), DAG, null, conf, null).runId());
    }
    long end = System.nanoTime() + timeout.toNanos();
    List<DagRunRow> done = new ArrayList<>();
    for (String id : ids) {
      while (true) {
        DagRunRow r = aloft.stores().runs().get(DAG, id).orElseThrow();
        if (r.state().isFinished() || System.nanoTime() > end) {
          done.add(r);
          break;
        }
        Thread.sleep(200);
      }
    }
    return done;
  }

  private static Map<String, TaskState> states(String runId) {
    Map<String, TaskState> out = new java.util.TreeMap<>();
    for (TaskInstanceRow t : aloft.stores().taskInstances().listForRun(DAG, runId)) {
      out.put(t.taskId(), t.state());
    }
    return out;
  }

  private static String log(String runId, String task) {
    return aloft.logFiles().read(DAG, runId, task, -1, 1, 0).orElse("");
  }

  private static boolean volumeExists(String runId) {
    try {
      docker.inspectVolumeCmd(SessionVolumes.nameFor(runId)).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  @Test
  void theDagHasTheDocumentsFifteenTasksWiredInItsOrder() {
    var row = aloft.stores().dags().get(DAG).orElseThrow();
    Map<String, io.aloft.runtime.model.TaskSpec> tasks = new java.util.LinkedHashMap<>();
    aloft.stores().dags().spec(DAG, row.specHash()).tasks().forEach(t -> tasks.put(t.taskId(), t));
    assertThat(tasks.keySet()).containsExactlyInAnyOrder("check_request_body", "create_unique_session_path",
        "retrieve_resources", "determine_cpu_or_gpu", "gpu_training_sensor", "gpu_preflight_configuration",
        "gpu_pool_setup", "train_model_gpu", "train_model_cpu", "save_model", "eval_model",
        "update_model_metadata_registry", "cleanup", "delete_volume", "check_DAG_success");
    Map<String, List<String>> upstream = Map.ofEntries(
        Map.entry("create_unique_session_path", List.of("check_request_body")),
        Map.entry("retrieve_resources", List.of("create_unique_session_path")),
        Map.entry("determine_cpu_or_gpu", List.of("retrieve_resources")),
        Map.entry("gpu_training_sensor", List.of("determine_cpu_or_gpu")),
        Map.entry("gpu_preflight_configuration", List.of("gpu_training_sensor")),
        Map.entry("gpu_pool_setup", List.of("gpu_preflight_configuration")),
        Map.entry("train_model_gpu", List.of("gpu_pool_setup")),
        Map.entry("train_model_cpu", List.of("determine_cpu_or_gpu")),
        Map.entry("save_model", List.of("train_model_gpu", "train_model_cpu")),
        Map.entry("eval_model", List.of("save_model")),
        Map.entry("update_model_metadata_registry", List.of("eval_model")),
        Map.entry("cleanup", List.of("update_model_metadata_registry")),
        Map.entry("delete_volume", List.of("cleanup")),
        Map.entry("check_DAG_success", List.of("delete_volume")));
    upstream.forEach((task, ups) -> assertThat(tasks.get(task).upstream()).as(task).containsExactlyInAnyOrderElementsOf(ups));
    assertThat(tasks.get("check_request_body").upstream()).isEmpty();
    for (String t : List.of("gpu_training_sensor", "gpu_preflight_configuration", "gpu_pool_setup")) {
      assertThat(tasks.get(t).pool()).as(t).isEqualTo("gpu_preflight_pool");
    }
    assertThat(tasks.get("train_model_gpu").pool()).isEqualTo("gpu_pool");
    for (String t : List.of("cleanup", "delete_volume", "check_DAG_success")) {
      assertThat(tasks.get(t).triggerRule()).as(t).isEqualTo("all_done");
    }
    assertThat(tasks.get("train_model_gpu").operator()).isEqualTo("GraphGridDockerOperator");
    assertThat(tasks.get("train_model_gpu").templateFields())
        .containsExactlyInAnyOrder("command", "environment", "container_name", "image", "mounts", "gpu");
  }

  @Test
  void twoCpuRunsAtOnceTrainAndRegisterWhileABadRequestFailsAtItsCheckAndStillCleansUp() throws Exception {
    long started = System.nanoTime();
    List<DagRunRow> runs = runAll(List.of(
        request("named_entity_recognition", false),
        request("sentiment_analysis_binary", false),
        Map.of("model", "sentiment", "datasets", Map.of("sdk", Map.of("train", "../outside.jsonl")))),
        Duration.ofMinutes(5));
    System.out.printf("three runs (two CPU trainings, one bad request) took %.1f s%n", (System.nanoTime() - started) / 1e9);

    for (DagRunRow good : runs.subList(0, 2)) {
      assertThat(good.state()).as(states(good.runId()).toString()).isEqualTo(RunState.SUCCESS);
      assertThat(states(good.runId())).containsEntry("train_model_cpu", TaskState.SUCCESS)
          .containsEntry("train_model_gpu", TaskState.SKIPPED);
      assertThat(volumeExists(good.runId())).isFalse();
    }
    List<Map<String, Object>> rows = registry();
    Map<String, Object> ner = rows.stream().filter(r -> r.get("run_id").equals(runs.get(0).runId())).findFirst().orElseThrow();
    assertThat(ner.get("device")).isEqualTo("cpu");
    assertThat(ner.get("metrics").toString()).contains("\"f1_kind\": \"entity_micro\"");
    assertThat(((Number) ner.get("f1")).doubleValue()).isGreaterThan(0.9);
    assertThat(Path.of((String) ner.get("artifact_path"))).exists();
    System.out.println("NER entity F1 " + ner.get("f1") + ", trained in " + ner.get("training_seconds") + " s");
    Map<String, Object> sentiment =
        rows.stream().filter(r -> r.get("run_id").equals(runs.get(1).runId())).findFirst().orElseThrow();
    System.out.println("sentiment_analysis_binary F1 " + sentiment.get("f1") + ", trained in "
        + sentiment.get("training_seconds") + " s");

    DagRunRow bad = runs.get(2);
    Map<String, TaskState> badStates = states(bad.runId());
    assertThat(bad.state()).isEqualTo(RunState.FAILED);
    assertThat(badStates).containsEntry("check_request_body", TaskState.FAILED)
        .containsEntry("cleanup", TaskState.SUCCESS)
        .containsEntry("delete_volume", TaskState.SUCCESS)
        .containsEntry("check_DAG_success", TaskState.FAILED);
    assertThat(log(bad.runId(), "check_request_body"))
        .contains("unknown model 'sentiment'")
        .contains("'../outside.jsonl' leaves the dataset store");
    assertThat(log(bad.runId(), "check_DAG_success")).contains("check_request_body (failed)");
  }

  @Test
  void threeSimulatedGpuRunsAreAdmittedOneAtATimeWithoutOverCommittingTheGpu() throws Exception {
    long started = System.nanoTime();
    List<DagRunRow> runs = runAll(List.of(
        request("named_entity_recognition", true),
        request("named_entity_recognition", true),
        request("named_entity_recognition", true)), Duration.ofMinutes(8));
    System.out.printf("three simulated GPU runs took %.1f s%n", (System.nanoTime() - started) / 1e9);

    List<Instant[]> preflights = new ArrayList<>();
    List<Instant[]> trainings = new ArrayList<>();
    for (DagRunRow run : runs) {
      assertThat(run.state()).as(states(run.runId()).toString()).isEqualTo(RunState.SUCCESS);
      Map<String, TaskState> s = states(run.runId());
      assertThat(s).containsEntry("gpu_training_sensor", TaskState.SUCCESS)
          .containsEntry("gpu_preflight_configuration", TaskState.SUCCESS)
          .containsEntry("gpu_pool_setup", TaskState.SUCCESS)
          .containsEntry("train_model_gpu", TaskState.SUCCESS)
          .containsEntry("train_model_cpu", TaskState.SKIPPED);
      assertThat(log(run.runId(), "train_model_gpu")).contains("without a GPU device request");
      for (TaskInstanceRow t : aloft.stores().taskInstances().listForRun(DAG, run.runId())) {
        if (t.taskId().equals("gpu_preflight_configuration")) {
          preflights.add(new Instant[] {t.startDate(), t.endDate()});
        } else if (t.taskId().equals("train_model_gpu")) {
          trainings.add(new Instant[] {t.startDate(), t.endDate()});
        }
      }
      System.out.println(run.runId() + " preflight: " + log(run.runId(), "gpu_preflight_configuration").lines()
          .filter(l -> l.contains("MiB) on")).reduce((a, b) -> b).orElse(""));
    }
    // gpu_preflight_pool has one slot: preflights never overlap.
    assertThat(maxOverlap(preflights)).isEqualTo(1);
    // Two 6 GiB sessions fit on the simulated 16 GiB device, never three.
    assertThat(maxOverlap(trainings)).isLessThanOrEqualTo(2);
    assertThat(aloft.stores().pools().get("gpu_pool").orElseThrow().slots()).isBetween(1, 2);
    assertThat(aloft.stores().pools().get("gpu_preflight_pool").orElseThrow().slots()).isEqualTo(1);
    assertThat(registry()).filteredOn(r -> r.get("device").equals("gpu")).hasSize(3);
  }

  /** The GraphGrid plugin's registry rows, in its own schema. */
  private static List<Map<String, Object>> registry() {
    return aloft.stores().jdbi().withHandle(h -> h.createQuery(
            "SELECT run_id, device, metrics::text AS metrics, (metrics->>'f1')::float8 AS f1, training_seconds,"
                + " artifact_path FROM plugin_graphgrid.model_registry")
        .mapToMap().list());
  }

  private static int maxOverlap(List<Instant[]> intervals) {
    List<Instant[]> sorted = new ArrayList<>(intervals);
    sorted.sort(Comparator.comparing(i -> i[0]));
    int max = 0;
    for (Instant[] i : sorted) {
      int overlapping = (int) sorted.stream().filter(o -> o[0].compareTo(i[0]) <= 0 && o[1].isAfter(i[0])).count();
      max = Math.max(max, overlapping);
    }
    return max;
  }
}
