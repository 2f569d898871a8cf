package io.aloft.runtime.web;

import io.aloft.runtime.api.ApiException;
import io.javalin.http.Context;

/** The page a UI request gets when it fails with an {@link ApiException} (an unknown DAG or run, a bad request ...). */
final class ErrorPage {

  /** What {@code error.jte} shows. */
  record View(Frame frame, String title, String detail) {}

  /** What {@code bareError.jte} shows for an error that Jetty answers before any route runs. */
  record Bare(int status, String reason, String message) {}

  private ErrorPage() {}

  static void render(Context ctx, ApiException e) {
    Templates.page(ctx, e.status(), "error.jte", new View(Frame.of(ctx, e.title(), "", false), e.title(), e.detail()));
  }
}
