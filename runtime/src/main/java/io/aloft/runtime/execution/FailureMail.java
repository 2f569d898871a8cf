package io.aloft.runtime.execution;

import io.aloft.runtime.execution.builtin.SmtpMail;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.sdk.TaskContext;
import java.util.List;

/**
 * Airflow's {@code email_on_failure} / {@code email_on_retry}: the alert mail Airflow sends to a task's {@code email}
 * addresses, with its subject and body. A mail that cannot be sent is logged in the try's log and changes nothing.
 */
final class FailureMail {

  private FailureMail() {}

  static void send(TaskContext ctx, List<String> to, TaskInstanceRow ti, TaskState state, String failure, String hostname) {
    String ref = "<TaskInstance: " + ti.dagId() + "." + ti.taskId() + " " + ti.runId() + " [" + state.name().toLowerCase() + "]>";
    String subject = "Airflow alert: " + ref;
    String body = "Try " + ti.tryNumber() + " out of " + (ti.maxTries() + 1) + "<br>Exception:<br>" + escape(failure)
        + "<br>Log: " + escape(ti.dagId() + "/" + ti.runId() + "/" + ti.taskId() + " attempt " + ti.tryNumber())
        + "<br>Host: " + escape(hostname) + "<br>";
    try {
      SmtpMail.send(ctx, null, new SmtpMail.Message(to, List.of(), List.of(), subject, body, List.of()));
    } catch (Exception e) {
      ctx.log().error("Failed to send email to " + to + " (the task's state is unchanged): " + e.getMessage());
    }
  }

  private static String escape(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>");
  }
}
