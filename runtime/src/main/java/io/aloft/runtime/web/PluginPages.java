package io.aloft.runtime.web;

import io.aloft.runtime.app.PluginExtensions;
import io.aloft.runtime.app.Users;
import io.aloft.sdk.extension.PageView;
import io.aloft.sdk.extension.PluginHttpException;
import io.aloft.sdk.extension.PluginPage;
import io.aloft.sdk.extension.PluginRequest;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts the plugins' UI pages at {@code /<path>} with their navigation entries, and renders each
 * {@link PageView} in the page frame with {@link PluginPageView} (one template, every value escaped). A path that a built-in page already serves is refused.
 */
final class PluginPages {

  private static final Logger LOG = LoggerFactory.getLogger(PluginPages.class);
  /** The first path segments of the built-in UI and API. */
  private static final Set<String> BUILT_IN =
      Set.of("home", "dags", "pools", "import-errors", "login", "logout", "health", "api", "static", "ui", "webjars");

  /** Where the page frame finds the plugins' navigation entries (label by href, in order). */
  static final String NAV_ATTR = Frame.PLUGIN_NAV_ATTR;

  private PluginPages() {}

  /** Registers the pages; returns their navigation entries (href, label) for the page frame. */
  static List<Map.Entry<String, String>> register(Javalin javalin, PluginExtensions extensions, Users users) {
    List<Map.Entry<String, String>> nav = new ArrayList<>();
    for (PluginExtensions.Mounted<PluginPage> m : extensions.pages()) {
      PluginPage page = m.extension();
      String href = "/" + page.path();
      if (BUILT_IN.contains(page.path()) || nav.stream().anyMatch(e -> e.getKey().equals(href))) {
        LOG.warn("plugin '{}': page {} not mounted: that path is already served", m.pluginId(), href);
        continue;
      }
      nav.add(Map.entry(href, page.navLabel()));
      javalin.get(href, ctx -> render(ctx, page, users));
    }
    return List.copyOf(nav);
  }

  private static void render(Context ctx, PluginPage page, Users users) throws Exception {
    PageView view;
    try {
      view = page.handler().render(new PluginRequest(Map.of(), Map.copyOf(ctx.queryParamMap()), "",
          ctx.attribute(Auth.USER_ATTR)));
    } catch (PluginHttpException e) {
      throw new io.aloft.runtime.api.ApiException(e.status(), e.title(), e.getMessage());
    }
    PluginPageView.render(ctx, page.navLabel(), view, users.defaultPasswordInUse());
  }
}
