package io.aloft.runtime.execution.builtin;

import io.aloft.sdk.TaskContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one bash command the way Airflow's BashOperator does: in its own process group (so a timeout
 * kills the whole tree, not only bash), stdout and stderr merged and streamed line by line into the
 * try's log, the last line kept for XCom.
 */
final class BashProcess {

  /** The finished command. */
  record Result(int exitCode, String lastLine) {}

  private Process process;
  /** Set by {@link #kill}; a kill that comes before the process exists stops it from starting. */
  private boolean killed;

  /** Runs the command the task's arguments describe (bash_command, env, append_env, cwd, output_encoding). */
  Result run(TaskContext ctx, Args args) throws IOException, InterruptedException {
    return run(ctx, args.string("bash_command"), args.stringMap("env"), args.bool("append_env", false),
        args.string("cwd"), args.string("output_encoding"));
  }

  Result run(TaskContext ctx, String command, Map<String, String> env, boolean appendEnv, String cwd, String encoding)
      throws IOException, InterruptedException {
    // setsid makes bash the leader of a new process group: kill(-pgid) then reaches every child.
    ProcessBuilder pb = new ProcessBuilder(List.of("setsid", "bash", "-c", command)).redirectErrorStream(true);
    Map<String, String> environment = pb.environment();
    if (env != null && !appendEnv) {
      environment.clear();
    }
    if (env != null) {
      environment.putAll(env);
    }
    environment.putAll(airflowContextEnv(ctx));
    Path dir = cwd == null || cwd.isBlank() ? Files.createTempDirectory("aloft-bash-") : Path.of(cwd);
    if (!Files.isDirectory(dir)) {
      throw new IOException("cwd '" + cwd + "' is not a directory: create it or fix the task's cwd");
    }
    pb.directory(dir.toFile());
    ctx.log().info("Running command: ['bash', '-c', " + quote(command) + "]");
    Process p;
    // A stop (daemon shutdown, timeout, kill) can arrive while the try is still preparing: the kill then
    // finds no process, and without this check the command would start afterwards and outlive the stop.
    synchronized (this) {
      if (killed) {
        throw new InterruptedException("the try was stopped before its command started");
      }
      p = pb.start();
      process = p;
    }
    String last = null;
    Charset cs = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), cs))) {
      String line;
      while ((line = r.readLine()) != null) {
        ctx.log().output(line);
        last = line;
      }
    }
    int code = p.waitFor();
    ctx.log().info("Command exited with return code " + code);
    return new Result(code, last);
  }

  /** Kills the command's whole process group. */
  void kill() {
    Process p;
    synchronized (this) {
      killed = true;
      p = process;
    }
    if (p == null || !p.isAlive()) {
      return;
    }
    try {
      new ProcessBuilder("kill", "-KILL", "--", "-" + p.pid()).start().waitFor();
    } catch (IOException e) {
      // fall through to the JDK's kill of the known tree
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  private static Map<String, String> airflowContextEnv(TaskContext ctx) {
    Map<String, String> m = new HashMap<>();
    m.put("AIRFLOW_CTX_DAG_ID", ctx.identity().dagId());
    m.put("AIRFLOW_CTX_TASK_ID", ctx.identity().taskId());
    m.put("AIRFLOW_CTX_DAG_RUN_ID", ctx.identity().runId());
    m.put("AIRFLOW_CTX_TRY_NUMBER", Integer.toString(ctx.identity().tryNumber()));
    return m;
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "\\'") + "'";
  }
}
