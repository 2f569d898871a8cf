package io.aloft.graphgrid.nlp;

import io.aloft.plugins.docker.DockerClients;
import io.aloft.plugins.docker.DockerEndpoint;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskFailException;
import java.util.List;
import java.util.Map;

/** What the nlp_model_training steps share: the checked request, the session volume, the run's Docker engine. */
final class NlpSteps {

  static final String CHECK_TASK = "check_request_body";
  static final String VOLUME_TASK = "create_unique_session_path";
  static final String SAVE_TASK = "save_model";
  static final String EVAL_TASK = "eval_model";
  static final List<String> TRAIN_TASKS = List.of("train_model_cpu", "train_model_gpu");

  private NlpSteps() {}

  /** The request {@code check_request_body} checked in this run. */
  static RequestBody request(TaskContext ctx) {
    Object checked = ctx.xcom().pull(CHECK_TASK, "return_value").orElseThrow(() -> new TaskFailException(
        "no checked request body: " + CHECK_TASK + " must succeed first"));
    return RequestBody.fromXCom(checked);
  }

  /** This run's session volume (the one create_unique_session_path made, else the name it would have). */
  static String volume(TaskContext ctx) {
    return ctx.xcom().pull(VOLUME_TASK, "return_value").map(Object::toString)
        .orElse(SessionVolumes.nameFor(ctx.identity().runId()));
  }

  /**
   * The session volumes, with the trainer image their helper containers run built first when missing (its base
   * included; the task log says so). Steps that copy in or out of the volume call this one.
   */
  static SessionVolumes volumesWithHelperImage(TaskContext ctx) throws java.io.IOException {
    io.aloft.graphgrid.trainer.TrainerImage.ensure(DockerClients.get(DockerEndpoint.resolve(null, ctx.settings())),
        ctx.log()::info);
    return volumes(ctx);
  }

  static SessionVolumes volumes(TaskContext ctx) {
    return new SessionVolumes(DockerClients.get(DockerEndpoint.resolve(null, ctx.settings())));
  }

  /** A task's XCom as a JSON object: a map as is, a JSON string (a container's last line) parsed. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> jsonXCom(TaskContext ctx, String taskId) {
    Object v = ctx.xcom().pull(taskId, "return_value").orElse(null);
    if (v instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    if (v instanceof String s && s.strip().startsWith("{")) {
      try {
        return new com.fasterxml.jackson.databind.ObjectMapper().readValue(s, Map.class);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        return Map.of();
      }
    }
    return Map.of();
  }
}
