package io.aloft.runtime.cli;

import io.aloft.runtime.app.Connections;
import io.aloft.runtime.store.ConnectionStore.Entry;
import io.aloft.sdk.Connection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code aloft connections add|get|list|delete|test|export|import|rotate-key} with Airflow's flags. What is printed
 * never carries a password (or a sensitive extra); only {@code export}, which writes a file (mode 600), does.
 */
@Command(name = "connections", description = "Manage connections (passwords are stored encrypted)", subcommands = {
    ConnectionsCommand.Add.class, ConnectionsCommand.Get.class, ConnectionsCommand.ListConns.class,
    ConnectionsCommand.Delete.class, ConnectionsCommand.Test.class, ConnectionsCommand.Export.class,
    ConnectionsCommand.Import.class, ConnectionsCommand.RotateKey.class})
final class ConnectionsCommand {

  private static final List<String> COLUMNS =
      List.of("conn_id", "conn_type", "description", "host", "schema", "login", "port", "extra");

  @ParentCommand Root root;

  @Command(name = "add", description = "Add a connection, from --conn-uri, --conn-json or the --conn-* fields")
  static final class Add implements Runnable {
    @ParentCommand ConnectionsCommand parent;
    @Parameters(index = "0", paramLabel = "CONN_ID") String connId;
    @Option(names = "--conn-uri", description = "TYPE://LOGIN:PASSWORD@HOST:PORT/SCHEMA?EXTRA=VALUE") String uri;
    @Option(names = "--conn-json", description = "{\"conn_type\": ..., \"host\": ..., \"extra\": {...}}") String json;
    @Option(names = "--conn-type") String type;
    @Option(names = "--conn-host") String host;
    @Option(names = "--conn-login") String login;
    @Option(names = "--conn-password") String password;
    @Option(names = "--conn-schema") String schema;
    @Option(names = "--conn-port") Integer port;
    @Option(names = "--conn-extra", description = "the extra as a JSON object") String extra;
    @Option(names = "--conn-description") String description;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      Connection conn = connection();
      try {
        c.app().connections().add(c.actor(), conn, description);
      } catch (Connections.AlreadyExists | IllegalArgumentException e) {
        throw new CliException(e.getMessage());
      }
      c.out().println("Successfully added `conn_id`=" + connId + " : "
          + Connections.uri(c.app().connections().shown(conn)));
    }

