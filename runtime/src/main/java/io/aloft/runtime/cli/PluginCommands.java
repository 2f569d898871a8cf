package io.aloft.runtime.cli;

import io.aloft.runtime.app.PluginExtensions;
import io.aloft.sdk.extension.PluginCommand;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Adds the plugins' commands to the command tree ({@code aloft models list}, {@code aloft gpu check}): one picocli
 * command per {@link PluginCommand}, under group commands for its leading words, with its options, {@code --help},
 * and {@code -o table|json|plain} for commands that print rows. A command whose first word is a built-in command is
 * left out with a warning.
 */
public final class PluginCommands {

  private PluginCommands() {}

  /**
   * Loads the plugins and mounts their commands when {@code args} start with a word that is not a built-in command
   * or an option; otherwise does nothing, so built-in commands never pay for loading plugins.
   */
  public static void mountFor(CommandLine root, CliContext c, String[] args) {
    if (args.length > 0 && !args[0].startsWith("-") && !root.getSubcommands().containsKey(args[0])) {
      mount(root, c, c.loadedPlugins().extensions().commands());
    }
  }

  static void mount(CommandLine root, CliContext c, List<PluginExtensions.Mounted<PluginCommand>> commands) {
    Map<String, String> builtIn = new LinkedHashMap<>();
    root.getSubcommands().keySet().forEach(k -> builtIn.put(k, k));
    for (PluginExtensions.Mounted<PluginCommand> m : commands) {
      String[] words = m.extension().path().split(" ");
      if (builtIn.containsKey(words[0])) {
        c.err().println("aloft: warning: plugin '" + m.pluginId() + "' command '" + m.extension().path()
            + "' is not available: '" + words[0] + "' is a built-in command");
        continue;
      }
      CommandLine parent = root;
      for (int i = 0; i < words.length - 1; i++) {
        CommandLine group = parent.getSubcommands().get(words[i]);
        if (group == null) {
          CommandSpec spec = CommandSpec.create().name(words[i]);
          spec.usageMessage().description("Commands of plugin '" + m.pluginId() + "'");
          spec.mixinStandardHelpOptions(true);
          group = new CommandLine(spec);
          parent.addSubcommand(words[i], group);
        }
        parent = group;
      }
      String leaf = words[words.length - 1];
      if (parent.getSubcommands().containsKey(leaf)) {
        c.err().println("aloft: warning: plugin '" + m.pluginId() + "' command '" + m.extension().path()
            + "' is already provided by another plugin");
        continue;
      }
      parent.addSubcommand(leaf, new CommandLine(leafSpec(c, m.extension())));
    }
  }

  private static CommandSpec leafSpec(CliContext c, PluginCommand command) {
    Holder holder = new Holder();
    CommandSpec spec = CommandSpec.wrapWithoutInspection((Callable<Integer>) () -> holder.run(c, command));
    holder.spec = spec;
    spec.name(command.path().substring(command.path().lastIndexOf(' ') + 1));
    spec.usageMessage().description(command.description());
    spec.mixinStandardHelpOptions(true);
    for (PluginCommand.Option o : command.options()) {
      OptionSpec.Builder b = OptionSpec.builder(o.names().toArray(String[]::new)).description(o.description());
      if (o.flag()) {
        b.type(boolean.class).arity("0");
      } else {
        b.type(String.class).paramLabel("<" + o.key() + ">");
        if (o.defaultValue() != null) {
          b.defaultValue(o.defaultValue());
        }
      }
      spec.addOption(b.build());
    }
    if (command.options().stream().noneMatch(o -> o.names().contains("-o") || o.names().contains("--output"))) {
      spec.addOption(OptionSpec.builder("-o", "--output").type(Output.Format.class).defaultValue("table")
          .description("table, json or plain (for commands that print rows)").build());
    }
    return spec;
  }

  /** Runs one plugin command with the parsed options and prints what it returns. */
  private static final class Holder {
    CommandSpec spec;

    int run(CliContext c, PluginCommand command) throws Exception {
      Map<String, String> options = new LinkedHashMap<>();
      for (PluginCommand.Option o : command.options()) {
        Object v = spec.findOption(o.names().get(0)).getValue();
        if (v != null && !(o.flag() && Boolean.FALSE.equals(v))) {
          options.put(o.key(), String.valueOf(v));
        }
      }
      PluginCommand.Output result = command.handler().run(options);
      switch (result) {
        case PluginCommand.Output.Rows rows -> {
          OptionSpec format = spec.findOption("--output");
          Output.print(c.out(), format == null ? Output.Format.table : (Output.Format) format.getValue(), rows.columns(),
              rows.rows());
          c.out().flush();
          return 0;
        }
        case PluginCommand.Output.Text text -> {
          c.out().print(text.text());
          c.out().flush();
          return text.exitCode();
        }
      }
    }
  }
}
