package io.aloft.runtime.api;

import io.aloft.runtime.app.Actor;
import io.aloft.runtime.app.Permission;
import io.aloft.runtime.app.Role;
import io.javalin.http.Context;

/** Who makes a web request (the API's and the UI's), for the audit log. */
public final class Callers {

  /** The request attribute the web server's authentication ({@code web.Auth.USER_ATTR}) sets to the user's name. */
  static final String USER_ATTR = "aloft.user";
  /** The attribute {@code web.Auth.ROLE_ATTR} sets to the user's {@link Role} (absent: no rights beyond reading). */
  static final String ROLE_ATTR = "aloft.role";

  /** The request attribute the web server sets to the client's address (see {@link TrustedProxies}). */
  public static final String CLIENT_ATTR = "aloft.client";

  private Callers() {}

  /**
   * The client's address: what the web server resolved through {@link TrustedProxies} for this request, or the
   * peer's address.
   */
  public static String address(Context ctx) {
    Object resolved = ctx.attribute(CLIENT_ATTR);
    return resolved != null ? resolved.toString() : ctx.ip();
  }

  /** Resolves and records the client's address of a request; the web server's first handler calls it. */
  public static void resolveAddress(Context ctx, TrustedProxies proxies) {
    ctx.attribute(CLIENT_ATTR,
        proxies.isEmpty() ? ctx.ip() : proxies.client(ctx.ip(), ctx.req().getHeaders("X-Forwarded-For") == null
            ? java.util.List.of() : java.util.Collections.list(ctx.req().getHeaders("X-Forwarded-For"))));
  }

  /**
   * The logged-in user (or {@code anonymous} before login) with its role, and the client's address. A request
   * without a known role (an inactive user's, one whose role was deleted) gets a role with no permission at all.
   */
  public static Actor of(Context ctx) {
    Object user = ctx.attribute(USER_ATTR);
    Object role = ctx.attribute(ROLE_ATTR);
    return new Actor(user == null ? null : user.toString(), address(ctx),
        role instanceof Role r ? r : NO_RIGHTS);
  }

  private static final Role NO_RIGHTS = new Role("none", java.util.Set.of(), false);

  /** @throws io.aloft.runtime.app.PermissionDeniedException unless the caller may read {@code resource} */
  static void requireRead(Context ctx, String resource) {
    of(ctx).require(Permission.read(resource));
  }
}
