package io.aloft.runtime.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows down password guessing, keyed on the user name <em>and</em> the client address: one address guessing
 * one user's password waits longer after each wrong attempt, while the same user from another address, and
 * other users behind the same proxy, are not held up. The first {@code freeFailures} failures cost nothing;
 * after that each one blocks the pair for {@code baseDelay}, doubling up to {@code maxDelay}. A pair with no
 * failure for {@code forgetAfter} is forgotten, and a successful login clears it. Unknown user names are
 * throttled exactly like real ones, so the answers do not tell them apart.
 *
 * <p>Failed and refused logins are written to the {@code io.aloft.audit} logger (user name and address, with
 * control characters removed so a crafted name cannot forge log lines). Thread-safe; state is per process.
 */
final class LoginThrottle {

  private static final Logger AUDIT = LoggerFactory.getLogger("io.aloft.audit");
  /** Bounds memory under a flood of distinct names; stale pairs are dropped first. */
  private static final int MAX_TRACKED = 100_000;

  private final Clock clock;
  private final int freeFailures;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final Duration forgetAfter;
  private final Map<Key, Record> failures = new ConcurrentHashMap<>();

  private record Key(String user, String client) {}

  /** Failures so far and until when the pair is blocked. Guarded by its own monitor. */
  private static final class Record {
    int count;
    Instant last;
    Instant blockedUntil = Instant.MIN;
  }

  LoginThrottle(Clock clock, int freeFailures, Duration baseDelay, Duration maxDelay, Duration forgetAfter) {
    this.clock = clock;
    this.freeFailures = freeFailures;
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
    this.forgetAfter = forgetAfter;
  }

  /** Defaults: 3 free failures, then 1 s, 2 s, 4 s ... up to 15 minutes; forgotten after an hour. */
  static LoginThrottle standard(Clock clock) {
    return new LoginThrottle(clock, 3, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofHours(1));
  }

  /** Seconds this user from this client must wait, or 0 when it may try now. Logs a refusal. */
  long retryAfterSeconds(String user, String client) {
    Record r = failures.get(new Key(norm(user), client));
    if (r == null) {
      return 0;
    }
    Instant now = clock.instant();
    long wait;
    synchronized (r) {
      if (!r.blockedUntil.isAfter(now)) {
        return 0;
      }
      wait = Math.max(1, (Duration.between(now, r.blockedUntil).toMillis() + 999) / 1000);
    }
    AUDIT.warn("login refused: user '{}' from {} is throttled for {} s", clean(user), clean(client), wait);
    return wait;
  }

  /** Records a wrong password (or unknown user) and logs it. */
  void failed(String user, String client) {
    Instant now = clock.instant();
    if (failures.size() >= MAX_TRACKED) {
      failures.entrySet().removeIf(e -> stale(e.getValue(), now));
      if (failures.size() >= MAX_TRACKED) {
        // still full of live entries: drop them rather than grow without bound (guessing speeds up a little)
        failures.clear();
      }
    }
    Record r = failures.computeIfAbsent(new Key(norm(user), client), k -> new Record());
    int count;
    long blockedFor;
    synchronized (r) {
      if (stale(r, now)) {
        r.count = 0;
      }
      r.count++;
      r.last = now;
      count = r.count;
      Duration delay = delay(count);
      r.blockedUntil = now.plus(delay);
      blockedFor = delay.toSeconds();
    }
    AUDIT.warn(
        "login failed: user '{}' from {} ({} failure{} in a row{})",
        clean(user), clean(client), count, count == 1 ? "" : "s",
        blockedFor > 0 ? ", next attempt allowed in " + blockedFor + " s" : "");
  }

  void succeeded(String user, String client) {
    failures.remove(new Key(norm(user), client));
  }

  /** The delay after the {@code count}-th failure in a row. */
  Duration delay(int count) {
    if (count <= freeFailures) {
      return Duration.ZERO;
    }
    int doublings = Math.min(count - freeFailures - 1, 30);
    Duration d = baseDelay.multipliedBy(1L << doublings);
    return d.compareTo(maxDelay) > 0 ? maxDelay : d;
  }

  private boolean stale(Record r, Instant now) {
    synchronized (r) {
      return r.last != null && r.last.plus(forgetAfter).isBefore(now) && !r.blockedUntil.isAfter(now);
    }
  }

  private static String norm(String user) {
    return user == null ? "" : user;
  }

  /** Control characters out, length bounded: the text goes into log lines. */
  static String clean(String s) {
    if (s == null) {
      return "";
    }
    String t = s.length() > 100 ? s.substring(0, 100) + "..." : s;
    StringBuilder b = new StringBuilder(t.length());
    t.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return b.toString();
  }
}
