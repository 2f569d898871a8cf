package io.aloft.sdk.extension;

import java.util.Objects;

/**
 * A UI page of a plugin, served at {@code /<path>} behind the UI's login, with {@code navLabel} in the navigation
 * bar (a path that a built-in page or an earlier plugin already serves is refused with a warning). The handler returns a {@link PageView}; the runtime renders it with its own templates, so
 * every value is escaped.
 */
public record PluginPage(String path, String navLabel, Handler handler) {

  /** Builds one page view; thread-safe. */
  @FunctionalInterface
  public interface Handler {
    PageView render(PluginRequest request) throws Exception;
  }

  public PluginPage {
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(navLabel, "navLabel");
    if (path == null || !path.matches("[a-z0-9][a-z0-9_-]*")) {
      throw new IllegalArgumentException("a plugin page's path is one lower-case word, e.g. \"models\": " + path);
    }
  }
}
