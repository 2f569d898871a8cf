package io.aloft.runtime.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * UI login sessions, kept in PostgreSQL so they survive a daemon restart. A session is found by the
 * SHA-256 of its cookie value; each has its own CSRF token. Thread-safe.
 */
final class Sessions {

  /** A live session. {@code token} is only known right after {@link #create}. */
  record Session(String token, String username, String csrfToken) {}

  private final Jdbi jdbi;
  private final Clock clock;
  private final Duration ttl;
  private final SecureRandom random = new SecureRandom();

  Sessions(Jdbi jdbi, Clock clock, Duration ttl) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.ttl = ttl;
  }

  Session create(String username) {
    String token = randomToken();
    String csrf = randomToken();
    Instant now = clock.instant();
    jdbi.useHandle(
        h -> {
          h.createUpdate("DELETE FROM web_session WHERE expires_at < :n").bind("n", now).execute();
          h.createUpdate(
                  "INSERT INTO web_session (token_hash, username, csrf_token, created_at, expires_at)"
                      + " VALUES (:t, :u, :c, :n, :e)")
              .bind("t", Users.digest(token))
              .bind("u", username)
              .bind("c", csrf)
              .bind("n", now)
              .bind("e", now.plus(ttl))
              .execute();
        });
    return new Session(token, username, csrf);
  }

  Optional<Session> find(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT username, csrf_token FROM web_session WHERE token_hash = :t AND expires_at > :n")
                .bind("t", Users.digest(token))
                .bind("n", clock.instant())
                .map((rs, ctx) -> new Session(null, rs.getString(1), rs.getString(2)))
                .findOne());
  }

  void delete(String token) {
    if (token != null) {
      jdbi.useHandle(
          h -> h.createUpdate("DELETE FROM web_session WHERE token_hash = :t").bind("t", Users.digest(token)).execute());
    }
  }

  Duration ttl() {
    return ttl;
  }

  String randomToken() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
