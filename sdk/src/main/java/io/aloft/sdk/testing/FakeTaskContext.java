package io.aloft.sdk.testing;

import io.aloft.sdk.Connection;
import io.aloft.sdk.Pools;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.TaskInstanceView;
import io.aloft.sdk.TaskLog;
import io.aloft.sdk.XCom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link TaskContext} for testing operators without a daemon: it records what the operator logs and
 * pushes, masks registered secrets like the real log does, and answers from maps the test fills.
 *
 * <p>Thread-safe, so an operator's output pumps and a test thread calling {@link #cancel()} may use it at
 * once.
 *
 * <pre>{@code
 * FakeTaskContext ctx = FakeTaskContext.forTask("my_dag", "train")
 *     .withSetting("docker_host", "unix:///var/run/docker.sock")
 *     .withConf(Map.of("model", "ner"));
 * Object xcom = operator.execute(ctx);
 * assertThat(ctx.outputLines()).contains("done");
 * }</pre>
 */
public final class FakeTaskContext implements TaskContext {

  /** One line written to the log: its level ({@code INFO}, {@code WARN}, {@code ERROR}, {@code OUTPUT}) and text. */
  public record LogLine(String level, String message) {}

  private final TaskIdentity identity;
  private volatile boolean resumed;
  /** Kept in memory: a test resumes the same context with {@link #asResumed}. */
  private volatile String recordedWork;
  private final List<LogLine> lines = new ArrayList<>();
  private final Map<String, Object> pushed = new LinkedHashMap<>();
  private final Map<String, Object> pullable = new HashMap<>();
  private final Set<String> secrets = ConcurrentHashMap.newKeySet();
  private final Map<String, Object> conf = new LinkedHashMap<>();
  private final Map<String, String> variables = new HashMap<>();
  private final Map<String, Connection> connections = new HashMap<>();
  private final Map<String, String> settings = new LinkedHashMap<>();
  private final Map<String, List<TaskInstanceView>> taskInstances = new HashMap<>();
  private final FakePools pools = new FakePools();
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final AtomicInteger heartbeats = new AtomicInteger();
  private Clock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private javax.sql.DataSource database;

  private final TaskLog log =
      new TaskLog() {
        @Override
        public void info(String message) {
          record("INFO", message);
        }

        @Override
        public void warn(String message) {
          record("WARN", message);
        }

        @Override
        public void error(String message) {
          record("ERROR", message);
        }

        @Override
        public void output(String line) {
          record("OUTPUT", line);
        }
      };

  public FakeTaskContext(TaskIdentity identity) {
    this.identity = identity;
  }

  /** A context for try 1 of an unmapped task in run {@code manual__2026-01-01T00:00:00+00:00}. */
  public static FakeTaskContext forTask(String dagId, String taskId) {
    return new FakeTaskContext(new TaskIdentity(dagId, "manual__2026-01-01T00:00:00+00:00", taskId, -1, 1));
  }

