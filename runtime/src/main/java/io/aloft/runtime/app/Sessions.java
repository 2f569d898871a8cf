package io.aloft.runtime.app;

import io.aloft.runtime.store.SessionStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * UI login sessions, kept in PostgreSQL so they survive a daemon restart. A session is found by the SHA-256 of its
 * cookie value (the value itself is never stored); each has its own CSRF token. Thread-safe.
 */
public final class Sessions {

  /** A live session. {@code token} is only known right after {@link #create}. */
  public record Session(String token, String username, String csrfToken) {}

  private final SessionStore store;
  private final Clock clock;
  private final Duration ttl;
  private final SecureRandom random = new SecureRandom();

  private final EventLogs events;

  Sessions(SessionStore store, Clock clock, Duration ttl, EventLogs events) {
    this.events = events;
    this.store = store;
    this.clock = clock;
    this.ttl = ttl;
  }

  /** Starts a session for a user who just logged in, and records the {@code login} in the audit log. */
  public Session create(Actor actor) {
    String username = actor.user();
    events.record(actor, "login", EventLogs.Subject.NONE, java.util.Map.of());
    String token = randomToken();
    String csrf = randomToken();
    Instant now = clock.instant();
    store.create(Users.digest(token), username, csrf, now, now.plus(ttl));
    return new Session(token, username, csrf);
  }

  /** The live session of this cookie value, if any. */
  public Optional<Session> find(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    return store.find(Users.digest(token), clock.instant()).map(s -> new Session(null, s.username(), s.csrfToken()));
  }

  /** Ends a session (logout). */
  public void delete(String token) {
    if (token != null) {
      store.delete(Users.digest(token));
    }
  }

  public Duration ttl() {
    return ttl;
  }

  /** 32 random bytes, URL-safe Base64. */
  public String randomToken() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
