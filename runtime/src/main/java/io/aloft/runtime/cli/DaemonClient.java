package io.aloft.runtime.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The CLI's fast path: hands the commands users and scripts type most ({@link #FAST}) to a running daemon of the
 * same data directory, which runs them over its open store and sends back their output and exit code. That spares
 * the command opening the store, migrating it and loading the services (most of a second); the answer is the very
 * same text, since the daemon runs the same command code ({@link CliSocketServer}).
 *
 * <p>The daemon listens on the Unix socket {@code <home>/cli.sock}: only the data directory's owner can reach it
 * (the directory is mode 700, the socket 600, and the daemon checks the caller's user through the kernel), so it
 * needs no password or token. When no daemon answers — none runs, it was killed and left its socket behind, it
 * serves another database, or it is an older build — {@link #ask} says so and the caller runs the command itself.
 *
 * <p>Kept small on purpose: it is on the path of every fast command, so it loads only the configuration's classes
 * and the JDK's, never picocli, Jackson or the store (the launcher runs it with only Aloft's jar and SDK on the class
 * path, see {@link #main}).
 */
public final class DaemonClient {

  /** The socket's name in the data directory. */
  static final String SOCKET = "cli.sock";
  /** Raised whenever the request or answer changes, so that a daemon of another build declines instead of guessing. */
  static final int PROTOCOL = 1;
  /** Answer kinds. */
  static final byte DECLINED = 0;
  static final byte ANSWERED = 1;
  /** Returned by {@link #ask} when no daemon answered. */
  public static final int NOT_ANSWERED = -1;
  /**
   * {@link #main}'s exit code when no daemon answered and nothing was printed (EX_TEMPFAIL): the launcher then runs
   * the command in a JVM with the whole class path. No command of Aloft's exits with it.
   */
  static final int RUN_IT_YOURSELF = 75;

  /** {@code <command> <subcommand>} of the commands a daemon answers. */
  private static final Set<String> FAST = Set.of("dags list", "dags trigger", "tasks states-for-dag-run", "variables get");

  private DaemonClient() {}

  /**
   * The launcher's fast route ({@code ./aloft} when {@code <home>/cli.sock} exists): run in a JVM whose class path is
   * only Aloft's runtime jar and its SDK, which starts in a fraction of the full one's time (the JDK looks up its
   * socket provider in every jar of the class path). Exits with the daemon's answer, or {@link #RUN_IT_YOURSELF}
   * having printed nothing — also when the configuration is invalid, which the full run then reports as usual.
   */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code;
    try {
      code = mayAsk(args) ? ask(io.aloft.runtime.config.ConfigLoader.fromEnvironment(), args, out, err) : NOT_ANSWERED;
    } catch (RuntimeException | LinkageError e) {
      code = NOT_ANSWERED; // a bad configuration, or a class beyond this short class path: the full run says what
    }
    out.flush();
    err.flush();
    System.exit(code == NOT_ANSWERED ? RUN_IT_YOURSELF : code);
  }

  /** {@link #ask(Path, String, String[], PrintWriter, PrintWriter)} for this configuration's home and database. */
  public static int ask(io.aloft.runtime.config.AloftConfig config, String[] args, PrintWriter out, PrintWriter err) {
    return ask(config.home(), storeId(config), args, out, err, answerTimeout(config.setting("cli_daemon_timeout")));
  }

  /** Which database a configuration points at: the embedded one of its data directory, or an external URL and user. */
  static String storeId(io.aloft.runtime.config.AloftConfig config) {
    var db = config.database();
    return db.isPresent() ? "external " + db.get().url() + " as " + db.get().user() : "embedded";
  }

  /**
   * Whether a daemon may answer these arguments: one of the {@link #FAST} commands, without what only the caller's
   * process can do ({@code --wait} follows a run until Ctrl-C; picocli reads {@code @file} arguments from the
   * caller's working directory).
   */
  public static boolean eligible(String[] args) {
    if (args.length < 2 || !FAST.contains(args[0] + " " + args[1])) {
      return false;
    }
    for (String a : args) {
      if (a.equals("--wait") || a.startsWith("--wait=") || a.startsWith("@")) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the launcher's fast route may send these arguments at all: an {@link #eligible} command, or any other
   * that the daemon may find to be only a request for help or a mistyped command ({@link CliSocketServer} parses it
   * and answers only then: picocli's usage or its "Unmatched argument" message, without loading plugins or opening
   * the store here; anything that would run is declined and runs here as always).
   */
  public static boolean mayAsk(String[] args) {
    if (eligible(args)) {
      return true;
    }
    if (args.length == 0) {
      return false;
    }
    for (String a : args) {
      if (a.equals("--wait") || a.startsWith("--wait=") || a.startsWith("@")) {
        return false;
      }
    }
    return true;
  }

  /** Whether these arguments only read: such a command is run again here when the daemon dies while answering. */
  static boolean readOnly(String[] args) {
    return !eligible(args) || !args[1].equals("trigger");
  }

  /** How long a caller waits for the daemon's answer unless {@code cli_daemon_timeout} says otherwise. */
  static final java.time.Duration DEFAULT_TIMEOUT = java.time.Duration.ofSeconds(60);

  /**
   * How long a caller waits for the daemon's answer: {@code cli_daemon_timeout} ({@code ALOFT_CLI_DAEMON_TIMEOUT}, as
   * every duration setting: {@code 30}, {@code 30s}, {@code 500ms}, {@code 2m}), so that a daemon that accepted the
   * call but hangs (stopped with SIGSTOP, stuck on its database) does not hang the shell. The full run checks the
   * value and says what is wrong with it; this short path takes the default for a value it cannot read.
   */
  static java.time.Duration answerTimeout(java.util.Optional<String> setting) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?")
        .matcher(setting.orElse("").strip().toLowerCase(java.util.Locale.ROOT));
    if (!m.matches()) {
      return DEFAULT_TIMEOUT;
    }
    long n = Long.parseLong(m.group(1));
    java.time.Duration d = switch (m.group(2) == null ? "s" : m.group(2)) {
      case "ms" -> java.time.Duration.ofMillis(n);
      case "m" -> java.time.Duration.ofMinutes(n);
      case "h" -> java.time.Duration.ofHours(n);
      case "d" -> java.time.Duration.ofDays(n);
      default -> java.time.Duration.ofSeconds(n);
    };
    return d.isZero() ? DEFAULT_TIMEOUT : d;
  }

  /**
   * Asks the daemon of {@code home} to run the command and prints its answer.
   *
   * @param store which database the caller would use ({@link #storeId}); a daemon on another one declines
   * @return the command's exit code, or {@link #NOT_ANSWERED} when no daemon answered and nothing was printed
   */
  public static int ask(Path home, String store, String[] args, PrintWriter out, PrintWriter err) {
    return ask(home, store, args, out, err, DEFAULT_TIMEOUT);
  }

  /**
   * {@link #ask(Path, String, String[], PrintWriter, PrintWriter)} with a limit on the wait for the answer: past it
   * the connection is closed and the caller told so; a command that only reads then runs here instead
   * ({@link #NOT_ANSWERED}), a trigger does not (the daemon may have created the run) and fails with what to check.
   */
  static int ask(Path home, String store, String[] args, PrintWriter out, PrintWriter err, java.time.Duration timeout) {
    Path socket = home.resolve(SOCKET);
    if (!Files.exists(socket)) {
      return NOT_ANSWERED;
    }
    SocketChannel channel;
    try {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    } catch (IOException | UnsupportedOperationException e) {
      return NOT_ANSWERED;
    }
    // A blocking Unix socket channel has no read timeout of its own: a watchdog closes it, which ends the read.
    java.util.concurrent.atomic.AtomicBoolean timedOut = new java.util.concurrent.atomic.AtomicBoolean();
    Thread watchdog = Thread.ofPlatform().daemon().name("aloft-cli-timeout").start(() -> {
      try {
        Thread.sleep(timeout);
        timedOut.set(true);
        channel.close();
      } catch (InterruptedException | IOException done) {
        // answered in time, or already closed
      }
    });
    try (channel) {
      return exchange(channel, socket, store, args, out, err, timedOut, timeout);
    } catch (IOException e) {
      return NOT_ANSWERED; // closing failed; nothing was printed
    } finally {
      watchdog.interrupt();
    }
  }

  private static int exchange(SocketChannel channel, Path socket, String store, String[] args, PrintWriter out,
      PrintWriter err, java.util.concurrent.atomic.AtomicBoolean timedOut, java.time.Duration timeout) {
    try {
      channel.connect(UnixDomainSocketAddress.of(socket));
    } catch (IOException | RuntimeException e) {
      return NOT_ANSWERED; // a socket left behind by a daemon that was killed, or a path too long for a socket
    }
    OutputStream raw = Channels.newOutputStream(channel);
    try {
      DataOutputStream request = new DataOutputStream(new java.io.BufferedOutputStream(raw));
      request.writeInt(PROTOCOL);
      writeText(request, store);
      writeText(request, System.getProperty("user.name", ""));
      request.writeInt(args.length);
      for (String a : args) {
        writeText(request, a);
      }
      request.flush();
    } catch (IOException e) {
      return NOT_ANSWERED;
    }
    InputStream in = Channels.newInputStream(channel);
    DataInputStream answer = new DataInputStream(new java.io.BufferedInputStream(in));
    int code;
    String stdout;
    String stderr;
    try {
      if (answer.readByte() != ANSWERED) {
        return NOT_ANSWERED;
      }
      code = answer.readInt();
      stdout = readText(answer);
      stderr = readText(answer);
    } catch (IOException e) {
      String what = timedOut.get()
          ? "the daemon listening on " + socket + " did not answer within " + (timeout.toMillis() < 1000 ? timeout.toMillis() + " ms"
              : timeout.toSeconds() + " s") + " (it may be"
              + " hung or overloaded: see its log, or stop it; ALOFT_CLI_DAEMON_TIMEOUT sets this wait)"
          : "the daemon stopped while answering";
      if (readOnly(args)) {
        if (timedOut.get()) {
          err.println("aloft: " + what + "; running the command here instead");
          err.flush();
        }
        return NOT_ANSWERED;
      }
      err.println("aloft: " + what + ", so the run may or may not have been created: check `aloft dags "
          + "list-runs " + (args.length > 2 ? args[2] : "<dag_id>") + "` before triggering again");
      err.flush();
      return 1;
    }
    out.print(stdout);
    out.flush();
    err.print(stderr);
    err.flush();
    return code;
  }

  static void writeText(DataOutputStream out, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  static String readText(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("bad length " + n);
    }
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new java.io.EOFException("the text ended after " + b.length + " of " + n + " bytes");
    }
    return new String(b, StandardCharsets.UTF_8);
  }
}
