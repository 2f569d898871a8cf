package io.aloft.runtime.api;

/**
 * An error the REST API answers with a problem JSON body ({@code type}, {@code title}, {@code status},
 * {@code detail}), as Airflow's stable API does. Throw it from any handler.
 */
public final class ApiException extends RuntimeException {

  private static final String TYPE_BASE =
      "https://airflow.apache.org/docs/apache-airflow/stable/stable-rest-api-ref.html#section/Errors/";

  private final int status;
  private final String title;

  public ApiException(int status, String title, String detail) {
    super(detail);
    this.status = status;
    this.title = title;
  }

  public static ApiException badRequest(String detail) {
    return new ApiException(400, "Bad Request", detail);
  }

  public static ApiException notFound(String title, String detail) {
    return new ApiException(404, title, detail);
  }

  public static ApiException conflict(String detail) {
    return new ApiException(409, "Conflict", detail);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  /** Airflow's error type URL for this status. */
  public String type() {
    return TYPE_BASE
        + switch (status) {
          case 400 -> "BadRequest";
          case 401 -> "Unauthenticated";
          case 403 -> "PermissionDenied";
          case 404 -> "NotFound";
          case 405 -> "MethodNotAllowed";
          case 409 -> "AlreadyExists";
          case 413 -> "RequestEntityTooLarge";
          case 414 -> "URITooLong";
          case 415 -> "UnsupportedMediaType";
          case 429 -> "TooManyRequests";
          default -> "Unknown";
        };
  }
}
