package io.aloft.runtime.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@code maxFailures} wrong logins from one client address within
 * {@code window}, further attempts from it are refused (HTTP 429) until the oldest failure leaves the
 * window. A successful login clears the address's record. Thread-safe.
 */
final class LoginThrottle {

  private final Clock clock;
  private final int maxFailures;
  private final Duration window;
  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  LoginThrottle(Clock clock, int maxFailures, Duration window) {
    this.clock = clock;
    this.maxFailures = maxFailures;
    this.window = window;
  }

  /** Seconds the client must wait, or 0 when it may try now. */
  long retryAfterSeconds(String client) {
    Deque<Instant> q = failures.get(client);
    if (q == null) {
      return 0;
    }
    synchronized (q) {
      prune(q);
      if (q.size() < maxFailures) {
        return 0;
      }
      return Math.max(1, Duration.between(clock.instant(), q.peekFirst().plus(window)).toSeconds());
    }
  }

  void failed(String client) {
    Deque<Instant> q = failures.computeIfAbsent(client, c -> new ArrayDeque<>());
    synchronized (q) {
      prune(q);
      q.addLast(clock.instant());
    }
  }

  void succeeded(String client) {
    failures.remove(client);
  }

  private void prune(Deque<Instant> q) {
    Instant cutoff = clock.instant().minus(window);
    while (!q.isEmpty() && q.peekFirst().isBefore(cutoff)) {
      q.pollFirst();
    }
  }
}
