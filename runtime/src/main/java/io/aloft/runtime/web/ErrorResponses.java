package io.aloft.runtime.web;

import io.aloft.runtime.api.ApiException;
import io.aloft.runtime.api.ApiJson;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.validation.ValidationException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.util.UUID;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into an answer in the caller's format: problem JSON under {@code /api}, an HTML page
 * for the UI. Bad input is a 4xx, never a 500: a value the database refuses (a NUL character, a date or
 * number out of range, SQLSTATE class 22) is a 400, a clash with stored data (class 23) a 409, a Javalin
 * validation failure ({@code ?try=abc}) a 400. PostgreSQL unreachable (restarting, down) is a 503 with
 * {@code Retry-After}, logged at most once a minute. Anything unexpected is a 500 whose body only carries a
 * reference; the exception itself, which may quote SQL, goes to the daemon's log under that reference.
 * Requests Jetty refuses before routing (URI or headers too long, malformed request lines) get problem JSON
 * from {@link #jettyErrorHandler()} too.
 */
final class ErrorResponses {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

  /** When a request last logged that PostgreSQL was away (System.nanoTime()); 0 before any. */
  private static volatile long lastUnavailableLog;

  private ErrorResponses() {}

  static void register(Javalin app) {
    app.exception(ApiException.class, (e, ctx) -> answer(ctx, e));
    app.exception(
        io.aloft.runtime.app.PermissionDeniedException.class,
        (e, ctx) -> answer(ctx, new ApiException(403, "Forbidden", e.getMessage())));
    app.exception(
        ValidationException.class,
        (e, ctx) -> answer(ctx, ApiException.badRequest("invalid request parameter: " + describe(e))));
    app.exception(
        HttpResponseException.class,
        (e, ctx) -> answer(ctx, new ApiException(e.getStatus(), reason(e.getStatus()), e.getMessage())));
    app.exception(Exception.class, (e, ctx) -> answer(ctx, classify(ctx, e)));
    app.error(
        404,
        ctx -> {
          String ct = ctx.res().getContentType();
          if (ct == null || (!ct.startsWith("application/problem+json") && !ct.startsWith("text/html"))) {
            answer(ctx, ApiException.notFound("Not Found",
                Auth.isApi(ctx) ? "no API endpoint " + ctx.method() + " " + ctx.path() : "no page at " + ctx.path()));
          }
        });
  }

  /** What an unexpected exception means for the caller; logs it. Package-private for tests. */
  static ApiException classify(Context ctx, Exception e) {
    if (io.aloft.runtime.app.StoreFailure.unavailable(e)) {
      // Not the request's fault and not a bug: PostgreSQL is restarting or unreachable. Logged at most once a
      // minute, not once per request.
      long now = System.nanoTime();
      long last = lastUnavailableLog;
      if (last == 0 || now - last > java.util.concurrent.TimeUnit.MINUTES.toNanos(1)) {
        lastUnavailableLog = now;
        LOG.warn("{} {}: PostgreSQL cannot be reached ({}); answering 503 until it is back", ctx.method(), ctx.path(), e.toString());
      }
      ctx.header("Retry-After", "5");
      return new ApiException(503, "Service Unavailable",
          "the database cannot be reached (PostgreSQL is restarting or down): try again in a few seconds; if it"
              + " lasts, check that PostgreSQL runs and ALOFT_DATABASE_URL points at it");
    }
    String state = io.aloft.runtime.app.StoreFailure.sqlState(e);
    if (state != null && state.startsWith("22")) {
      LOG.info("{} {} refused by the database ({}): {}", ctx.method(), ctx.path(), state, e.toString());
      return ApiException.badRequest(dataProblem(state));
    }
    if (state != null && state.startsWith("23")) {
      LOG.info("{} {} conflicts with stored data ({}): {}", ctx.method(), ctx.path(), state, e.toString());
      return ApiException.conflict("the request conflicts with data already stored (it may exist already)");
    }
    if (e instanceof IllegalArgumentException || e instanceof DateTimeException) {
      // the stores and parsers throw these with a message written for the user
      return ApiException.badRequest(e.getMessage() == null ? "invalid input" : e.getMessage());
    }
    String ref = UUID.randomUUID().toString().substring(0, 8);
    LOG.error("{} {} failed (reference {})", ctx.method(), ctx.path(), ref, e);
    return new ApiException(500, "Internal Server Error",
        "the server failed to answer (reference " + ref + "): the daemon's log has the details");
  }

  static void answer(Context ctx, ApiException e) {
    if (Auth.isApi(ctx) || e.status() == 401 || e.status() == 429) {
      ApiJson.problem(ctx, e);
    } else {
      ErrorPage.render(ctx, e);
    }
  }

  private static String describe(ValidationException e) {
    StringBuilder b = new StringBuilder();
    e.getErrors().forEach((field, errors) -> {
      if (b.length() > 0) {
        b.append("; ");
      }
      b.append('\'').append(field).append("' ");
      b.append(errors.isEmpty() ? "is invalid" : errors.get(0).getMessage());
      Object value = errors.isEmpty() ? null : errors.get(0).getValue();
      if (value != null) {
        String v = LoginThrottle.clean(String.valueOf(value));
        b.append(" (got '").append(v).append("')");
      }
    });
    return b.toString();
  }

  private static String dataProblem(String state) {
    return switch (state) {
      case "22021", "22P05" -> "a value contains a NUL (\\u0000) character or bytes that are not text: remove it";
      case "22008", "22007" -> "a date is out of range or not a valid date: use years 1 to 9999";
      case "22003" -> "a number is out of range";
      case "22001" -> "a value is too long";
      case "22P02" -> "a value has the wrong type or format";
      default -> "a value in the request cannot be stored (SQLSTATE " + state + ")";
    };
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 413 -> "Content Too Large";
      case 414 -> "URI Too Long";
      case 415 -> "Unsupported Media Type";
      case 431 -> "Request Header Fields Too Large";
      case 503 -> "Service Unavailable";
      default -> status >= 500 ? "Internal Server Error" : "Error";
    };
  }

  /** Installs {@link #jettyErrorHandler()} on the server. */
  static void installOn(Server server) {
    server.setErrorHandler(jettyErrorHandler());
  }

  /**
   * Jetty's answers for requests it refuses itself. A request line too long to read has no usable path,
   * so those bad-message answers are problem JSON (API clients send such ids; a person never types one).
   */
  static ErrorHandler jettyErrorHandler() {
    return new ErrorHandler() {
      @Override
      public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        return ByteBuffer.wrap(problemJson(status, reason).getBytes(StandardCharsets.UTF_8));
      }

      @Override
      protected void generateAcceptableResponse(
          Request baseRequest, HttpServletRequest request, HttpServletResponse response, int code, String message)
          throws IOException {
        String path = request.getRequestURI();
        baseRequest.setHandled(true);
        if (path != null && !path.startsWith("/api")) {
          response.setContentType("text/html;charset=utf-8");
          response.getWriter().write(Templates.render("bareError.jte",
              new ErrorPage.Bare(code, reason(code), message == null ? reason(code) : message)));
        } else {
          response.setContentType("application/problem+json");
          response.getWriter().write(problemJson(code, message));
        }
      }
    };
  }

  private static String problemJson(int status, String reason) {
    ApiException e = new ApiException(status, reason(status),
        (reason == null || reason.isBlank() ? reason(status) : reason)
            + (status == 414 || status == 431 ? ": ids and query strings must stay under 8 KB" : ""));
    java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("detail", e.detail());
    body.put("status", e.status());
    body.put("title", e.title());
    body.put("type", e.type());
    return ApiJson.write(body);
  }
}
