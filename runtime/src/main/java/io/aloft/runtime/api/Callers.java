package io.aloft.runtime.api;

import io.aloft.runtime.app.Actor;
import io.javalin.http.Context;

/** Who makes a web request (the API's and the UI's), for the audit log. */
public final class Callers {

  /** The request attribute the web server's authentication ({@code web.Auth.USER_ATTR}) sets to the user's name. */
  static final String USER_ATTR = "aloft.user";

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

  /** The logged-in user (or {@code anonymous} before login) and the client's address. */
  public static Actor of(Context ctx) {
    Object user = ctx.attribute(USER_ATTR);
    return new Actor(user == null ? null : user.toString(), address(ctx));
  }
}
