package io.aloft.runtime.cli;

import io.aloft.runtime.Aloft;
import io.aloft.runtime.Main;
import io.aloft.runtime.app.LoadedPlugins;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Optional;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The daemon's side of the CLI's fast path ({@link DaemonClient}): listens on {@code <home>/cli.sock} and runs the
 * {@link DaemonClient#eligible eligible} commands it is sent with the daemon's open store, exactly as the CLI would
 * run them itself, then sends back their output and exit code.
 *
 * <p>Who may ask: only the data directory's owner. The directory is mode 700 and the socket 600, and each caller's
 * user, as the kernel reports it ({@code SO_PEERCRED}), must be the daemon's own; anyone else's connection is
 * closed unanswered. A request for another database, another protocol version or another command is declined, and
 * the CLI then runs the command itself.
 *
 * <p>Threads: one accepting thread, and one short-lived thread per connection (commands are short and CLI calls
 * few). Started by {@code aloft standalone} once its daemon runs; {@link #close} stops accepting and removes the
 * socket if it is still this server's (a second daemon of the same home may have taken the name over).
 */
public final class CliSocketServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CliSocketServer.class);
  /** A request longer than this is not a CLI call. */
  private static final int MAX_TEXT = 16 << 20;

  private final Aloft aloft;
  private final String store;
  private final Path socket;
  private final Object fileKey;
  private final ServerSocketChannel server;
  private final Thread acceptor;
  private final String owner = System.getProperty("user.name");
  private final java.util.concurrent.atomic.AtomicLong answered = new java.util.concurrent.atomic.AtomicLong();
  /** See {@link #plugins()}; closed with the server. */
  private LoadedPlugins plugins;
  private Path pluginShims;

  private CliSocketServer(Aloft aloft, Path socket, ServerSocketChannel server, Object fileKey) {
    this.aloft = aloft;
    this.store = DaemonClient.storeId(aloft.config());
    this.socket = socket;
    this.server = server;
    this.fileKey = fileKey;
    this.acceptor = Thread.ofPlatform().name("aloft-cli-socket").daemon().unstarted(this::accept);
  }

  /**
   * Listens on {@code <home>/cli.sock} for this store's daemon. Empty (the CLI then opens the store itself, only
   * slower) when a live daemon of this home listens there already, or the socket cannot be made; says why in the log.
   */
  public static Optional<CliSocketServer> start(Aloft aloft) {
    Path socket = aloft.config().home().resolve(DaemonClient.SOCKET).toAbsolutePath();
    try {
      if (Files.exists(socket)) {
        if (answers(socket)) {
          LOG.info("Another daemon of {} answers CLI calls on {}; this one leaves it to it", aloft.config().home(), socket);
          return Optional.empty();
        }
        Files.deleteIfExists(socket); // left behind by a daemon that was killed
      }
      ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        server.bind(UnixDomainSocketAddress.of(socket));
        if (socket.getFileSystem().supportedFileAttributeViews().contains("posix")) {
          Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        }
        Object key = Files.readAttributes(socket, BasicFileAttributes.class).fileKey();
        CliSocketServer s = new CliSocketServer(aloft, socket, server, key);
        s.acceptor.start();
        LOG.info("CLI calls are answered on {}", socket);
        return Optional.of(s);
      } catch (IOException | RuntimeException e) {
        server.close();
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("The CLI cannot reach this daemon through {} ({}): each CLI command opens the store itself, which is slower",
          socket, e.toString());
      return Optional.empty();
    }
  }

  private static boolean answers(Path socket) {
    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      c.connect(UnixDomainSocketAddress.of(socket));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** How many commands it has answered (tests). */
  long answered() {
    return answered.get();
  }

  /** Where it listens. */
  public Path socket() {
    return socket;
  }

  private void accept() {
    while (server.isOpen()) {
      SocketChannel c;
      try {
        c = server.accept();
      } catch (ClosedChannelException closed) {
        return;
      } catch (IOException e) {
        LOG.warn("accepting a CLI call on {} failed: {}", socket, e.toString());
        continue;
      }
      Thread.ofPlatform().name("aloft-cli-call").daemon().start(() -> serve(c));
    }
  }

  private void serve(SocketChannel c) {
    try (c) {
      UnixDomainPrincipal peer = c.getOption(ExtendedSocketOptions.SO_PEERCRED);
      if (!peer.user().getName().equals(owner)) {
        LOG.warn("refused a CLI call on {} from user '{}': only '{}', who runs this daemon, may call it", socket,
            peer.user().getName(), owner);
        return;
      }
      DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Channels.newInputStream(c)));
      DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Channels.newOutputStream(c)));
      if (in.readInt() != DaemonClient.PROTOCOL) {
        decline(out);
        return;
      }
      String callerStore = text(in);
      text(in); // the caller's user name: the kernel's answer above is the one trusted
      int n = in.readInt();
      if (n < 0 || n > 10_000) {
        return;
      }
      String[] args = new String[n];
      for (int i = 0; i < n; i++) {
        args[i] = text(in);
      }
      if (!callerStore.equals(store) || !DaemonClient.mayAsk(args)
          || (!DaemonClient.eligible(args) && !onlyHelpOrMistyped(args))) {
        decline(out);
        return;
      }
      StringWriter stdout = new StringWriter();
      StringWriter stderr = new StringWriter();
      int code = run(args, stdout, stderr);
      answered.incrementAndGet(); // before the answer goes out: the caller may look as soon as it has it
      out.writeByte(DaemonClient.ANSWERED);
      out.writeInt(code);
      DaemonClient.writeText(out, stdout.toString());
      DaemonClient.writeText(out, stderr.toString());
      out.flush();
    } catch (IOException e) {
      LOG.debug("a CLI call on {} ended early: {}", socket, e.toString());
    } catch (RuntimeException e) {
      LOG.warn("a CLI call on {} failed: {}", socket, e.toString(), e);
    }
  }

  /**
   * The plugins, with their commands, loaded once for every call that needs them (a mistyped command is told from a
   * plugin's command with them, and picocli's suggestions name those too); loading them per call would cost more
   * than the whole call is allowed to take.
   */
  private synchronized LoadedPlugins plugins() {
    if (plugins == null) {
      try {
        pluginShims = Files.createTempDirectory("aloft-cli-plugins-");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      plugins = Aloft.loadPlugins(aloft.config(), pluginShims, () -> aloft);
    }
    return plugins;
  }

  /** Runs the command as {@link Main#run} would in the caller's process, over this daemon's store. */
  private int run(String[] args, StringWriter stdout, StringWriter stderr) {
    PrintWriter out = new PrintWriter(stdout, true);
    PrintWriter err = new PrintWriter(stderr, true);
    try (CliContext ctx = DaemonClient.eligible(args) ? CliContext.over(aloft, out, err)
        : CliContext.over(aloft, out, err, plugins())) {
      return Main.run(ctx, args);
    } catch (RuntimeException e) {
      // What an uncaught exception would have printed in the caller's own JVM; the daemon's log keeps it too.
      LOG.warn("CLI command {} failed", String.join(" ", args), e);
      e.printStackTrace(err);
      err.flush();
      return 1;
    }
  }

  /**
   * Whether picocli, given these arguments, would only print: usage or version help asked for at any level, or an
   * error such as "Unmatched argument" for a mistyped command. Only then does the daemon answer a command outside
   * {@link DaemonClient#eligible}: what runs a command (it may read the caller's files, or run for long) runs in the
   * caller's process. The tree is the one {@link Main#run} would execute, plugin commands included, so a plugin's
   * command is recognised as such and declined.
   */
  private boolean onlyHelpOrMistyped(String[] args) {
    PrintWriter discard = new PrintWriter(java.io.Writer.nullWriter());
    try (CliContext ctx = CliContext.over(aloft, discard, discard, plugins())) {
      CommandLine.ParseResult parsed;
      try {
        parsed = Main.commandLine(ctx, args).parseArgs(args);
      } catch (CommandLine.ParameterException mistyped) {
        return true;
      }
      for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
        if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
          return true;
        }
      }
      return false;
    } catch (RuntimeException e) {
      return false; // e.g. a plugin that fails to load: the caller's own run reports it
    }
  }

  private static String text(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n > MAX_TEXT) {
      throw new IOException("a request text of " + n + " bytes");
    }
    byte[] b = in.readNBytes(Math.max(n, 0));
    if (b.length != n) {
      throw new java.io.EOFException();
    }
    return new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void decline(DataOutputStream out) throws IOException {
    out.writeByte(DaemonClient.DECLINED);
    out.flush();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      LOG.debug("closing {}: {}", socket, e.toString());
    }
    synchronized (this) {
      if (plugins != null) {
        plugins.close();
        plugins = null;
        org.apache.commons.io.FileUtils.deleteQuietly(pluginShims.toFile());
      }
    }
    try {
      // Only our own socket: a second daemon of this home may have replaced it after this one was started.
      if (Objects.equals(Files.readAttributes(socket, BasicFileAttributes.class).fileKey(), fileKey)) {
        Files.deleteIfExists(socket);
      }
    } catch (IOException gone) {
      // nothing to remove
    }
  }
}
