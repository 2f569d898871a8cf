package io.aloft.runtime.python.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aloft.runtime.python.PythonCall;
import io.aloft.runtime.python.PythonContextPool;
import io.aloft.runtime.python.PythonException;
import io.aloft.runtime.python.PythonHost;
import io.aloft.runtime.python.PythonStoppedException;
import io.aloft.runtime.python.TaskBridge;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Python worker process: the {@code main} of a child JVM that the daemon starts ({@link PythonWorkers}), owning
 * a {@link PythonContextPool} and answering the daemon's calls over a loopback connection ({@link WorkerChannel}).
 * Whatever Python code does here — kill the process, exhaust its heap, start threads — costs the daemon one call
 * and a restart of this process. The process ends when the daemon closes the connection or dies.
 *
 * <p>Usage (by the daemon only): {@code java -cp <the daemon's class path> io.aloft.runtime.python.worker
 * .PythonWorkerMain <port>}, with the connection token as the first line on standard input.
 *
 * <p>Threading: one reader thread takes the daemon's messages; each call waits for its result on a virtual thread;
 * Python runs on the pool's threads.
 */
public final class PythonWorkerMain {

  private static final Logger LOG = LoggerFactory.getLogger(PythonWorkerMain.class);
  /** How long a task's callback may wait for the daemon's answer before the task sees an error. */
  private static final Duration CALLBACK_LIMIT = Duration.ofMinutes(5);
  /** How long a task's log line may wait in the worker for others to share its message. */

  private final WorkerChannel channel;
  private final PythonContextPool pool;
  private final Map<Long, PythonCall<String>> calls = new ConcurrentHashMap<>();
  private final Map<Long, CompletableFuture<String>> answers = new ConcurrentHashMap<>();
  private final AtomicLong callbacks = new AtomicLong();

  private PythonWorkerMain(WorkerChannel channel, PythonContextPool pool) {
    this.channel = channel;
    this.pool = pool;
  }

  public static void main(String[] args) {
    int status = 0;
    try {
      run(Integer.parseInt(args[0]));
    } catch (Throwable e) {
      LOG.error("the Python worker stops: {}", e.toString(), e);
      status = 1;
    }
    // halt, not exit: threads that Python code started must not keep the process alive after the daemon left.
    Runtime.getRuntime().halt(status);
  }

  private static void run(int port) throws IOException, InterruptedException {
    String token = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    if (token == null) {
      throw new IOException("no connection token on standard input: this process is started by the Aloft daemon");
    }
    Socket socket;
    try {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
    } catch (java.net.ConnectException e) {
      LOG.info("the daemon stopped before this Python worker connected: exiting");
      return;
    }
    try (WorkerChannel channel = new WorkerChannel(socket)) {
      channel.send(WorkerChannel.message("hello").put("token", token).put("pid", ProcessHandle.current().pid()));
      JsonNode init = channel.read();
      if (!"init".equals(init.path("op").asText())) {
        throw new IOException("the daemon's first message is not init: " + init.path("op").asText());
      }
      List<Path> path = new ArrayList<>();
      init.path("python_path").forEach(p -> path.add(Path.of(p.asText())));
      List<String> preload = new ArrayList<>();
      init.path("preload").forEach(p -> preload.add(p.asText()));
      Map<String, String> environment = new LinkedHashMap<>();
      init.path("environment").properties().forEach(e -> environment.put(e.getKey(), e.getValue().asText()));
      try (PythonContextPool pool = PythonContextPool.of(path, init.path("contexts").asInt(1), preload, environment,
          init.path("hold_rest").asBoolean())) {
        // Ready once a context is warm: the daemon times its calls from when it sends them.
        while (!pool.awaitFirstContext(Duration.ofSeconds(1))) {
          Thread.onSpinWait();
        }
        channel.send(WorkerChannel.message("ready"));
        new PythonWorkerMain(channel, pool).serve();
      }
    }
  }

