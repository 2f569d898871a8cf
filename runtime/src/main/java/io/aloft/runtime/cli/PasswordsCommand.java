package io.aloft.runtime.cli;

import io.aloft.runtime.app.PasswordGenerator;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "passwords", description = "Credentials", subcommands = PasswordsCommand.Generate.class)
final class PasswordsCommand {

  @ParentCommand Root root;

  @Command(name = "generate", description = "Replace the airflow user's password with a random one, written to <home>/env/airflow.env (mode 600)")
  static final class Generate implements Runnable {
    @ParentCommand PasswordsCommand parent;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      Path env = new PasswordGenerator(c.app().users(), c.config().home()).generate();
      c.out().println("New credentials written to " + env);
    }
  }
}
