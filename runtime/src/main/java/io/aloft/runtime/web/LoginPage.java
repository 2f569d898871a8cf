package io.aloft.runtime.web;

import io.aloft.runtime.app.Sessions;
import io.aloft.runtime.app.Users;
import io.javalin.http.Context;
import java.util.Optional;

/** {@code GET|POST /login} and {@code POST /logout}. */
final class LoginPage {

  /** What {@code login.jte} shows: the error of the last try (null if none), the form's token, where to go next. */
  record View(String error, String csrf, String next) {}

  /** Double-submit cookie that protects the login form itself from cross-site posts. */
  private static final String LOGIN_CSRF_COOKIE = "aloft_login_csrf";

  private final Users users;
  private final Sessions sessions;
  private final LoginThrottle throttle;

  LoginPage(Users users, Sessions sessions, LoginThrottle throttle) {
    this.users = users;
    this.sessions = sessions;
    this.throttle = throttle;
  }

  void show(Context ctx) {
    render(ctx, null, ctx.queryParam("next"), 200);
  }

  void submit(Context ctx) {
    String next = safeNext(ctx.formParam("next"));
    String cookie = ctx.cookie(LOGIN_CSRF_COOKIE);
    if (!Auth.constantTimeEquals(cookie, ctx.formParam("_csrf"))) {
      render(ctx, "Your login form expired: please try again.", next, 403);
      return;
    }
    String client = ctx.ip();
    long wait = throttle.retryAfterSeconds(client);
    if (wait > 0) {
      ctx.header("Retry-After", Long.toString(wait));
      render(ctx, "Too many failed logins. Try again in " + wait + " seconds.", next, 429);
      return;
    }
    String user = Optional.ofNullable(ctx.formParam("username")).orElse("").trim();
    if (!users.verify(user, Optional.ofNullable(ctx.formParam("password")).orElse(""))) {
      throttle.failed(client);
      render(ctx, "Wrong user name or password.", next, 401);
      return;
    }
    throttle.succeeded(client);
    Sessions.Session s = sessions.create(user);
    setCookie(ctx, Auth.SESSION_COOKIE, s.token(), sessions.ttl().toSeconds());
    setCookie(ctx, LOGIN_CSRF_COOKIE, "", 0);
    ctx.redirect(next);
  }

  void logout(Context ctx) {
    sessions.delete(ctx.cookie(Auth.SESSION_COOKIE));
    setCookie(ctx, Auth.SESSION_COOKIE, "", 0);
    ctx.redirect("/login");
  }

  private void render(Context ctx, String error, String next, int status) {
    String token = sessions.randomToken();
    setCookie(ctx, LOGIN_CSRF_COOKIE, token, 3600);
    Templates.page(ctx, status, "login.jte", new View(error, token, safeNext(next)));
  }

  /** Only same-site paths: never an open redirect. */
  static String safeNext(String next) {
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")) {
      return "/home";
    }
    return next;
  }

  static void setCookie(Context ctx, String name, String value, long maxAgeSeconds) {
    ctx.res()
        .addHeader(
            "Set-Cookie",
            name + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Lax");
  }
}
