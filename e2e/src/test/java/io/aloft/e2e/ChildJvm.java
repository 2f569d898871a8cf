package io.aloft.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Aloft in a JVM of its own, as {@code ./aloft} starts it: the runtime jar and its lib/ folder (jars only,
 * which the ahead-of-time cache requires), the daemon's JVM options from scripts/lib/jdk.sh that matter
 * here, a private user home, and no {@code ALOFT_*} variables of the test's environment.
 */
final class ChildJvm {

  private static final Path RUNTIME = Path.of("..", "runtime", "target").toAbsolutePath().normalize();

  private ChildJvm() {}

  static String launcherClassPath() throws IOException {
    List<String> entries = new ArrayList<>();
    Path jar = RUNTIME.resolve("aloft-runtime.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: mvn package builds the runtime before e2e");
    }
    entries.add(jar.toString());
    try (Stream<Path> jars = Files.list(RUNTIME.resolve("lib"))) {
      jars.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).sorted().forEach(entries::add);
    }
    return String.join(File.pathSeparator, entries);
  }

  /** {@code java} with the daemon's options, {@code extraOptions}, the class path and the main class. */
  static List<String> command(Path userHome, List<String> extraOptions, String mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"),
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx320m", "-Xss4m", "--enable-native-access=ALL-UNNAMED",
        "-Dpolyglot.engine.WarnInterpreterOnly=false", "-Duser.home=" + userHome));
    if (Runtime.version().feature() >= 23) {
      cmd.add("--sun-misc-unsafe-memory-access=allow");
    }
    cmd.addAll(extraOptions);
    cmd.addAll(List.of("-cp", launcherClassPath(), mainClass));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Starts {@code command} with output to {@code log} and the given {@code ALOFT_*} variables. */
  static Process start(List<String> command, Path log, Map<String, String> aloftEnv) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("ALOFT_") || k.equals("XDG_CACHE_HOME"));
    pb.environment().put("ALOFT_BUNDLED_PLUGINS", Path.of("..", "plugins").toAbsolutePath().normalize().toString());
    pb.environment().putAll(aloftEnv);
    return pb.start();
  }

  /** The log's last 400 lines, without the JVM's warnings about classes it leaves out of its cache. */
  static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.contains("[warning][aot]")).toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 400), lines.size()));
  }
}
