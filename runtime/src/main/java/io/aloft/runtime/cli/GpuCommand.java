package io.aloft.runtime.cli;

import io.aloft.runtime.config.AloftConfig;
import io.aloft.sdk.Connection;
import io.aloft.sdk.Pools;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.TaskInstanceView;
import io.aloft.sdk.TaskLog;
import io.aloft.sdk.XCom;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code aloft gpu check}: whether this host can run GPU training (GPUs and their memory, driver, Docker's NVIDIA
 * runtime, and what to do when something is missing). The check lives in the graphgrid plugin; this command runs its
 * {@code GraphGridGpuCheck} operator through the plugins service (the SPI), so the runtime does not depend on it.
 */
@Command(name = "gpu", description = "GPU support", subcommands = {GpuCommand.Check.class})
final class GpuCommand {

  static final String CHECK_OPERATOR = "GraphGridGpuCheck";

  @ParentCommand Root root;

  @Command(name = "check", description = "Check whether this host can run GPU training, and say what is missing")
  static final class Check implements Callable<Integer> {
    @ParentCommand GpuCommand parent;

    @Override
    public Integer call() throws Exception {
      CliContext c = parent.root.context();
      AloftConfig config = c.config();
      Object result = c.plugins().runOperator(CHECK_OPERATOR, Map.of(), new CliTaskContext(config, c.out()))
          .orElseThrow(() -> new CliException(
              "the graphgrid plugin is not installed in " + config.pluginsFolder() + ": build it (mvn package) and"
                  + " start Aloft with ./aloft, or copy its -plugin.zip (and the docker plugin's) there"));
      if (!(result instanceof Map<?, ?> m)) {
        throw new CliException("the GPU check returned " + result);
      }
      c.out().print(m.get("report"));
      c.out().flush();
      return Boolean.TRUE.equals(m.get("ok")) ? 0 : 1;
    }
  }

  /** A task context for running a plugin operator from the command line: log to the console, no store. */
  static final class CliTaskContext implements TaskContext {
    private final AloftConfig config;
    private final PrintWriter out;

    CliTaskContext(AloftConfig config, PrintWriter out) {
      this.config = config;
      this.out = out;
    }

    @Override
    public TaskIdentity identity() {
      return new TaskIdentity("aloft_cli", "cli", "gpu_check", -1, 1);
    }

    @Override
    public TaskLog log() {
      return new TaskLog() {
        @Override
        public void info(String message) {
          out.println(message);
        }

        @Override
        public void warn(String message) {
          out.println("warning: " + message);
        }

        @Override
        public void error(String message) {
          out.println("error: " + message);
        }

        @Override
        public void output(String line) {
          out.println(line);
        }
      };
    }

    @Override
    public XCom xcom() {
      return new XCom() {
        @Override
        public void push(String key, Object value) {}

        @Override
        public Optional<Object> pull(String taskId, String key) {
          return Optional.empty();
        }
      };
    }

    @Override
    public Map<String, Object> conf() {
      return Map.of();
    }

    @Override
    public Optional<String> variable(String key) {
      return Optional.empty();
    }

    @Override
    public Optional<Connection> connection(String connId) {
      return Optional.empty();
    }

    @Override
    public Pools pools() {
      throw new UnsupportedOperationException("no pools on the command line");
    }

    @Override
    public List<TaskInstanceView> taskInstances(String dagId, String taskId) {
      return List.of();
    }

    @Override
    public void registerSecret(String value) {}

    @Override
    public void heartbeat() {}

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public Clock clock() {
      return Clock.systemUTC();
    }

    @Override
    public Map<String, String> settings() {
      return config.settings();
    }
  }
}
