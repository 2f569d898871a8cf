package io.aloft.runtime.cli;

import io.aloft.runtime.app.Users;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "users", description = "UI and API users", subcommands = {UsersCommand.Create.class, UsersCommand.ListUsers.class, UsersCommand.Delete.class})
final class UsersCommand {

  @ParentCommand Root root;

  Users users() {
    return root.context().app().users();
  }

  @Command(name = "create", description = "Create a user (the password is read from --password or asked for)")
  static final class Create implements Runnable {
    @ParentCommand UsersCommand parent;
    @Option(names = {"-u", "--username"}, required = true) String username;
    @Option(names = {"-p", "--password"}, interactive = true, arity = "0..1", description = "password (prompted when given without a value)") String password;
    @Option(names = {"-r", "--role"}, defaultValue = "Viewer", description = "Admin, Op, User, Viewer (default) or a role made with POST /api/v1/roles") String role;
    @Option(names = {"-f", "--firstname"}) String firstName;
    @Option(names = {"-l", "--lastname"}) String lastName;
    @Option(names = {"-e", "--email"}) String email;

    @Override
    public void run() {
      if (password == null || password.isBlank()) {
        throw new CliException("a password is needed: --password VALUE, or --password alone to be asked for it");
      }
      CliContext c = parent.root.context();
      Users.User u = parent.users().create(c.actor(), username,
          new Users.Profile(firstName, lastName, email, role, true, password));
      c.out().println("User " + username + " created with role " + u.role());
    }
  }

  @Command(name = "list", description = "List users")
  static final class ListUsers implements Runnable {
    @ParentCommand UsersCommand parent;
    @Option(names = {"-o", "--output"}, defaultValue = "table") Output.Format output;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      Output.print(c.out(), output, List.of("username", "role", "active", "email", "created_at", "default_password"),
          parent.users().list().stream().map(u -> Output.row("username", u.username(), "role", u.role(), "active",
              u.active(), "email", u.email(), "created_at", u.createdAt(), "default_password", u.defaultPassword()))
              .toList());
    }
  }

  @Command(name = "delete", description = "Delete a user")
  static final class Delete implements Runnable {
    @ParentCommand UsersCommand parent;
    @Parameters(index = "0", paramLabel = "USERNAME") String username;

    @Override
    public void run() {
      if (!parent.users().delete(parent.root.context().actor(), username)) {
        throw new CliException("user '" + username + "' does not exist (see `aloft users list`)");
      }
      parent.root.context().out().println("User " + username + " deleted");
    }
  }
}
