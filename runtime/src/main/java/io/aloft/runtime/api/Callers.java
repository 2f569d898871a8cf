package io.aloft.runtime.api;

import io.aloft.runtime.app.Actor;
import io.javalin.http.Context;

/** Who makes a web request (the API's and the UI's), for the audit log. */
public final class Callers {

  /** The request attribute the web server's authentication ({@code web.Auth.USER_ATTR}) sets to the user's name. */
  static final String USER_ATTR = "aloft.user";

  private Callers() {}

  /** The logged-in user (or {@code anonymous} before login) and the client's address. */
  public static Actor of(Context ctx) {
    Object user = ctx.attribute(USER_ATTR);
    return new Actor(user == null ? null : user.toString(), ctx.ip());
  }
}
