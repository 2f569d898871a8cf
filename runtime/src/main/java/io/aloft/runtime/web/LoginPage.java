package io.aloft.runtime.web;

import io.aloft.runtime.app.Sessions;
import io.aloft.runtime.app.Users;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET|POST /login} and {@code POST /logout}. Cookies carry {@code Secure} when the request came over
 * HTTPS, directly or through a reverse proxy that says so in {@code X-Forwarded-Proto} (see {@link
 * SecureCookies}).
 */
final class LoginPage {

  /** What {@code login.jte} shows: the error of the last try (null if none), the form's token, where to go next. */
  record View(String error, String csrf, String next) {}

  /**
   * When cookies get the {@code Secure} attribute ({@code ALOFT_SECURE_COOKIES}): {@code auto} (the default)
   * when the request came over HTTPS or a proxy's {@code X-Forwarded-Proto: https} says it did; {@code always};
   * {@code never}. Trusting the header is harmless: a forged one only makes the forger's own cookie stricter.
   */
  enum SecureCookies {
    AUTO,
    ALWAYS,
    NEVER;

    static SecureCookies of(String setting) {
      if (setting == null || setting.isBlank()) {
        return AUTO;
      }
      try {
        return valueOf(setting.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "ALOFT_SECURE_COOKIES must be auto, always or never, got '" + setting + "'");
      }
    }

    boolean secure(Context ctx) {
      return switch (this) {
        case ALWAYS -> true;
        case NEVER -> false;
        case AUTO -> "https".equalsIgnoreCase(ctx.scheme())
            || "https".equalsIgnoreCase(firstHop(ctx.header("X-Forwarded-Proto")));
      };
    }

    private static String firstHop(String header) {
      return header == null ? null : header.split(",", 2)[0].trim();
    }
  }

  /** Double-submit cookie that protects the login form itself from cross-site posts. */
  private static final String LOGIN_CSRF_COOKIE = "aloft_login_csrf";

  private final Users users;
  private final Sessions sessions;
  private final LoginThrottle throttle;
  private final SecureCookies secureCookies;

  LoginPage(Users users, Sessions sessions, LoginThrottle throttle, SecureCookies secureCookies) {
    this.users = users;
    this.sessions = sessions;
    this.throttle = throttle;
    this.secureCookies = secureCookies;
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
    String client = io.aloft.runtime.api.Callers.address(ctx);
    String user = Optional.ofNullable(ctx.formParam("username")).orElse("").trim();
    long wait = throttle.retryAfterSeconds(user, client);
    if (wait > 0) {
      ctx.header("Retry-After", Long.toString(wait));
      render(ctx, "Too many failed logins. Try again in " + wait + " seconds.", next, 429);
      return;
    }
    if (!users.verify(user, Optional.ofNullable(ctx.formParam("password")).orElse(""))) {
      throttle.failed(user, client);
      users.recordLogin(user, false);
      render(ctx, "Wrong user name or password.", next, 401);
      return;
    }
    throttle.succeeded(user, client);
    users.recordLogin(user, true);
    Sessions.Session s = sessions.create(new io.aloft.runtime.app.Actor(user, client));
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

  /**
   * Only a path on this site: never an open redirect. Browsers drop tabs and line breaks from URLs and read
   * {@code \} as {@code /}, so {@code /<TAB>/evil} or {@code /\evil} would leave the site; anything with a
   * control character, whitespace or backslash is refused outright, and what is left must parse as a URI
   * with no scheme and no authority whose path starts with exactly one {@code /}.
   */
  static String safeNext(String next) {
    String fallback = "/home";
    if (next == null || next.isEmpty() || next.length() > 2048 || !next.startsWith("/") || next.startsWith("//")) {
      return fallback;
    }
    for (int i = 0; i < next.length(); i++) {
      char c = next.charAt(i);
      if (c < 0x21 || c == 0x7f || c == '\\' || Character.isWhitespace(c) || Character.isISOControl(c)) {
        return fallback;
      }
    }
    URI uri;
    try {
      uri = new URI(next);
    } catch (URISyntaxException e) {
      return fallback;
    }
    String path = uri.getRawPath();
    if (uri.getScheme() != null || uri.getRawAuthority() != null || path == null || !path.startsWith("/")
        || path.startsWith("//")) {
      return fallback;
    }
    return path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
        + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
  }

  private void setCookie(Context ctx, String name, String value, long maxAgeSeconds) {
    ctx.res()
        .addHeader(
            "Set-Cookie",
            name + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Lax"
                + (secureCookies.secure(ctx) ? "; Secure" : ""));
  }
}