  /**
   * Runs {@code operator.execute(this)} on a virtual thread of its own and answers its outcome: for tests that act on
   * a running operator (kill it, look at what it started) before it ends.
   */
  public java.util.concurrent.CompletableFuture<Object> executeInBackground(io.aloft.sdk.Operator operator) {
    java.util.concurrent.CompletableFuture<Object> result = new java.util.concurrent.CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try {
        result.complete(operator.execute(this));
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    });
    return result;
  }

  public FakeTaskContext withSetting(String key, String value) {
    synchronized (this) {
      settings.put(key, value);
    }
    return this;
  }

  public FakeTaskContext withConf(Map<String, Object> values) {
    synchronized (this) {
      conf.putAll(values);
    }
    return this;
  }

  public FakeTaskContext withVariable(String key, String value) {
    synchronized (this) {
      variables.put(key, value);
    }
    return this;
  }

  public FakeTaskContext withConnection(Connection connection) {
    synchronized (this) {
      connections.put(connection.connId(), connection);
    }
    return this;
  }

  /** Makes {@code value} what {@code xcom().pull(taskId, key)} returns. */
  public FakeTaskContext withXCom(String taskId, String key, Object value) {
    synchronized (this) {
      pullable.put(taskId + "\u0000" + key, value);
    }
    return this;
  }

  public FakeTaskContext withTaskInstances(String dagId, String taskId, List<TaskInstanceView> views) {
    synchronized (this) {
      taskInstances.put(dagId + "\u0000" + taskId, List.copyOf(views));
    }
    return this;
  }

  public FakeTaskContext withClock(Clock newClock) {
    synchronized (this) {
      this.clock = newClock;
    }
    return this;
  }

  /** Marks this try as resumed after a daemon restart (see {@link TaskContext#resumed}). */
  public FakeTaskContext asResumed() {
    this.resumed = true;
    return this;
  }

  @Override
  public boolean resumed() {
    return resumed;
  }

  @Override
  public void recordWork(String workId) {
    recordedWork = workId;
  }

  @Override
  public java.util.Optional<String> recordedWork() {
    return java.util.Optional.ofNullable(recordedWork);
  }

  /** Makes {@link #pluginDatabase} run against this database (each call in its own transaction). */
  public FakeTaskContext withDatabase(javax.sql.DataSource dataSource) {
    synchronized (this) {
      this.database = dataSource;
    }
    return this;
  }

  /** Asks the operator to stop, as a timeout or a stopped run would. */
  public void cancel() {
    cancelled.set(true);
  }

  /** Every line logged so far, secrets masked, in order. */
  public synchronized List<LogLine> logLines() {
    return List.copyOf(lines);
  }

  /** The text of the lines logged at {@code OUTPUT} level (a container's or process's output). */
  public synchronized List<String> outputLines() {
    return lines.stream().filter(l -> l.level().equals("OUTPUT")).map(LogLine::message).toList();
  }

  /** The whole log as one string, one line per entry, for {@code contains} assertions. */
  public synchronized String logText() {
    StringBuilder sb = new StringBuilder();
    lines.forEach(l -> sb.append(l.level()).append(' ').append(l.message()).append('\n'));
    return sb.toString();
  }

  /** What the operator pushed with {@code xcom().push}, by key. */
  public synchronized Map<String, Object> pushedXCom() {
    return new LinkedHashMap<>(pushed);
  }

  public int heartbeats() {
    return heartbeats.get();
  }

  public FakePools fakePools() {
    return pools;
  }

  private synchronized void record(String level, String message) {
    String masked = message;
    for (String secret : secrets) {
      masked = masked.replace(secret, "***");
    }
    lines.add(new LogLine(level, masked));
  }

  @Override
  public TaskIdentity identity() {
    return identity;
  }

  @Override
  public TaskLog log() {
    return log;
  }

  @Override
  public XCom xcom() {
    return new XCom() {
      @Override
      public void push(String key, Object value) {
        synchronized (FakeTaskContext.this) {
          pushed.put(key, value);
        }
      }

      @Override
      public Optional<Object> pull(String taskId, String key) {
        synchronized (FakeTaskContext.this) {
          return Optional.ofNullable(pullable.get(taskId + "\u0000" + key));
        }
      }
    };
  }

  @Override
  public synchronized Map<String, Object> conf() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(conf));
  }

  @Override
  public synchronized Optional<String> variable(String key) {
    return Optional.ofNullable(variables.get(key));
  }

  @Override
  public synchronized Optional<Connection> connection(String connId) {
    return Optional.ofNullable(connections.get(connId));
  }

  @Override
  public Pools pools() {
    return pools;
  }

  @Override
  public synchronized List<TaskInstanceView> taskInstances(String dagId, String taskId) {
    return taskInstances.getOrDefault(dagId + "\u0000" + taskId, List.of());
  }

  @Override
  public void registerSecret(String value) {
    if (value != null && !value.isEmpty()) {
      secrets.add(value);
    }
  }

  @Override
  public void heartbeat() {
    heartbeats.incrementAndGet();
  }

  @Override
  public boolean isCancelled() {
    return cancelled.get();
  }

  @Override
  public synchronized Clock clock() {
    return clock;
  }

  @Override
  public synchronized Map<String, String> settings() {
    return Map.copyOf(settings);
  }

  @Override
  public io.aloft.sdk.extension.PluginServices.PluginDatabase pluginDatabase() {
    javax.sql.DataSource ds;
    synchronized (this) {
      ds = database;
    }
    if (ds == null) {
      throw new UnsupportedOperationException("no database: call withDatabase(dataSource) first");
    }
    return new io.aloft.sdk.extension.PluginServices.PluginDatabase() {
      @Override
      public <T> T inTransaction(io.aloft.sdk.DatabaseWork<T> work) {
        try (java.sql.Connection c = ds.getConnection()) {
          c.setAutoCommit(false);
          try {
            T result = work.run(c);
            c.commit();
            return result;
          } catch (java.sql.SQLException | RuntimeException e) {
            c.rollback();
            throw e;
          }
        } catch (java.sql.SQLException e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
      }
    };
  }
}
