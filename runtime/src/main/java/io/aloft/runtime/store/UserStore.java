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

  /** A user as listed (never with its hash). */
  public record UserRow(String username, Instant createdAt, boolean defaultPassword) {}

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
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  "INSERT INTO web_user (username, password_hash, default_password, created_at) VALUES (:u, :h, :d, :t)"
                      + (upsert ? " ON CONFLICT (username) DO UPDATE SET password_hash = :h, default_password = :d" : ""))
              .bind("u", username)
              .bind("h", passwordHash)
              .bind("d", defaultPassword)
              .bind("t", now)
              .execute();
          h.createUpdate("DELETE FROM web_session WHERE username = :u").bind("u", username).execute();
        });
  }

  public List<UserRow> list() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT username, created_at, default_password FROM web_user ORDER BY username")
                .map((rs, ctx) -> new UserRow(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getBoolean(3)))
                .list());
  }

  /** Deletes a user (its sessions go with it); false when there was none. */
  public boolean delete(String username) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM web_user WHERE username = :u").bind("u", username).execute())
        > 0;
  }

  public Optional<String> passwordHash(String username) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT password_hash FROM web_user WHERE username = :u")
                .bind("u", username)
                .mapTo(String.class)
                .findOne());
  }

  public boolean anyDefaultPassword() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM web_user WHERE default_password)").mapTo(Boolean.class).one());
  }
}
