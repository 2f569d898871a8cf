package io.aloft.runtime.web;

import io.aloft.runtime.app.Sessions;
import io.aloft.runtime.app.Users;
import io.aloft.runtime.api.ApiException;
import io.aloft.runtime.api.RestApi;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The gate in front of every route. The API takes HTTP basic auth or the UI's session cookie (Airflow's
 * {@code basic_auth} and {@code session} backends); the UI takes the session cookie and sends everyone
 * else to the login page. Requests that change state with a session cookie must carry the session's
 * CSRF token (form field {@code _csrf} or header {@code X-CSRF-Token}).
 *
 * <p>Basic auth needs no CSRF token, but a browser caches basic credentials and sends them with cross-site
 * requests too. So every API write ({@code POST}, {@code PUT}, {@code PATCH}, and a {@code DELETE} with a
 * body) must say {@code Content-Type: application/json}, whoever the caller is and however it logged in: a
 * cross-site HTML form cannot send that type, and a cross-site script can only send it after a CORS
 * preflight, which this server never grants. Anything else is answered 415.
 */
final class Auth {

  static final String SESSION_COOKIE = "aloft_session";
  static final String USER_ATTR = "aloft.user";
  /** The logged-in user's {@code app.Role}, read by {@code api.Callers.of} for the services' permission checks. */
  static final String ROLE_ATTR = "aloft.role";
  static final String SESSION_ATTR = "aloft.session";
  static final String CSRF_HEADER = "X-CSRF-Token";
  static final String CSRF_FIELD = "_csrf";

  private static final Set<String> PUBLIC = Set.of("/login", "/health", RestApi.BASE + "/health", "/favicon.ico");
  private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

  private final Users users;
  private final Sessions sessions;
  private final LoginThrottle throttle;
  private final boolean metricsPublic;

  Auth(Users users, Sessions sessions, LoginThrottle throttle) {
    this(users, sessions, throttle, false);
  }

  /** @param metricsPublic whether {@code /metrics} answers without a login ({@code ALOFT_METRICS_PUBLIC}) */
  Auth(Users users, Sessions sessions, LoginThrottle throttle, boolean metricsPublic) {
    this.metricsPublic = metricsPublic;
    this.users = users;
    this.sessions = sessions;
    this.throttle = throttle;
  }

  static boolean isApi(Context ctx) {
    return ctx.path().startsWith(RestApi.BASE + "/") || ctx.path().equals(RestApi.BASE);
  }

  void before(Context ctx) {
    String path = ctx.path();
    if (PUBLIC.contains(path) || path.startsWith("/static/") || (metricsPublic && path.equals(WebServer.METRICS))) {
      return;
    }
    String authz = ctx.header("Authorization");
    if (authz != null && authz.regionMatches(true, 0, "Basic ", 0, 6)) {
      String user = basic(ctx, authz.substring(6).trim());
      ctx.attribute(USER_ATTR, user);
      ctx.attribute(ROLE_ATTR, users.roleOf(user).orElse(null));
      if (isApi(ctx)) {
        requireJsonWrite(ctx);
      }
      return;
    }
    Optional<Sessions.Session> session = sessions.find(ctx.cookie(SESSION_COOKIE));
    if (session.isEmpty()) {
      // a scraper, like an API client, wants a 401 it can act on, not the login page
      if (isApi(ctx) || path.equals(WebServer.METRICS) || !SAFE.contains(ctx.method())) {
        ctx.header("WWW-Authenticate", "Basic realm=\"Aloft\"");
        throw new ApiException(401, "Unauthorized", "log in: send HTTP basic credentials or a session cookie");
      }
      String next = ctx.queryString() == null ? path : path + "?" + ctx.queryString();
      ctx.redirect("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
      ctx.skipRemainingHandlers();
      return;
    }
    if (!SAFE.contains(ctx.method())) {
      String sent = ctx.header(CSRF_HEADER);
      if (sent == null && isForm(ctx)) {
        sent = ctx.formParam(CSRF_FIELD);
      }
      if (!constantTimeEquals(sent, session.get().csrfToken())) {
        throw new ApiException(403, "Forbidden", "missing or wrong CSRF token: reload the page and try again");
      }
    }
    if (isApi(ctx)) {
      requireJsonWrite(ctx);
    }
    ctx.attribute(USER_ATTR, session.get().username());
    ctx.attribute(ROLE_ATTR, users.roleOf(session.get().username()).orElse(null));
    ctx.attribute(SESSION_ATTR, session.get());
  }

  /** 415 for an API write whose body is not declared JSON (see the class comment for why). */
  static void requireJsonWrite(Context ctx) {
    HandlerType m = ctx.method();
    boolean write = m == HandlerType.POST || m == HandlerType.PUT || m == HandlerType.PATCH;
    boolean deleteWithBody =
        m == HandlerType.DELETE && (ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null
            || ctx.contentType() != null);
    if (!write && !deleteWithBody) {
      return;
    }
    String ct = ctx.contentType();
    String type = ct == null ? "" : ct.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    if (!type.equals("application/json") && !(type.startsWith("application/") && type.endsWith("+json"))) {
      throw new ApiException(
          415,
          "Unsupported Media Type",
          "API writes need the header 'Content-Type: application/json' and a JSON body"
              + (ct == null ? "" : ", got '" + LoginThrottle.clean(ct) + "'"));
    }
  }

  private String basic(Context ctx, String encoded) {
    String client = io.aloft.runtime.api.Callers.address(ctx);
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      decoded = "";
    }
    int colon = decoded.indexOf(':');
    String user = colon < 0 ? decoded : decoded.substring(0, colon);
    String password = colon < 0 ? "" : decoded.substring(colon + 1);
    long wait = throttle.retryAfterSeconds(user, client);
    if (wait > 0) {
      ctx.header("Retry-After", Long.toString(wait));
      throw new ApiException(429, "Too Many Requests", "too many failed logins: try again in " + wait + " s");
    }
    if (!users.verify(user, password)) {
      throttle.failed(user, client);
      ctx.header("WWW-Authenticate", "Basic realm=\"Aloft\"");
      throw new ApiException(401, "Unauthorized", "wrong user name or password");
    }
    throttle.succeeded(user, client);
    return user;
  }

  private static boolean isForm(Context ctx) {
    String ct = ctx.contentType();
    return ct != null
        && (ct.startsWith("application/x-www-form-urlencoded") || ct.startsWith("multipart/form-data"));
  }

  static boolean constantTimeEquals(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
