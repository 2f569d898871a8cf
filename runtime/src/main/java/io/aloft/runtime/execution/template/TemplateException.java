package io.aloft.runtime.execution.template;

/**
 * A template field could not be rendered: an undefined name (Airflow's StrictUndefined), a syntax error,
 * or an error raised while evaluating. The message names the field and the cause; the try fails.
 */
public final class TemplateException extends RuntimeException {

  private final String field;

  public TemplateException(String field, String message) {
    super(field == null ? message : "cannot render template field '%s': %s".formatted(field, message));
    this.field = field;
  }

  /** The template field being rendered, or null outside a field. */
  public String field() {
    return field;
  }
}
