package io.aloft.graphgrid.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.sdk.BranchResult;
import io.aloft.sdk.TaskFailException;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.TaskInstanceView;
import io.aloft.sdk.testing.FakeTaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The steps that need neither Docker nor a database. */
class StepsTest {

  @TempDir Path home;

  private FakeTaskContext ctx(String task) {
    return new FakeTaskContext(new TaskIdentity("nlp_model_training", "run-1", task, -1, 1))
        .withSetting("home", home.toString());
  }

  private static Map<String, Object> request(boolean gpu) {
    return new RequestBody("named_entity_recognition", Map.of("sdk", new RequestBody.Dataset("sample/sample.jsonl", null)),
        gpu, false).toXCom();
  }

  @Test
  void checkRequestBodyInstallsTheSampleIntoAnEmptyStoreAndReturnsTheCheckedRequest() throws Exception {
    FakeTaskContext ctx = ctx("check_request_body").withConf(Map.of("model", "named_entity_recognition",
        "datasets", Map.of("sdk", new java.util.HashMap<>(Map.of("train", "sample/sample.jsonl")))));
    Object out = new CheckRequestBodyOperator().execute(ctx);
    assertThat(Files.exists(home.resolve("datasets/sample/sample.jsonl"))).isTrue();
    assertThat(out).isEqualTo(request(false));
  }

  @Test
  void aBadRequestFailsWithoutRetryWithItsMessage() {
    FakeTaskContext ctx = ctx("check_request_body").withConf(Map.of("model", "nope"));
    assertThatThrownBy(() -> new CheckRequestBodyOperator().execute(ctx))
        .isInstanceOf(TaskFailException.class).hasMessageContaining("unknown model 'nope'");
  }

  @Test
  void theBranchFollowsCpuUnlessAGpuIsRequestedAndSeen() {
    DetermineCpuOrGpuOperator branch = new DetermineCpuOrGpuOperator(Map.of());
    FakeTaskContext cpu = ctx("determine_cpu_or_gpu").withXCom("check_request_body", "return_value", request(false));
    assertThat(branch.execute(cpu)).isEqualTo(BranchResult.follow("train_model_cpu"));

    FakeTaskContext simulated = ctx("determine_cpu_or_gpu").withXCom("check_request_body", "return_value", request(true))
        .withSetting("gpu", "simulated");
    assertThat(branch.execute(simulated)).isEqualTo(BranchResult.follow("gpu_training_sensor"));

    FakeTaskContext none = ctx("determine_cpu_or_gpu").withXCom("check_request_body", "return_value", request(true))
        .withSetting("gpu", "simulated").withSetting("gpu_simulated", "0x1");
    // A malformed spec is not a GPU; a host without nvidia-smi is the real case, covered by NvidiaSmiProbeTest.
    assertThatThrownBy(() -> branch.execute(none)).hasMessageContaining("simulated GPU spec");
  }

  @Test
  void checkDagSuccessFailsWhenAnyTaskOfThisRunFailed() {
    FakeTaskContext ok = ctx("check_DAG_success")
        .withTaskInstances("nlp_model_training", "train_model_cpu",
            List.of(new TaskInstanceView("nlp_model_training", "run-1", "train_model_cpu", -1, 1, "success", "h"),
                new TaskInstanceView("nlp_model_training", "run-0", "train_model_cpu", -1, 1, "failed", "h")));
    assertThat(new CheckDagSuccessOperator(Map.of()).execute(ok)).isEqualTo(true);

    FakeTaskContext bad = ctx("check_DAG_success")
        .withTaskInstances("nlp_model_training", "check_request_body",
            List.of(new TaskInstanceView("nlp_model_training", "run-1", "check_request_body", -1, 1, "failed", "h")))
        .withTaskInstances("nlp_model_training", "save_model",
            List.of(new TaskInstanceView("nlp_model_training", "run-1", "save_model", -1, 0, "upstream_failed", null)));
    assertThatThrownBy(() -> new CheckDagSuccessOperator(Map.of()).execute(bad))
        .isInstanceOf(TaskFailException.class)
        .hasMessageContaining("check_request_body (failed)")
        .hasMessageContaining("save_model (upstream_failed)");
  }

  @Test
  void savedModelNamesCarryModelTimeAndRun() {
    assertThat(SaveModelOperator.savedModelName("named_entity_recognition", ctx("save_model")))
        .matches("named_entity_recognition-20260101T000000-[0-9a-f]{6}");
  }
}
