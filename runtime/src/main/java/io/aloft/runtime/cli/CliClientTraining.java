package io.aloft.runtime.cli;

import io.aloft.runtime.config.ConfigLoader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code scripts/lib/aot.sh} runs to record the JVM's start-up cache of the CLI's fast route
 * ({@link DaemonClient#main}): one {@code dags list} through {@link DaemonClient}, answered by a stand-in daemon
 * on a socket in a temporary data directory, so that the cache holds the classes and linked call sites of exactly
 * that route. Runs on the same short class path as the route; exits 0 when the round trip worked.
 */
public final class CliClientTraining {

  private CliClientTraining() {}

  public static void main(String[] args) throws Exception {
    Path home = Files.createTempDirectory("aloft-cli-training-");
    Path socket = home.resolve(DaemonClient.SOCKET);
    int code;
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      Thread daemon = Thread.ofPlatform().name("aloft-cli-training").daemon().start(() -> answerOnce(server));
      var config = ConfigLoader.load(Map.of("ALOFT_HOME", home.toString()), home, home);
      StringWriter out = new StringWriter();
      code = DaemonClient.ask(config, new String[] {"dags", "list", "-o", "plain"}, new PrintWriter(out), new PrintWriter(out));
      daemon.join(10_000);
      if (code != 0 || !out.toString().equals("trained\n")) {
        System.err.println("the training round trip failed: exit " + code + ", output " + out);
        code = 1;
      }
    } finally {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(home);
    }
    System.exit(code);
  }

  private static void answerOnce(ServerSocketChannel server) {
    try (SocketChannel c = server.accept()) {
      DataInputStream in = new DataInputStream(Channels.newInputStream(c));
      in.readInt();
      DaemonClient.readText(in);
      DaemonClient.readText(in);
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        DaemonClient.readText(in);
      }
      DataOutputStream out = new DataOutputStream(Channels.newOutputStream(c));
      out.writeByte(DaemonClient.ANSWERED);
      out.writeInt(0);
      DaemonClient.writeText(out, "trained\n");
      DaemonClient.writeText(out, "");
      out.flush();
    } catch (IOException e) {
      System.err.println("the stand-in daemon failed: " + e);
    }
  }
}
