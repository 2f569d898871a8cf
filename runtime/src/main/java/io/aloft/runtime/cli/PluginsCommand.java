package io.aloft.runtime.cli;

import io.aloft.runtime.app.Plugins;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "plugins", description = "Operator plugins", subcommands = PluginsCommand.ListPlugins.class)
final class PluginsCommand {

  @ParentCommand Root root;

  @Command(name = "list", description = "The plugins the daemon loads, their versions and operators (and any that fail to load)")
  static final class ListPlugins implements Runnable {
    @ParentCommand PluginsCommand parent;
    @Option(names = {"-o", "--output"}, defaultValue = "table") Output.Format output;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      Plugins.Listing plugins = c.plugins().list();
      List<Map<String, Object>> rows = new java.util.ArrayList<>(plugins.loaded().stream()
          .map(p -> Output.row("name", p.id(), "version", p.version(), "requires", p.requires(), "path", p.path().toString(),
              "operators", p.operators(), "python_paths", p.pythonPaths(), "loaded", true, "error", null))
          .toList());
      plugins.problems().forEach(p -> rows.add(Output.row("name", p.pluginId(), "version", null, "requires", null,
          "path", String.valueOf(p.path()), "operators", List.of(), "python_paths", List.of(), "loaded", false, "error", p.message())));
      Output.print(c.out(), output, List.of("name", "version", "operators", "error"), rows);
    }
  }
}
