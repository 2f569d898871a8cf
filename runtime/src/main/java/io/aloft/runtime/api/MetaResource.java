package io.aloft.runtime.api;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.Configuration;
import io.aloft.runtime.app.Permission;
import io.aloft.runtime.app.PluginExtensions;
import io.aloft.runtime.plugins.PluginInfo;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * What the installation is made of: {@code /config} (and one option), {@code /plugins}, {@code /providers}, and
 * {@code PUT /parseDagFile/{file_token}}. Aloft's PF4J plugins are its plugins and its providers at once: each is
 * listed in both, with its operators as the provider's contents and its routes and pages as the plugin's views.
 */
final class MetaResource {

  private final Application app;
  private final PluginExtensions extensions;

  MetaResource(Application app, PluginExtensions extensions) {
    this.app = app;
    this.extensions = extensions;
  }

  void register(Javalin javalin, String base) {
    javalin.get(base + "/config", ctx -> config(ctx, ctx.queryParam("section"), null));
    javalin.get(base + "/config/section/{section}/option/{option}",
        ctx -> config(ctx, ctx.pathParam("section"), ctx.pathParam("option")));
    javalin.get(base + "/plugins", this::plugins);
    javalin.get(base + "/providers", this::providers);
    javalin.put(base + "/parseDagFile/{file_token}", this::parse);
  }

  private void config(Context ctx, String section, String option) {
    List<Configuration.Section> sections =
        app.configuration().sections(Callers.of(ctx), extensions.settings(), section);
    if (section != null && sections.isEmpty()) {
      throw ApiException.notFound("Section not found", "section '" + section + "' not found: Aloft's settings are"
          + " all in section '" + Configuration.SECTION + "'");
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Configuration.Section s : sections) {
      List<Map<String, Object>> options = new ArrayList<>();
      for (Configuration.Option o : s.options()) {
        if (option == null || option.equals(o.key())) {
          options.add(Map.of("key", o.key(), "value", o.value()));
        }
      }
      if (option != null && options.isEmpty()) {
        throw ApiException.notFound("Option not found", "option '" + option + "' not found in section '" + section
            + "' (see GET /config)");
      }
      out.add(Map.of("name", s.name(), "options", options));
    }
    if (Representation.wantsText(ctx)) {
      StringBuilder b = new StringBuilder();
      for (Map<String, Object> s : out) {
        b.append('[').append(s.get("name")).append("]\n");
        for (Object o : (List<?>) s.get("options")) {
          Map<?, ?> m = (Map<?, ?>) o;
          b.append(m.get("key")).append(" = ").append(m.get("value")).append('\n');
        }
        b.append('\n');
      }
      ctx.contentType("text/plain; charset=utf-8").result(b.toString());
      return;
    }
    ctx.json(Map.of("sections", out));
  }

  private void plugins(Context ctx) {
    Callers.requireRead(ctx, Permission.PLUGINS);
    Paging p = Paging.of(ctx, "name", java.util.Set.of("name"));
    List<Map<String, Object>> all = new ArrayList<>();
    for (PluginInfo info : extensions.loaded()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", info.id());
      m.put("hooks", List.of());
      m.put("executors", List.of());
      m.put("macros", List.of());
      m.put("flask_blueprints", extensions.routes().stream().filter(r -> r.pluginId().equals(info.id()))
          .map(r -> r.extension().method() + " " + r.extension().path()).toList());
      m.put("appbuilder_views", extensions.pages().stream().filter(r -> r.pluginId().equals(info.id()))
          .map(r -> (Object) Map.of("name", r.extension().navLabel() == null ? r.extension().path()
              : r.extension().navLabel(), "view", r.extension().path())).toList());
      m.put("appbuilder_menu_items", List.of());
      m.put("global_operator_extra_links", List.of());
      m.put("operator_extra_links", List.of());
      m.put("source", info.path() == null ? null : "$PLUGINS_FOLDER/" + info.path().getFileName());
      m.put("ti_deps", List.of());
      m.put("listeners", List.of());
      m.put("timetables", List.of());
      all.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("plugins", p.page(all));
    out.put("total_entries", all.size());
    ctx.json(out);
  }

  private void providers(Context ctx) {
    Callers.requireRead(ctx, Permission.PROVIDERS);
    List<Map<String, Object>> all = new ArrayList<>();
    for (PluginInfo info : extensions.loaded()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("package_name", info.id());
      m.put("description", (info.description() == null ? "" : info.description())
          + (info.operators().isEmpty() ? "" : " (operators: " + String.join(", ", info.operators()) + ")"));
      m.put("version", info.version());
      all.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("providers", all);
    out.put("total_entries", all.size());
    ctx.json(out);
  }

  private void parse(Context ctx) {
    String fileloc = ApiJson.fileloc(ctx.pathParam("file_token"));
    try {
      app.dags().requestParse(Callers.of(ctx), fileloc);
    } catch (NoSuchElementException e) {
      throw ApiException.notFound("File not found", "no DAG file has the token '" + ctx.pathParam("file_token")
          + "' (a DAG's file_token is in GET /dags/{dag_id})");
    }
    ctx.status(201);
  }
}