  /** Answers the daemon's messages until it closes the connection. */
  private void serve() throws IOException {
    while (true) {
      JsonNode m;
      try {
        m = channel.read();
      } catch (java.io.EOFException | java.net.SocketException closed) {
        return; // the daemon stopped (or died): so does this process
      }
      long id = m.path("id").asLong();
      switch (m.path("op").asText()) {
        case "evaluate" -> track(id, pool.evaluateDagFile(m.path("source").asText(), m.path("filename").asText(),
            m.path("module").asText(), m.hasNonNull("timeout_ms") ? Duration.ofMillis(m.get("timeout_ms").asLong()) : null));
        case "run_task" -> track(id, pool.runTask(new PythonHost.TaskCall(m.path("source").asText(),
            m.path("filename").asText(), m.path("module").asText(), m.path("dag_id").asText(), m.path("task_id").asText(),
            m.path("request").asText()), bridge(id, new LogLines(id))));
        case "cancel" -> {
          PythonCall<String> call = calls.get(id);
          if (call != null) {
            call.cancel();
          }
        }
        case "answer" -> {
          CompletableFuture<String> answer = answers.remove(m.path("cb").asLong());
          if (answer != null) {
            answer.complete(m.path("value").asText());
          }
        }
        case "path" -> {
          List<Path> folders = new ArrayList<>();
          m.path("folders").forEach(f -> folders.add(Path.of(f.asText())));
          pool.extendPythonPath(folders);
        }
        case "warm_rest" -> pool.warmTheRest();
        case "await_warm" -> Thread.startVirtualThread(() -> {
          ObjectNode reply = WorkerChannel.JSON.createObjectNode().put("id", id);
          try {
            reply.put("result", pool.awaitWarm(Duration.ofMillis(m.path("timeout_ms").asLong())));
          } catch (InterruptedException | RuntimeException e) {
            reply.put("failure", e.toString());
          }
          send(reply);
        });
        default -> LOG.warn("unknown message from the daemon: {}", m.path("op").asText());
      }
    }
  }

  /**
   * Sends the call's end to the daemon once it has one, from the thread that ended it (no thread is woken for it:
   * on a busy machine each wake-up costs milliseconds, and a Python task pays them on its critical path). The
   * task's log lines were each sent as they came, so they are ahead of it.
   */
  private void track(long id, PythonCall<String> call) {
    calls.put(id, call);
    call.whenDone(() -> {
      ObjectNode reply = WorkerChannel.JSON.createObjectNode().put("id", id);
      String result = null;
      boolean returned = false;
      try {
        result = call.await();
        returned = true;
      } catch (PythonStoppedException e) {
        reply.put("stopped", e.reason().name()).put("message", e.getMessage());
        for (Throwable s : e.getSuppressed()) {
          if (s instanceof PythonException p) {
            reply.set("error", WorkerChannel.error(p));
          }
        }
      } catch (PythonException e) {
        reply.set("error", WorkerChannel.error(e));
      } catch (InterruptedException | RuntimeException e) {
        reply.put("failure", String.valueOf(e.getMessage()));
      } finally {
        calls.remove(id);
      }
      if (!returned || result == null) {
        if (returned) {
          reply.put("result", (String) null);
        }
        send(reply);
        return;
      }
      try {
        channel.send(reply, "result", result); // JSON already: sent as it is, not escaped into a string
      } catch (IOException e) {
        LOG.warn("cannot answer the daemon: {}", e.toString()); // it left: the reader sees the end and stops us
      }
    });
  }

  /**
   * A running task's printed and logged lines, each sent to the daemon as it comes (one way: no answer is awaited).
   * Not held back to batch them: a task that kills its own process (a signal, exhausted memory) must not take the
   * lines it printed just before with it. Thread-safe: Python threads of the task may print at once; the lock keeps
   * the order in which the daemon writes them.
   */
  private final class LogLines {
    private final long id;

    LogLines(long id) {
      this.id = id;
    }

    synchronized void add(String line) {
      ObjectNode m = WorkerChannel.message("callback").put("id", id).put("kind", "log");
      m.putArray("args").add(line);
      send(m);
    }
  }

  private void send(ObjectNode message) {
    try {
      channel.send(message);
    } catch (IOException e) {
      LOG.warn("cannot answer the daemon: {}", e.toString()); // it left: the reader sees the end and stops us
    }
  }

  /** A task's callbacks, answered by the daemon over the connection. */
  private TaskBridge bridge(long id, LogLines logs) {
    return new TaskBridge() {
      @Override
      public String xcomPull(String queryJson) {
        return ask("xcom_pull", queryJson);
      }

      @Override
      public String xcomPush(String key, String valueJson) {
        return ask("xcom_push", key, valueJson);
      }

      @Override
      public String variable(String key) {
        return ask("variable", key);
      }

      @Override
      public String connection(String connId) {
        return ask("connection", connId);
      }

      @Override
      public void log(String line) {
        logs.add(line);
      }

      private String ask(String kind, String... args) {
        long cb = callbacks.incrementAndGet();
        CompletableFuture<String> answer = new CompletableFuture<>();
        answers.put(cb, answer);
        ObjectNode m = WorkerChannel.message("callback").put("id", id).put("kind", kind).put("cb", cb);
        var array = m.putArray("args");
        for (String a : args) {
          array.add(a);
        }
        try {
          channel.send(m);
          return answer.get(CALLBACK_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
          answers.remove(cb);
          return errorEnvelope("the daemon did not answer the task's " + kind + " call: " + e);
        }
      }
    };
  }

  private static String errorEnvelope(String message) {
    return WorkerChannel.JSON.createObjectNode().put("error", message).toString();
  }
}
