package io.aloft.runtime.app;

/**
 * The caller's role does not allow an operation. The REST API answers it 403 with problem JSON, the UI with its
 * error page, the CLI with the message. The message names the user, the role, the missing permission and the fix.
 */
public final class PermissionDeniedException extends RuntimeException {

  private final Permission missing;

  PermissionDeniedException(Actor actor, Permission missing) {
    super("user '" + actor.user() + "' (role " + actor.role().name() + ") lacks " + missing
        + ": ask an Admin for a role that has it (`aloft users create --role`, or PATCH /api/v1/users/"
        + actor.user() + ")");
    this.missing = missing;
  }

  /** Refused whatever the role (a feature the configuration turned off); {@code message} carries the fix. */
  PermissionDeniedException(String message, Permission missing) {
    super(message);
    this.missing = missing;
  }

  public Permission missing() {
    return missing;
  }
}
