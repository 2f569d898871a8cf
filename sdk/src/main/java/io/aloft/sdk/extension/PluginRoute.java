package io.aloft.sdk.extension;

import java.util.Objects;

/**
 * A REST route of a plugin, answered under {@code /api/v1/<path>} with the API's authentication. The handler's
 * result is written as JSON (maps, lists, records, strings, numbers); a {@link PluginHttpException} becomes a
 * problem-JSON error.
 *
 * @param method the HTTP method
 * @param path relative to {@code /api/v1/}, with {@code {name}} path parameters, e.g. {@code models/{name}}
 */
public record PluginRoute(Method method, String path, Handler handler) {

  /** The HTTP methods a plugin route may answer. */
  public enum Method { GET, POST, PATCH, PUT, DELETE }

  /** Answers one request; thread-safe. */
  @FunctionalInterface
  public interface Handler {
    Object handle(PluginRequest request) throws Exception;
  }

  public PluginRoute {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(handler, "handler");
    if (path == null || path.isBlank() || path.startsWith("/")) {
      throw new IllegalArgumentException("a plugin route's path is relative to /api/v1/, e.g. \"models\": " + path);
    }
  }

  public static PluginRoute get(String path, Handler handler) {
    return new PluginRoute(Method.GET, path, handler);
  }
}
