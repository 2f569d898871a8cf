package io.aloft.runtime.python.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One started Python worker process as the daemon sees it: the child JVM and its connection. The daemon listens on
 * a loopback port of its own for exactly this child, which proves itself with a random token given on its standard
 * input (private to the two processes), so no other local process can take its place.
 *
 * <p>Threading: {@link #send} from any thread, {@link #read} from the one reader thread. Lifecycle: {@link #start}
 * returns a connected worker; {@link #close} ends the process.
 */
final class WorkerProcess implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Process process;
  private final WorkerChannel channel;
  private final long pid;
  private final Duration exitLimit;
  /** The worker's heap limit as its command gives it ({@code -Xmx}), for the out-of-memory message. */
  private final String heap;

  private WorkerProcess(Process process, WorkerChannel channel, long pid, Duration exitLimit, String heap) {
    this.process = process;
    this.channel = channel;
    this.pid = pid;
    this.exitLimit = exitLimit;
    this.heap = heap;
  }

  /**
   * Starts {@code command} (a java command line missing only the port, which is appended) and waits up to {@code
   * connectLimit} for it to connect and say hello. {@code exitLimit}: how long {@link #close} waits for the process
   * to end by itself before it kills it (a worker that records the start-up cache writes it as it exits).
   */
  static WorkerProcess start(List<String> command, Duration connectLimit, Duration exitLimit) throws IOException {
    String token = HexFormat.of().formatHex(token());
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<String> full = new ArrayList<>(command);
      full.add(Integer.toString(server.getLocalPort()));
      Process process = new ProcessBuilder(full)
          .redirectOutput(ProcessBuilder.Redirect.INHERIT)
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      try {
        try (OutputStream stdin = process.getOutputStream()) {
          stdin.write((token + "\n").getBytes(StandardCharsets.UTF_8));
        }
        long deadline = System.nanoTime() + connectLimit.toNanos();
        server.setSoTimeout(250);
        while (true) {
          if (!process.isAlive()) {
            throw new IOException("the Python worker exited before it connected (" + exitDescription(process, heap(command))
                + ")");
          }
          if (System.nanoTime() > deadline) {
            throw new IOException("the Python worker did not connect within " + connectLimit.toSeconds() + " s");
          }
          Socket socket;
          try {
            socket = server.accept();
          } catch (SocketTimeoutException e) {
            continue;
          }
          WorkerChannel channel = new WorkerChannel(socket);
          socket.setSoTimeout((int) Math.max(1000, connectLimit.toMillis()));
          JsonNode hello;
          try {
            hello = channel.read();
          } catch (IOException e) {
            channel.close();
            continue;
          }
          if (!"hello".equals(hello.path("op").asText()) || !token.equals(hello.path("token").asText())) {
            channel.close(); // not our child
            continue;
          }
          socket.setSoTimeout(0);
          return new WorkerProcess(process, channel, hello.path("pid").asLong(process.pid()), exitLimit, heap(command));
        }
      } catch (IOException | RuntimeException e) {
        process.destroyForcibly();
        throw e;
      }
    }
  }

  /** The last {@code -Xmx} of a java command line, or "the JVM's default". */
  static String heap(List<String> command) {
    String heap = "the JVM's default";
    for (String option : command) {
      if (option.startsWith("-Xmx")) {
        heap = option.substring(4);
      }
    }
    return heap;
  }

  private static byte[] token() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  void send(JsonNode message) throws IOException {
    channel.send(message);
  }

  JsonNode read() throws IOException {
    return channel.read();
  }

  long pid() {
    return pid;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the process at once (a call that does not stop when told to). */
  void kill() {
    process.destroyForcibly();
  }

  /** How the process ended, waiting a moment for it to end: "exit code 1", "killed by signal 9 (SIGKILL)". */
  String waitForExit() {
    try {
      // A worker that records the start-up cache writes it as it exits: it gets its longer limit here too.
      if (!process.waitFor(Math.max(5000, exitLimit.toMillis()), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return exitDescription(process, heap);
  }

  /**
   * How {@code process} ended, in words. Exit code 3 is the JVM's own for an exhausted heap ({@code
   * -XX:+ExitOnOutOfMemoryError}): Python code cannot exit a worker's JVM with a code of its own (its {@code exit}
   * and {@code os._exit} end only its GraalPy context), so the code says which limit to raise.
   */
  static String exitDescription(Process process, String heap) {
    if (process.isAlive()) {
      return "still running, the connection was lost";
    }
    int code = process.exitValue();
    if (code > 128 && code < 128 + 65) {
      int signal = code - 128;
      String name = switch (signal) {
        case 9 -> " (SIGKILL)";
        case 15 -> " (SIGTERM)";
        case 6 -> " (SIGABRT)";
        case 11 -> " (SIGSEGV)";
        default -> "";
      };
      return "killed by signal " + signal + name;
    }
    if (code == 3) {
      return "out of memory (ALOFT_PYTHON_WORKER_HEAP=" + heap + ", the heap of each Python worker: raise it, or make"
          + " the DAG file or task hold less; exit code 3)";
    }
    return "exit code " + code;
  }

  /** Closes the connection (the worker then ends itself) and makes sure the process is gone. */
  @Override
  public void close() {
    channel.close();
    try {
      if (!process.waitFor(exitLimit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "Python worker pid " + pid;
  }
}
