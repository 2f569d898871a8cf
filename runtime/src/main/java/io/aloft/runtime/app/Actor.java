package io.aloft.runtime.app;

/**
 * Who asks for an operation and from where, for the audit log: every adapter passes one into the services that
 * change something (the API and UI: the logged-in user and the client's address; the CLI: {@code cli:<OS user>}).
 *
 * @param user the user name as the audit log shows it (Airflow's {@code owner})
 * @param address where the request came from (an IP address, or {@code cli})
 */
public record Actor(String user, String address) {

  /** The scheduler and other automatic callers (tests, benchmarks). */
  public static final Actor SYSTEM = new Actor("aloft", "local");

  public Actor {
    user = user == null || user.isBlank() ? "anonymous" : user;
  }

  /** A CLI call by this operating-system user. */
  public static Actor cli(String osUser) {
    return new Actor("cli:" + (osUser == null || osUser.isBlank() ? "unknown" : osUser), "cli");
  }
}
