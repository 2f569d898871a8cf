package io.aloft.sdk.extension;

/**
 * Thrown by a route or page handler to answer with an error the user can act on: the API answers it as problem
 * JSON ({@code status}, {@code title}, {@code detail}), the UI as an error page.
 */
public final class PluginHttpException extends RuntimeException {

  private final int status;
  private final String title;

  public PluginHttpException(int status, String title, String detail) {
    super(detail);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an error status is 4xx or 5xx: " + status);
    }
    this.status = status;
    this.title = title;
  }

  /** 404 with the detail. */
  public static PluginHttpException notFound(String detail) {
    return new PluginHttpException(404, "Not Found", detail);
  }

  /** 400 with the detail. */
  public static PluginHttpException badRequest(String detail) {
    return new PluginHttpException(400, "Bad Request", detail);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }
}
