package io.aloft.runtime.web;

import io.aloft.runtime.app.Sessions;
import io.aloft.runtime.app.Users;
import io.javalin.http.Context;
import java.util.Optional;

/** {@code GET|POST /login} and {@code POST /logout}. */
final class LoginPage {

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
    Sessions.Session s = sessions.create(new io.aloft.runtime.app.Actor(user, ctx.ip()));
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
    String body =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in - Aloft</title>"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<link rel=\"stylesheet\" href=\"/static/aloft.css\"></head><body class=\"login-body\">"
            + "<form class=\"login card\" method=\"post\" action=\"/login\">"
            + "<div class=\"login-brand\"><span class=\"logo\">&#9651;</span> Aloft</div>"
            + "<h1>Sign in</h1>"
            + (error == null ? "" : "<div class=\"field-error\" id=\"login-error\">" + Html.esc(error) + "</div>")
            + "<input type=\"hidden\" name=\"_csrf\" value=\"" + Html.esc(token) + "\">"
            + "<input type=\"hidden\" name=\"next\" value=\"" + Html.esc(safeNext(next)) + "\">"
            + "<label for=\"username\">Username</label><input id=\"username\" name=\"username\" autocomplete=\"username\" autofocus required>"
            + "<label for=\"password\">Password</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>"
            + "<button class=\"btn btn-primary\" id=\"sign-in\" type=\"submit\">Sign in</button>"
            + "</form></body></html>";
    ctx.status(status).html(body);
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