    private Connection connection() {
      boolean fields = type != null || host != null || login != null || password != null || schema != null
          || port != null || extra != null;
      if ((uri != null ? 1 : 0) + (json != null ? 1 : 0) + (fields ? 1 : 0) > 1) {
        throw new CliException("give one of --conn-uri, --conn-json, or the --conn-* fields, not several");
      }
      try {
        if (uri != null || json != null) {
          return Connections.parse(connId, uri != null ? uri : json);
        }
        if (type == null) {
          throw new CliException("a connection needs --conn-uri, --conn-json or --conn-type");
        }
        return new Connection(connId, type, host, schema, login, password, port,
            extra == null ? Map.of() : Connections.extra(extra));
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage());
      }
    }
  }

  @Command(name = "get", description = "Print a connection (without its password)")
  static final class Get implements Runnable {
    @ParentCommand ConnectionsCommand parent;
    @Parameters(index = "0", paramLabel = "CONN_ID") String connId;
    @Option(names = {"-o", "--output"}, defaultValue = "table") Output.Format output;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      Entry e = c.app().connections().get(connId)
          .orElseThrow(() -> new CliException("connection '" + connId + "' does not exist: `aloft connections list` shows the ids"));
      Output.print(c.out(), output, COLUMNS, List.of(row(c, e)));
    }
  }

  @Command(name = "list", description = "List connections (without passwords)")
  static final class ListConns implements Runnable {
    @ParentCommand ConnectionsCommand parent;
    @Option(names = {"-o", "--output"}, defaultValue = "table") Output.Format output;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      Output.print(c.out(), output, COLUMNS, c.app().connections().list().stream().map(e -> row(c, e)).toList());
    }
  }

  @Command(name = "delete", description = "Delete a connection")
  static final class Delete implements Runnable {
    @ParentCommand ConnectionsCommand parent;
    @Parameters(index = "0", paramLabel = "CONN_ID") String connId;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      if (!c.app().connections().delete(c.actor(), connId)) {
        throw new CliException("Did not find a connection with `conn_id`=" + connId);
      }
      c.out().println("Successfully deleted connection with `conn_id`=" + connId);
    }
  }

  @Command(name = "test", description = "Check that a connection's host and port can be reached")
  static final class Test implements Runnable {
    @ParentCommand ConnectionsCommand parent;
    @Parameters(index = "0", paramLabel = "CONN_ID") String connId;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      Entry e = c.app().connections().get(connId)
          .orElseThrow(() -> new CliException("connection '" + connId + "' does not exist"));
      Connections.TestResult r = c.app().connections().test(c.actor(), e.connection());
      if (!r.status()) {
        throw new CliException("Connection failed!\n" + r.message());
      }
      c.out().println("Connection success!\n" + r.message());
    }
  }

  @Command(name = "export", description = "Write every stored connection, passwords included, to FILE (.json or .env;"
      + " mode 600)")
  static final class Export implements Runnable {
    @ParentCommand ConnectionsCommand parent;
    @Parameters(index = "0", paramLabel = "FILE") Path file;
    @Option(names = "--file-format", description = "json or env (default: from the file's extension)") String format;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      boolean env = "env".equals(format) || (format == null && file.toString().endsWith(".env"));
      StringBuilder text = new StringBuilder();
      Map<String, Object> json = new LinkedHashMap<>();
      List<Entry> stored = c.app().connections().list().stream().filter(e -> !e.fromEnvironment()).toList();
      for (Entry e : stored) {
        Connection k = e.connection();
        if (env) {
          text.append(k.connId()).append('=').append(Connections.uri(k)).append('\n');
        } else {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("conn_type", k.connType());
          m.put("description", e.description());
          m.put("host", k.host());
          m.put("login", k.login());
          m.put("password", k.password());
          m.put("schema", k.schema());
          m.put("port", k.port());
          m.put("extra", k.extra());
          json.put(k.connId(), m);
        }
      }
      try {
        String out = env ? text.toString()
            : new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, out, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
      }
      c.out().println("Connections successfully exported to " + file + " (" + stored.size() + ")");
    }
  }

  @Command(name = "import", description = "Add the connections of FILE (.json as `export` writes it, or .env lines"
      + " CONN_ID=URI)")
  static final class Import implements Runnable {
    @ParentCommand ConnectionsCommand parent;
    @Parameters(index = "0", paramLabel = "FILE") Path file;
    @Option(names = "--overwrite", description = "replace connections that exist already") boolean overwrite;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new CliException("cannot read " + file + ": " + e.getMessage());
      }
      Map<String, Map.Entry<Connection, String>> conns = new LinkedHashMap<>();
      try {
        if (file.toString().endsWith(".env")) {
          for (String line : text.split("\n")) {
            String l = line.strip();
            int eq = l.indexOf('=');
            if (l.isEmpty() || l.startsWith("#") || eq <= 0) {
              continue;
            }
            String id = l.substring(0, eq).strip();
            conns.put(id, Map.entry(Connections.parse(id, l.substring(eq + 1).strip()), ""));
          }
        } else {
          Map<String, Object> all = new com.fasterxml.jackson.databind.ObjectMapper().readValue(text,
              new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
          var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
          for (Map.Entry<String, Object> e : all.entrySet()) {
            Object d = e.getValue() instanceof Map<?, ?> m ? m.get("description") : null;
            conns.put(e.getKey(), Map.entry(Connections.parse(e.getKey(), mapper.writeValueAsString(e.getValue())),
                d == null ? "" : String.valueOf(d)));
          }
        }
      } catch (IOException | IllegalArgumentException e) {
        throw new CliException("cannot read the connections of " + file + ": " + e.getMessage());
      }
      for (Map.Entry<String, Map.Entry<Connection, String>> e : conns.entrySet()) {
        Connection k = e.getValue().getKey();
        String description = e.getValue().getValue().isEmpty() ? null : e.getValue().getValue();
        boolean exists = c.app().connections().get(e.getKey()).isPresent();
        if (exists && !overwrite) {
          c.out().println("Could not import connection " + e.getKey() + ": connection already exists (--overwrite replaces it)");
        } else if (exists) {
          c.app().connections().update(c.actor(), k, description);
          c.out().println("Imported connection " + e.getKey() + " (replaced)");
        } else {
          c.app().connections().add(c.actor(), k, description);
          c.out().println("Imported connection " + e.getKey());
        }
      }
    }
  }

  @Command(name = "rotate-key", description = "Re-encrypt every stored connection and variable with a new key, written to"
      + " <home>/env/fernet.key (processes on this data directory follow it; others over the same database must be"
      + " given the new key)")
  static final class RotateKey implements Runnable {
    @ParentCommand ConnectionsCommand parent;

    @Override
    public void run() {
      CliContext c = parent.root.context();
      int n;
      try {
        n = c.app().connections().rotateKey(c.actor());
      } catch (IllegalStateException e) {
        throw new CliException(e.getMessage());
      }
      c.out().println("Re-encrypted " + n + " connection(s), the variables and sealed DAG arguments with a new key in "
          + c.app().connections().keyFile());
    }
  }

  private static Map<String, Object> row(CliContext c, Entry e) {
    Connection k = c.app().connections().shown(e.connection());
    return Output.row("conn_id", k.connId(), "conn_type", k.connType(), "description", e.description(),
        "host", k.host(), "schema", k.schema(), "login", k.login(), "port", k.port(),
        "extra", k.extra().isEmpty() ? null : k.extra());
  }
}
