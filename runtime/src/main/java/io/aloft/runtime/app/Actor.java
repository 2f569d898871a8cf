package io.aloft.runtime.app;

/**
 * Who asks for an operation, from where and with which rights: every adapter passes one into the services, which
 * check its {@link Role} ({@link #require}) before they change anything and record it in the audit log (the API and
 * UI: the logged-in user with the role stored for it and the client's address; the CLI: {@code cli:<OS user>}).
 *
 * <p>The CLI and the engine are trusted as Airflow's CLI is: whoever can run them has the database's credentials
 * anyway, so {@link #cli} and {@link #SYSTEM} are {@link Role#ADMIN}. Web adapters must build their actor with the
 * user's stored role ({@code api.Callers.of}).
 *
 * @param user the user name as the audit log shows it (Airflow's {@code owner})
 * @param address where the request came from (an IP address, or {@code cli})
 * @param role what the user may do
 */
public record Actor(String user, String address, Role role) {

  /** The scheduler and other automatic callers (tests, benchmarks). */
  public static final Actor SYSTEM = new Actor("aloft", "local", Role.ADMIN);

  public Actor {
    user = user == null || user.isBlank() ? "anonymous" : user;
    role = role == null ? Role.VIEWER : role;
  }

  /** A trusted local caller (tests, tools inside the process) with every right. */
  public Actor(String user, String address) {
    this(user, address, Role.ADMIN);
  }

  /** A CLI call by this operating-system user. */
  public static Actor cli(String osUser) {
    return new Actor("cli:" + (osUser == null || osUser.isBlank() ? "unknown" : osUser), "cli", Role.ADMIN);
  }

  /** Whether this caller's role has {@code p}. */
  public boolean may(Permission p) {
    return role.allows(p);
  }

  /** @throws PermissionDeniedException when this caller's role lacks {@code p} */
  public void require(Permission p) {
    if (!may(p)) {
      throw new PermissionDeniedException(this, p);
    }
  }
}
