package io.aloft.runtime.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code web_user} table: user names, bcrypt hashes and whether the password is still the default one. Hashing
 * and verifying are the application layer's job ({@code app.Users}); this class only reads and writes rows.
 * Thread-safe.
 */
public final class UserStore {

  /**
   * A user as listed (never with its hash). {@code changedAt} is null until the profile is first changed, {@code
   * lastLogin} until the first UI login.
   */
  public record UserRow(String username, Instant createdAt, boolean defaultPassword, String role, String firstName,
      String lastName, String email, boolean active, Instant changedAt, Instant lastLogin, int loginCount,
      int failedLoginCount) {}

  /** A role made through the API: its name and permissions as stored, a JSON array of action/resource objects. */
  public record RoleRow(String name, String permissionsJson) {}

  private static final String COLUMNS =
      "username, created_at, default_password, role, first_name, last_name, email, active, changed_at, last_login,"
          + " login_count, failed_login_count";

  private final Jdbi jdbi;

  public UserStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Stores a user's hash and logs it out everywhere (a new password ends its sessions), in one transaction.
   *
   * @param upsert replace the hash of an existing user; otherwise a taken name fails on the primary key
   */
  public void put(String username, String passwordHash, boolean defaultPassword, Instant now, boolean upsert) {
    put(username, passwordHash, defaultPassword, now, upsert, "Admin");
  }

  /** As {@link #put(String, String, boolean, Instant, boolean)}, a new user getting {@code role} (an upsert keeps it). */
  public void put(String username, String passwordHash, boolean defaultPassword, Instant now, boolean upsert,
      String role) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  "INSERT INTO web_user (username, password_hash, default_password, created_at, role)"
                      + " VALUES (:u, :h, :d, :t, :r)"
                      + (upsert ? " ON CONFLICT (username) DO UPDATE SET password_hash = :h, default_password = :d" : ""))
              .bind("u", username)
              .bind("h", passwordHash)
              .bind("d", defaultPassword)
              .bind("t", now)
              .bind("r", role)
              .execute();
          h.createUpdate("DELETE FROM web_session WHERE username = :u").bind("u", username).execute();
        });
  }

  public List<UserRow> list() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT " + COLUMNS + " FROM web_user ORDER BY username").map((rs, ctx) -> row(rs)).list());
  }

  public Optional<UserRow> find(String username) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT " + COLUMNS + " FROM web_user WHERE username = :u")
            .bind("u", username)
            .map((rs, ctx) -> row(rs))
            .findOne());
  }

  private static UserRow row(java.sql.ResultSet rs) throws java.sql.SQLException {
    java.sql.Timestamp changed = rs.getTimestamp(9);
    java.sql.Timestamp lastLogin = rs.getTimestamp(10);
    return new UserRow(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getBoolean(3), rs.getString(4),
        rs.getString(5), rs.getString(6), rs.getString(7), rs.getBoolean(8), changed == null ? null : changed.toInstant(),
        lastLogin == null ? null : lastLogin.toInstant(), rs.getInt(11), rs.getInt(12));
  }

  /**
   * Counts a UI login of {@code username}: a success sets {@code last_login}, counts up {@code login_count} and resets
   * {@code failed_login_count}; a failure counts up {@code failed_login_count}. No-op for an unknown user.
   */
  public void recordLogin(String username, boolean success, Instant now) {
    jdbi.useHandle(h -> h.createUpdate(success
            ? "UPDATE web_user SET last_login = :t, login_count = login_count + 1, failed_login_count = 0 WHERE username = :u"
            : "UPDATE web_user SET failed_login_count = failed_login_count + 1 WHERE username = :u")
        .bind("u", username)
        .bind("t", now)
        .execute());
  }

  /** Sets a new user's role and profile (after {@link #put}, in the same way for every field). */
  public void setProfile(String username, String role, String firstName, String lastName, String email, boolean active,
      Instant changedAt) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate("UPDATE web_user SET role = :r, first_name = :f, last_name = :l, email = :e, active = :a,"
                  + " changed_at = :c WHERE username = :u")
              .bind("u", username)
              .bind("r", role)
              .bind("f", firstName)
              .bind("l", lastName)
              .bind("e", email)
              .bind("a", active)
              .bind("c", changedAt)
              .execute();
          if (!active) {
            h.createUpdate("DELETE FROM web_session WHERE username = :u").bind("u", username).execute();
          }
        });
  }

  /** The role of an active user; empty for an unknown or inactive one. */
  public Optional<String> activeRole(String username) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT role FROM web_user WHERE username = :u AND active")
            .bind("u", username)
            .mapTo(String.class)
            .findOne());
  }

  public List<RoleRow> roles() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT name, permissions::text FROM web_role ORDER BY name")
            .map((rs, ctx) -> new RoleRow(rs.getString(1), rs.getString(2)))
            .list());
  }

  /** Creates or replaces a stored role; {@code rename} (not null) renames it and its users' role in the same step. */
  public void putRole(String name, String permissionsJson, String rename) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate("INSERT INTO web_role (name, permissions) VALUES (:n, CAST(:p AS jsonb))"
                  + " ON CONFLICT (name) DO UPDATE SET permissions = CAST(:p AS jsonb)")
              .bind("n", name)
              .bind("p", permissionsJson)
              .execute();
          if (rename != null && !rename.equals(name)) {
            h.createUpdate("UPDATE web_role SET name = :r WHERE name = :n").bind("n", name).bind("r", rename).execute();
            h.createUpdate("UPDATE web_user SET role = :r WHERE role = :n").bind("n", name).bind("r", rename).execute();
          }
        });
  }

  /** Deletes a stored role; false when none has the name or a user still has it ({@code usersWithRole} says). */
  public boolean deleteRole(String name) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM web_role WHERE name = :n").bind("n", name).execute()) > 0;
  }

  public int usersWithRole(String name) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT count(*) FROM web_user WHERE role = :n").bind("n", name).mapTo(Integer.class).one());
  }

  /** Deletes a user (its sessions go with it); false when there was none. */
  public boolean delete(String username) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM web_user WHERE username = :u").bind("u", username).execute())
        > 0;
  }

  /** The hash of an active user (an inactive one cannot log in). */
  public Optional<String> passwordHash(String username) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT password_hash FROM web_user WHERE username = :u AND active")
                .bind("u", username)
                .mapTo(String.class)
                .findOne());
  }

  public boolean anyDefaultPassword() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM web_user WHERE default_password)").mapTo(Boolean.class).one());
  }
}
