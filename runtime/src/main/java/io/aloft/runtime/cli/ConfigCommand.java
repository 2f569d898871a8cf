package io.aloft.runtime.cli;

import io.aloft.sdk.SettingSpec;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "config", description = "Print the effective configuration: every setting, plugins' included, with its"
    + " value or default (secrets masked)")
final class ConfigCommand implements Runnable {

  @ParentCommand Root root;

  @Option(names = {"-v", "--verbose"}, description = "also print each setting's environment variable and what it does")
  boolean verbose;

  @Override
  public void run() {
    CliContext c = root.context();
    List<SettingSpec> pluginSettings = c.loadedPlugins().settings();
    Map<String, String> docs = new java.util.HashMap<>();
    if (verbose) {
      c.config().declaredSettings(pluginSettings).forEach(s -> docs.put(s.name(), s.variable() + ": " + s.doc()));
    }
    for (Map.Entry<String, String> e : c.config().describe(pluginSettings).entrySet()) {
      String doc = docs.get(e.getKey());
      c.out().println(e.getKey() + " = " + e.getValue() + (doc == null ? "" : "    # " + doc));
    }
    c.out().flush();
  }
}
