package io.aloft.runtime.store;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code web_session} table: UI login sessions, found by the hash of their cookie value (the application layer's
 * {@code app.Sessions} makes tokens and hashes them). Thread-safe.
 */
public final class SessionStore {

  /** A live session's owner and CSRF token. */
  public record SessionRow(String username, String csrfToken) {}

  private final Jdbi jdbi;

  public SessionStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Adds a session and, in passing, drops the expired ones. */
  public void create(String tokenHash, String username, String csrfToken, Instant now, Instant expiresAt) {
    jdbi.useHandle(
        h -> {
          h.createUpdate("DELETE FROM web_session WHERE expires_at < :n").bind("n", now).execute();
          h.createUpdate(
                  "INSERT INTO web_session (token_hash, username, csrf_token, created_at, expires_at)"
                      + " VALUES (:t, :u, :c, :n, :e)")
              .bind("t", tokenHash)
              .bind("u", username)
              .bind("c", csrfToken)
              .bind("n", now)
              .bind("e", expiresAt)
              .execute();
        });
  }

  /** The session with this token hash, unless it expired before {@code now}. */
  public Optional<SessionRow> find(String tokenHash, Instant now) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT username, csrf_token FROM web_session WHERE token_hash = :t AND expires_at > :n")
                .bind("t", tokenHash)
                .bind("n", now)
                .map((rs, ctx) -> new SessionRow(rs.getString(1), rs.getString(2)))
                .findOne());
  }

  public void delete(String tokenHash) {
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM web_session WHERE token_hash = :t").bind("t", tokenHash).execute());
  }
}
