package io.aloft.runtime.scheduler;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Airflow's jittered exponential backoff: a delay in {@code [min, 2·min)} where the jitter comes from
 * the SHA-1 of a key naming the task and attempt, so every scheduler computes the same delay for the
 * same attempt and failed tasks do not all retry at once.
 */
final class Backoff {

  private static final DateTimeFormatter PY_ISO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private Backoff() {}

  /** {@code min + sha1(key) mod min} seconds, {@code min} at least 1, capped at {@code capSeconds}. */
  static long jittered(long minBackoffSeconds, String key, long capSeconds) {
    long min = Math.max(minBackoffSeconds, 1);
    if (min >= capSeconds) {
      return capSeconds;
    }
    BigInteger hash = new BigInteger(1, sha1(key));
    long jitter = hash.mod(BigInteger.valueOf(min)).longValue();
    return Math.min(min + jitter, capSeconds);
  }

  /** An instant as Python's {@code str()} prints an aware UTC datetime: {@code 2024-01-01T00:00:00+00:00}. */
  static String pythonIso(Instant t) {
    String base = PY_ISO.format(t);
    int micros = t.getNano() / 1000;
    return micros == 0 ? base + "+00:00" : base + ".%06d+00:00".formatted(micros);
  }

  private static byte[] sha1(String key) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships SHA-1", e);
    }
  }
}
