package io.aloft.runtime.cli;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Follows a run in the store, printing a progress line whenever it changes, until it finishes. */
final class RunWaiter {

  private RunWaiter() {}

  static RunState await(Application app, PrintWriter out, String dagId, String runId) throws InterruptedException {
    String last = "";
    while (true) {
      DagRunRow run = app.runs().get(dagId, runId).orElseThrow(() -> new CliException("run " + runId + " was deleted"));
      List<TaskInstanceRow> tis = app.taskInstances().listForRun(dagId, runId);
      long done = tis.stream().filter(t -> t.state().isFinished()).count();
      Map<String, Integer> counts = DagsCommand.stateCounts(tis);
      String line = "[" + run.state().airflowName() + "] " + done + "/" + tis.size() + " tasks done: "
          + counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
      if (!line.equals(last)) {
        out.println(line);
        out.flush();
        last = line;
      }
      if (run.state().isFinished()) {
        for (TaskInstanceRow t : tis) {
          if (t.note() != null && !t.state().name().equals("SUCCESS")) {
            out.println("  " + t.taskId() + (t.mapIndex() >= 0 ? "[" + t.mapIndex() + "]" : "") + ": "
                + (t.state().airflowName() == null ? "none" : t.state().airflowName()) + " - " + t.note());
          }
        }
        out.println("Run " + runId + " finished: " + run.state().airflowName());
        out.flush();
        return run.state();
      }
      Thread.sleep(200);
    }
  }
}
