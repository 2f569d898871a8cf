package io.aloft.runtime.web;

import io.aloft.runtime.app.Sessions;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code layout.jte} shows around every signed-in page: the title, the navigation bar (built-in entries, then
 * those of plugins), the signed-in user with the log-out form, the default-password banner, and the scripts the page
 * needs besides {@code aloft.js}.
 *
 * @param csrf the session's CSRF token, for the page's forms and {@code aloft.js}'s requests ("" without a session)
 * @param scripts extra script URLs (the layout and chart libraries, see {@link Assets}), loaded before {@code aloft.js}
 * @param admin the entries of the Admin menu
 * @param mayChange whether the page shows its action buttons (see {@link UiAccess#mayChange})
 */
record Frame(String title, List<NavLink> nav, String user, String csrf, boolean defaultPassword, List<String> scripts,
    List<NavLink> admin, boolean mayChange) {

  /**
   * The request attribute where the plugins' navigation entries are found (a {@code List<Map.Entry<href, label>>} in
   * order), set for every request by whoever mounts plugin pages.
   */
  static final String PLUGIN_NAV_ATTR = "aloft.pluginNav";

  /** One entry of the navigation bar. */
  record NavLink(String href, String label, boolean active) {}

  Frame {
    nav = List.copyOf(nav);
    scripts = List.copyOf(scripts);
    admin = List.copyOf(admin);
  }

  /** The frame for a page titled {@code title} whose navigation entry labelled {@code active} is highlighted. */
  static Frame of(Context ctx, String title, String active, boolean defaultPassword, String... scripts) {
    List<NavLink> nav = new ArrayList<>();
    add(nav, "/home", "DAGs", active);
    add(nav, "/pools", "Pools", active);
    add(nav, "/workers", "Workers", active);
    add(nav, "/datasets", "Datasets", active);
    List<Map.Entry<String, String>> plugins = ctx.attribute(PLUGIN_NAV_ATTR);
    if (plugins != null) {
      for (Map.Entry<String, String> e : plugins) {
        if (nav.stream().noneMatch(n -> n.href().equals(e.getKey()))) {
          add(nav, e.getKey(), e.getValue(), active);
        }
      }
    }
    add(nav, "/import-errors", "Import errors", active);
    add(nav, "/events", "Audit log", active);
    List<NavLink> admin = new ArrayList<>();
    add(admin, "/variables", "Variables", active);
    add(admin, "/connections", "Connections", active);
    Sessions.Session session = ctx.attribute(Auth.SESSION_ATTR);
    return new Frame(title, nav, ctx.attribute(Auth.USER_ATTR), session == null ? "" : session.csrfToken(),
        defaultPassword, List.of(scripts), admin, UiAccess.mayChange(ctx));
  }

  private static void add(List<NavLink> nav, String href, String label, String active) {
    nav.add(new NavLink(href, label, label.equals(active)));
  }
}
