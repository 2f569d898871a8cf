package io.aloft.graphgrid.preflight;

import io.aloft.graphgrid.gpu.GpuProbe;
import io.aloft.graphgrid.gpu.GpuUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The waiting half of {@code gpu_preflight_configuration}: takes a snapshot, asks {@link GpuPreflight} whether
 * the session fits, and while it does not, sleeps and checks again, until the {@link PreflightWaitPolicy}'s limit.
 * The document's version recursed until Python's recursion limit; this is the same wait as a plain loop with
 * an explicit limit. Not thread-safe: one admission per preflight task (the 1-slot pool keeps it that way).
 */
public final class GpuAdmission {

  private final GpuProbe probe;
  private final GpuPreflight preflight;
  private final PreflightWaitPolicy policy;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Consumer<String> log;

  public GpuAdmission(GpuProbe probe, GpuPreflight preflight, PreflightWaitPolicy policy, Clock clock,
                      Sleeper sleeper, Consumer<String> log) {
    this.probe = probe;
    this.preflight = preflight;
    this.policy = policy;
    this.clock = clock;
    this.sleeper = sleeper;
    this.log = log;
  }

  /**
   * Returns once the session fits, with the decision holding the {@code gpu_pool} size.
   *
   * @param model the model being trained, for messages
   * @param sessionMiB the session's memory estimate
   * @param admitted re-read on every check: the sessions admitted at that moment
   * @throws PreflightTimeoutException when it still does not fit after the limit
   * @throws GpuUnavailableException when the GPU cannot be read at all
   * @throws InterruptedException when the task is stopped while waiting
   */
  public PreflightDecision await(String model, long sessionMiB, Supplier<List<AdmittedSession>> admitted)
      throws PreflightTimeoutException, GpuUnavailableException, InterruptedException {
    Instant start = clock.instant();
    Instant deadline = start.plus(policy.limit());
    for (int check = 1; ; check++) {
      PreflightDecision decision = preflight.decide(probe.snapshot(), sessionMiB, admitted.get());
      if (decision.fits()) {
        log.accept("check %d: %s".formatted(check, decision.reason()));
        return decision;
      }
      Instant now = clock.instant();
      if (!now.isBefore(deadline)) {
        throw new PreflightTimeoutException(("GPU session for %s did not fit within %s (%d checks via %s): %s. "
            + "Wait for running GPU trainings to finish, train on CPU (\"gpu\": false), lower the estimate "
            + "(%s) or raise the limit (%s, e.g. 12h).").formatted(model, human(policy.limit()), check,
            probe.describe(), decision.reason(), MemoryEstimates.SETTING, PreflightWaitPolicy.LIMIT_SETTING),
            decision);
      }
      Duration pause = policy.interval();
      Duration left = Duration.between(now, deadline);
      if (left.compareTo(pause) < 0) {
        pause = left;
      }
      log.accept("check %d: %s; checking again in %s (giving up at %s)".formatted(check, decision.reason(),
          human(pause), deadline));
      sleeper.sleep(pause);
    }
  }

  private static String human(Duration duration) {
    return duration.toString().substring(2).toLowerCase(Locale.ROOT);
  }
}
