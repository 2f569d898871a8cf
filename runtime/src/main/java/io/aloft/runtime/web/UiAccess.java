package io.aloft.runtime.web;

import io.aloft.runtime.api.ApiException;
import io.aloft.runtime.api.Callers;
import io.aloft.runtime.app.Permission;
import io.javalin.http.Context;

/**
 * The UI's one answer to "may the current user change things?": pages show their action buttons only when it says
 * yes, and every handler that changes something asks it again before calling a service (whose own permission check
 * is the one that counts). Stateless; safe from any thread.
 */
final class UiAccess {

  private UiAccess() {}

  /**
   * Whether the signed-in user of this request may trigger, clear, mark, delete or edit: a role with {@code can_edit}
   * on DAG runs (User, Op, Admin; not Viewer). The services check each change's own permission again.
   */
  static boolean mayChange(Context ctx) {
    return ctx.attribute(Auth.USER_ATTR) != null
        && Callers.of(ctx).may(new Permission(Permission.EDIT, Permission.DAG_RUNS));
  }

  /** Refuses the request (403) unless {@link #mayChange} says yes. */
  static void requireChange(Context ctx) {
    if (!mayChange(ctx)) {
      throw new ApiException(403, "Forbidden", "Your role may only look, not change things: ask an Admin or an Op.");
    }
  }
}
