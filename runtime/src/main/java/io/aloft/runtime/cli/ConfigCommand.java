package io.aloft.runtime.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "config", description = "Print the effective configuration (secrets masked)")
final class ConfigCommand implements Runnable {

  @ParentCommand Root root;

  @Override
  public void run() {
    CliContext c = root.context();
    for (Map.Entry<String, String> e : c.config().describe().entrySet()) {
      c.out().println(e.getKey() + " = " + e.getValue());
    }
    c.out().flush();
  }
}
