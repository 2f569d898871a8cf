package io.aloft.runtime.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aloft.runtime.Aloft;
import io.aloft.runtime.Main;
import io.aloft.runtime.app.LoadedOperators;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.store.TestDatabase;
import io.aloft.runtime.web.WebServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third party's plugin that brings more than operators — built from source against the SDK alone, as its author
 * would: its own table (a Flyway migration run in schema plugin_notes), a REST route, a UI page with a navigation
 * entry, and two CLI commands. The daemon's factories mount all of it; nothing in the runtime names the plugin.
 */
class PluginExtensionsIT {

  private static final String EXTENSION = """
      package com.example.notes;

      import io.aloft.sdk.extension.*;
      import java.sql.*;
      import java.util.*;

      @org.pf4j.Extension
      public final class NotesExtension implements PluginExtension {
        public Optional<String> migrations() { return Optional.of("db/notes"); }

        static List<Map<String, Object>> all(PluginServices s) {
          return s.inTransaction(c -> {
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT id, text FROM note ORDER BY id")) {
              while (rs.next()) {
                out.add(Map.of("id", rs.getLong(1), "text", rs.getString(2)));
              }
            }
            return out;
          });
        }

        public List<PluginRoute> routes(PluginServices s) {
          return List.of(
              PluginRoute.get("notes", req -> Map.of("notes", all(s), "total_entries", all(s).size())),
              PluginRoute.get("notes/{id}", req -> all(s).stream()
                  .filter(n -> n.get("id").toString().equals(req.pathParams().get("id"))).findFirst()
                  .orElseThrow(() -> PluginHttpException.notFound("no note " + req.pathParams().get("id")))));
        }

        public List<PluginPage> pages(PluginServices s) {
          return List.of(new PluginPage("notes", "Notes", req -> new PageView("Notes", List.of(
              new PageView.Paragraph("Kept by the notes plugin for " + req.user()),
              new PageView.Table(List.of("Id", "Text"),
                  all(s).stream().map(n -> List.<Object>of(n.get("id"), n.get("text"))).toList(), "No notes")))));
        }

        public List<PluginCommand> commands(PluginServices s) {
          return List.of(
              PluginCommand.of("notes add", "Add a note",
                  List.of(new PluginCommand.Option(List.of("--text", "-t"), "the note", null, false)),
                  opts -> {
                    s.inTransaction(c -> {
                      try (PreparedStatement st = c.prepareStatement("INSERT INTO note (text) VALUES (?)")) {
                        st.setString(1, opts.get("text"));
                        return st.executeUpdate();
                      }
                    });
                    return new PluginCommand.Output.Text("added\\n", 0);
                  }),
              PluginCommand.of("notes list", "List the notes", List.of(),
                  opts -> new PluginCommand.Output.Rows(List.of("id", "text"), all(s))));
        }
      }
      """;

  @TempDir Path home;
  @TempDir Path plugins;
  @TempDir Path shims;

  @Test
  void aPluginsTableRoutePageAndCommandsWorkThroughTheRuntime() throws Exception {
    new TestPluginBuilder("notes")
        .source("com.example.notes.NotesExtension", EXTENSION, true)
        .resource("db/notes/V1__notes.sql", "CREATE TABLE note (id BIGSERIAL PRIMARY KEY, text TEXT NOT NULL);\n")
        .buildJar(plugins);
    AloftConfig config = ConfigLoader.load(Map.of("ALOFT_HOME", home.toString(), "ALOFT_PORT", "0",
        "ALOFT_DATABASE_URL", TestDatabase.freshUrl(), "ALOFT_PLUGINS_FOLDER", plugins.toString()), home, home);

    // The CLI: the plugin's commands, with its own options and -o json; its table is migrated on first use.
    assertThat(cli(config, "notes", "add", "--text", "first <note>").exit()).isZero();
    assertThat(cli(config, "notes", "add", "-t", "second").exit()).isZero();
    Cli list = cli(config, "notes", "list", "-o", "json");
    assertThat(list.exit()).isZero();
    JsonNode rows = new ObjectMapper().readTree(list.out());
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get("text").asText()).isEqualTo("first <note>");
    assertThat(cli(config, "notes", "list").out()).contains("second");
    assertThat(cli(config, "notes", "--help").out()).contains("add").contains("list");
    assertThat(cli(config, "nope").exit()).isNotZero();

    try (Aloft aloft = Aloft.openStore(config);
         LoadedOperators operators = LoadedOperators.load(config, shims, () -> io.aloft.runtime.execution.builtin.CrossDagRuns.NONE)) {
      // Its own schema: the table is not among the engine's.
      java.util.List<String> schemas = aloft.stores().jdbi().withHandle(h ->
          h.createQuery("SELECT table_schema FROM information_schema.tables WHERE table_name = 'note'").mapTo(String.class).list());
      assertThat(schemas).containsExactly("plugin_notes");
      WebServer web = aloft.web(aloft.pluginExtensions(operators.plugins())).start();
      try {
        HttpResponse<String> api = get(web, "/api/v1/notes");
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(api.body()).get("total_entries").asInt()).isEqualTo(2);
        HttpResponse<String> missing = get(web, "/api/v1/notes/999");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("no note 999");
        HttpResponse<String> page = get(web, "/notes");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("first &lt;note&gt;").doesNotContain("first <note>")
            .contains("href=\"/notes\"").contains("Kept by the notes plugin for airflow");
        // Every page of the UI shows the plugin's navigation entry.
        assertThat(get(web, "/pools").body()).contains("href=\"/notes\"");
      } finally {
        web.stop();
      }
    }
  }

  private record Cli(int exit, String out) {}

  private static Cli cli(AloftConfig config, String... args) {
    StringWriter out = new StringWriter();
    int exit = Main.run(config, args, new PrintWriter(out), new PrintWriter(new StringWriter()));
    return new Cli(exit, out.toString());
  }

  private static HttpResponse<String> get(WebServer web, String path) throws Exception {
    String auth = Base64.getEncoder().encodeToString("airflow:airflow".getBytes(StandardCharsets.UTF_8));
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + web.port() + path)).header("Authorization", "Basic " + auth)
            .build(), HttpResponse.BodyHandlers.ofString());
  }
}
