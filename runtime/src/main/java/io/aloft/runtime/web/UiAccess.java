package io.aloft.runtime.web;

import io.aloft.runtime.api.ApiException;
import io.javalin.http.Context;

/**
 * The UI's one answer to "may the current user change things?": pages show their action buttons only when it says
 * yes, and every handler that changes something asks it again before calling a service. Today every signed-in user
 * may; a role model plugs in here (and only here) for the UI. Stateless; safe from any thread.
 */
final class UiAccess {

  private UiAccess() {}

  /** Whether the signed-in user of this request may trigger, clear, mark, delete or edit. */
  static boolean mayChange(Context ctx) {
    return ctx.attribute(Auth.USER_ATTR) != null;
  }

  /** Refuses the request (403) unless {@link #mayChange} says yes. */
  static void requireChange(Context ctx) {
    if (!mayChange(ctx)) {
      throw new ApiException(403, "Forbidden", "Your role may only look, not change things: ask an Admin or an Op.");
    }
  }
}
