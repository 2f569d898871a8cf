package io.aloft.graphgrid.nlp;

import io.aloft.graphgrid.docker.Homes;
import io.aloft.sdk.Operator;
import io.aloft.sdk.TaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code save_model}: copies the trained artifact (and its training metrics) out of the session volume into the
 * model store ({@code ALOFT_MODELS_DIR}, default {@code <home>/models}) under a generated saved model name,
 * {@code <model>-<UTC time>-<run hash>}. Returns the name, the artifact's path and how it was trained.
 */
public final class SaveModelOperator implements Operator {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  @Override
  public Object execute(TaskContext ctx) throws Exception {
    RequestBody request = NlpSteps.request(ctx);
    String device = "cpu";
    Map<String, Object> training = Map.of();
    for (String task : NlpSteps.TRAIN_TASKS) {
      Map<String, Object> m = NlpSteps.jsonXCom(ctx, task);
      if (!m.isEmpty()) {
        training = m;
        device = task.endsWith("gpu") ? "gpu" : "cpu";
      }
    }
    String name = savedModelName(request.model(), ctx);
    Path dir = Homes.models(ctx.settings()).resolve(name);
    Files.createDirectories(dir);
    Path artifact = dir.resolve(request.model() + ".json");
    SessionVolumes volumes = NlpSteps.volumesWithHelperImage(ctx);
    String volume = NlpSteps.volume(ctx);
    volumes.copyOut(volume, ctx.identity().runId(), "model/" + request.model() + ".json", artifact);
    try {
      volumes.copyOut(volume, ctx.identity().runId(), "metrics/train.json", dir.resolve("train-metrics.json"));
    } catch (java.io.IOException noMetrics) {
      ctx.log().warn("no training metrics in the volume: " + noMetrics.getMessage());
    }
    ctx.log().info("saved model " + name + " (" + Files.size(artifact) + " bytes) to " + artifact);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("saved_model_name", name);
    out.put("artifact_path", artifact.toString());
    out.put("model", request.model());
    out.put("device", device);
    out.put("training_seconds", training.get("training_seconds"));
    return out;
  }

  static String savedModelName(String model, TaskContext ctx) {
    String hash = Integer.toHexString(ctx.identity().runId().hashCode() & 0xffffff);
    return model + "-" + STAMP.format(ctx.clock().instant()) + "-" + "0".repeat(6 - hash.length()) + hash;
  }
}
