package io.aloft.graphgrid.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.aloft.graphgrid.PluginSchemaDatabase;
import io.aloft.graphgrid.dataset.SampleDataset;
import io.aloft.graphgrid.docker.DockerTestSupport;
import io.aloft.graphgrid.docker.GraphGridDockerOperator;
import io.aloft.sdk.BranchResult;
import io.aloft.sdk.Operator;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.testing.FakeTaskContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CPU path of nlp_model_training step by step, as the DAG wires it, against real Docker and PostgreSQL but
 * without the scheduler: each step gets the XComs of the steps before it. Trains NER on the shipped sample.
 */
class NlpPipelineIT {

  @RegisterExtension
  static final PluginSchemaDatabase db = new PluginSchemaDatabase();
  @TempDir Path home;
  private final String run = "manual__it-" + UUID.randomUUID();
  private final Map<String, Object> xcoms = new LinkedHashMap<>();

  private static javax.sql.DataSource pluginSchema() {
    return db.pluginSchema();
  }

  private FakeTaskContext ctx(String task, Map<String, Object> conf) {
    FakeTaskContext ctx = new FakeTaskContext(new TaskIdentity("nlp_model_training", run, task, -1, 1))
        .withSetting("home", home.toString()).withConf(conf).withDatabase(pluginSchema());
    xcoms.forEach((t, v) -> ctx.withXCom(t, "return_value", v));
    return ctx;
  }

  private Object step(String task, Operator operator, Map<String, Object> conf) throws Exception {
    FakeTaskContext ctx = ctx(task, conf);
    Object out = operator.execute(ctx);
    xcoms.put(task, out);
    System.out.println("--- " + task + "\n" + ctx.logText());
    return out;
  }

  private static Map<String, Object> trainer(String task, List<String> command, String metrics) {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("image", DockerTestSupport.TRAINER);
    args.put("command", command);
    args.put("mounts", List.of(Map.of("target", "/session", "source", SessionVolumes.nameFor("x"), "type", "volume")));
    args.put("retrieve_output", true);
    args.put("retrieve_output_path", "/session/metrics/" + metrics);
    args.put("mount_tmp_dir", false);
    args.put("auto_remove", "success");
    return args;
  }

  @Test
  void trainsNerOnTheSampleOnTheCpuAndRegistersItsEntityF1() throws Exception {
    DockerClient docker = DockerTestSupport.require(DockerTestSupport.TRAINER);
    Map<String, Object> datasets = new LinkedHashMap<>();
    Map<String, Object> files = new LinkedHashMap<>();
    files.put("train", SampleDataset.TRAIN);
    files.put("eval", null);
    datasets.put("sdk", files);
    Map<String, Object> conf = Map.of("model", "named_entity_recognition", "datasets", datasets);

    step("check_request_body", new CheckRequestBodyOperator(), conf);
    String volume = (String) step("create_unique_session_path", new CreateSessionVolumeOperator(), conf);
    try {
      step("retrieve_resources", new RetrieveResourcesOperator(), conf);
      assertThat(step("determine_cpu_or_gpu", new DetermineCpuOrGpuOperator(Map.of()), conf))
          .isEqualTo(BranchResult.follow("train_model_cpu"));

      String datasetsJson = "{\"sdk\": {\"train\": \"sample/sample.jsonl\", \"eval\": null}}";
      Map<String, Object> train = trainer("train_model_cpu",
          List.of("train", "--model", "named_entity_recognition", "--datasets", datasetsJson, "--device", "cpu"),
          "train.json");
      train.put("mounts", List.of(Map.of("target", "/session", "source", volume, "type", "volume")));
      long started = System.nanoTime();
      @SuppressWarnings("unchecked")
      Map<String, Object> trained = (Map<String, Object>) step("train_model_cpu", new GraphGridDockerOperator(train), conf);
      System.out.printf("train_model_cpu: %.2f s in the container, %.2f s wall%n",
          ((Number) trained.get("training_seconds")).doubleValue(), (System.nanoTime() - started) / 1e9);

      @SuppressWarnings("unchecked")
      Map<String, Object> saved = (Map<String, Object>) step("save_model", new SaveModelOperator(), conf);
      assertThat(Path.of((String) saved.get("artifact_path"))).exists();
      assertThat((String) saved.get("artifact_path")).startsWith(home.resolve("models").toString());

      Map<String, Object> eval = trainer("eval_model",
          List.of("eval", "--artifact", "model/named_entity_recognition.json"), "eval.json");
      eval.put("mounts", List.of(Map.of("target", "/session", "source", volume, "type", "volume")));
      @SuppressWarnings("unchecked")
      Map<String, Object> metrics = (Map<String, Object>) step("eval_model", new GraphGridDockerOperator(eval), conf);
      assertThat(((Number) metrics.get("f1")).doubleValue()).isGreaterThan(0.9);
      System.out.println("eval f1 = " + metrics.get("f1") + ", token accuracy = " + metrics.get("token_accuracy"));

      step("update_model_metadata_registry", new UpdateModelRegistryOperator(), conf);
      try (Connection c = pluginSchema().getConnection();
           ResultSet rs = c.createStatement().executeQuery(
               "SELECT model, device, metrics->>'f1' AS f1, training_seconds, run_id FROM model_registry WHERE run_id = '"
                   + run + "'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("model")).isEqualTo("named_entity_recognition");
        assertThat(rs.getString("device")).isEqualTo("cpu");
        assertThat(Double.parseDouble(rs.getString("f1"))).isGreaterThan(0.9);
        assertThat(rs.getDouble("training_seconds")).isPositive();
      }
    } finally {
      step("cleanup", new CleanupOperator(), conf);
      step("delete_volume", new DeleteVolumeOperator(), conf);
    }
    assertThat(docker.listVolumesCmd().exec().getVolumes()).noneMatch(v -> v.getName().equals(volume));
  }
}
