package io.aloft.graphgrid.preflight;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The memory each admitted GPU session declared, and since when each preflight waits, by DAG and run, daemon-wide: the preflight of a later run needs the
 * estimate of an earlier one whose process is not on the GPU yet, and task instances do not carry it. Kept in
 * memory: after a daemon restart an unknown session counts with {@link MemoryEstimates#FALLBACK_MIB}, the
 * conservative side. Thread-safe.
 */
public final class AdmissionLedger {

  private static final Map<String, Long> DECLARED = new ConcurrentHashMap<>();
  private static final Map<String, java.time.Instant> WAITING = new ConcurrentHashMap<>();

  private AdmissionLedger() {}

  public static void record(String dagId, String runId, long mib) {
    DECLARED.put(dagId + "\u0000" + runId, mib);
  }

  public static OptionalLong declared(String dagId, String runId) {
    Long mib = DECLARED.get(dagId + "\u0000" + runId);
    return mib == null ? OptionalLong.empty() : OptionalLong.of(mib);
  }

  public static void forget(String dagId, String runId) {
    DECLARED.remove(dagId + "\u0000" + runId);
    WAITING.remove(dagId + "\u0000" + runId);
  }

  /** When this run's preflight first checked (now, on its first check): its wait limit counts from there. */
  public static java.time.Instant waitingSince(String dagId, String runId, java.time.Instant now) {
    return WAITING.computeIfAbsent(dagId + "\u0000" + runId, k -> now);
  }
}
