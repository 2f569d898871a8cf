package io.aloft.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The launcher ({@code ./aloft}) sends a first word that is no built-in command to a running daemon (a typo answered
 * without loading plugins here); its list of built-in commands must be the command tree's, or a new command pays an
 * extra JVM start before the daemon declines it.
 */
class LauncherCommandsTest {

  @Test
  void theLauncherKnowsEveryBuiltInCommand() throws Exception {
    Path launcher = Path.of("..", "aloft");
    if (!Files.exists(launcher)) {
      launcher = Path.of("aloft");
    }
    Matcher m = Pattern.compile("\\n\\s*(standalone \\|[^)]*)\\) ;;").matcher(Files.readString(launcher));
    assertThat(m.find()).as("the launcher's case of built-in commands").isTrue();
    Set<String> inLauncher = new TreeSet<>(Arrays.stream(m.group(1).split("\\|")).map(String::trim).toList());
    Set<String> inTree = new TreeSet<>();
    for (Class<?> sub : Root.class.getAnnotation(CommandLine.Command.class).subcommands()) {
      inTree.add(sub.getAnnotation(CommandLine.Command.class).name());
    }
    inTree.remove("help");
    assertThat(inLauncher).isEqualTo(inTree);
  }

  /**
   * It also sends a built-in command's mistyped subcommand ({@code dags lsit}) to the daemon: its lists of each
   * group's subcommands must be the tree's, or a new subcommand pays a declined question first.
   */
  @Test
  void theLauncherKnowsEverySubcommandOfEachBuiltInGroup() throws Exception {
    Path launcher = Path.of("..", "aloft");
    if (!Files.exists(launcher)) {
      launcher = Path.of("aloft");
    }
    java.util.Map<String, Set<String>> inLauncher = new java.util.TreeMap<>();
    Matcher m = Pattern.compile("\\n\\s*([a-z |]+)\\) subs=\" ([^\"]*) \" ;;").matcher(Files.readString(launcher));
    while (m.find()) {
      for (String group : m.group(1).split("\\|")) {
        inLauncher.put(group.trim(), new TreeSet<>(Arrays.asList(m.group(2).trim().split(" +"))));
      }
    }
    java.util.Map<String, Set<String>> inTree = new java.util.TreeMap<>();
    for (Class<?> sub : Root.class.getAnnotation(CommandLine.Command.class).subcommands()) {
      CommandLine.Command group = sub.getAnnotation(CommandLine.Command.class);
      Set<String> names = new TreeSet<>();
      for (Class<?> leaf : group.subcommands()) {
        CommandLine.Command c = leaf.getAnnotation(CommandLine.Command.class);
        names.add(c.name());
        names.addAll(Arrays.asList(c.aliases()));
      }
      names.remove("help");
      if (!names.isEmpty()) {
        inTree.put(group.name(), names);
      }
    }
    assertThat(inLauncher).isNotEmpty().isEqualTo(inTree);
  }
}
