package io.aloft.graphgrid.preflight;

import io.aloft.graphgrid.gpu.GpuDevice;
import io.aloft.graphgrid.gpu.GpuProcess;
import io.aloft.graphgrid.gpu.GpuSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The preflight heuristic, as pure code: given a GPU snapshot, the sessions already admitted and this
 * session's memory estimate, how many concurrent GPU sessions fit and whether this one fits now.
 *
 * <p>Per device, headroom is its free memory less a safety margin (drivers, CUDA context growth,
 * fragmentation). A session must fit on one device. Admitted sessions whose process is not yet on the GPU
 * with all the memory it declared still hold the rest: reserved on the device their process is on, else on the
 * roomiest device (where a new process would most likely go). This is what lets sessions be admitted one at a
 * time without ever over-committing: the reading never lags the promises.
 */
public final class GpuPreflight {

  /** Settings key of the safety margin per device, in MiB. */
  public static final String MARGIN_SETTING = "gpu_safety_margin_mib";
  /** The default safety margin per device, in MiB. */
  public static final long DEFAULT_MARGIN_MIB = 1024;

  private final long safetyMarginMiB;

  public GpuPreflight(long safetyMarginMiB) {
    if (safetyMarginMiB < 0) {
      throw new IllegalArgumentException("the GPU safety margin cannot be negative: " + safetyMarginMiB);
    }
    this.safetyMarginMiB = safetyMarginMiB;
  }

  /** A preflight with the settings' margin ({@value #MARGIN_SETTING}), default {@value #DEFAULT_MARGIN_MIB}. */
  public static GpuPreflight fromSettings(Map<String, String> settings) {
    String margin = settings.getOrDefault(MARGIN_SETTING, "").strip();
    try {
      return new GpuPreflight(margin.isEmpty() ? DEFAULT_MARGIN_MIB : Long.parseLong(margin));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(MARGIN_SETTING + " must be a number of MiB, not '" + margin + "'", e);
    }
  }

  /** Decides for one new session needing {@code sessionMiB}, with {@code admitted} sessions already admitted. */
  public PreflightDecision decide(GpuSnapshot snapshot, long sessionMiB, List<AdmittedSession> admitted) {
    if (sessionMiB < 1) {
      throw new IllegalArgumentException("a session's memory estimate must be positive, not " + sessionMiB);
    }
    if (snapshot.devices().isEmpty()) {
      return new PreflightDecision(false, Math.max(1, admitted.size()), admitted.size(), sessionMiB, 0,
          "no GPU on this host");
    }
    List<DeviceRoom> rooms = rooms(snapshot, admitted);
    long additional = rooms.stream().mapToLong(d -> Math.max(0, d.headroomMiB()) / sessionMiB).sum();
    long largest = rooms.stream().mapToLong(DeviceRoom::headroomMiB).max().orElse(0);
    boolean fits = additional >= 1;
    int poolSize = (int) Math.max(1, admitted.size() + Math.min(additional, 1024));
    String reason = fits
        ? "fits: %d MiB needed, %d MiB headroom on the roomiest GPU; %d admitted + %d more fit -> gpu_pool %d"
            .formatted(sessionMiB, largest, admitted.size(), additional, poolSize)
        : "does not fit yet: %d MiB needed, %d MiB headroom on the roomiest GPU (after a %d MiB safety margin and "
            .formatted(sessionMiB, Math.max(0, largest), safetyMarginMiB)
            + "%d admitted session(s))".formatted(admitted.size());
    return new PreflightDecision(fits, poolSize, admitted.size(), sessionMiB, largest, reason);
  }

  /**
   * Each device's room: its free memory less the safety margin, less what admitted sessions reserved and do not use
   * yet (held on the device they were placed on, else the one their process is on, else the roomiest).
   */
  public List<DeviceRoom> rooms(GpuSnapshot snapshot, List<AdmittedSession> admitted) {
    Map<String, Long> headroom = new LinkedHashMap<>();
    for (GpuDevice device : snapshot.devices()) {
      headroom.put(key(device), device.freeMiB() - safetyMarginMiB);
    }
    for (AdmittedSession session : admitted) {
      long onGpu = session.container().map(snapshot::usedByContainer).orElse(0L);
      long outstanding = Math.max(0, session.estimateMiB() - onGpu);
      if (outstanding > 0) {
        String device = pinned(snapshot, session).or(() -> deviceOf(snapshot, session))
            .orElseGet(() -> roomiest(headroom));
        headroom.merge(device, -outstanding, Long::sum);
      }
    }
    return snapshot.devices().stream()
        .map(d -> new DeviceRoom(d.index(), d.totalMiB() - safetyMarginMiB, headroom.get(key(d))))
        .toList();
  }

  private static String key(GpuDevice d) {
    return d.uuid() + "#" + d.index();
  }

  private static Optional<String> pinned(GpuSnapshot snapshot, AdmittedSession session) {
    if (session.device().isEmpty()) {
      return Optional.empty();
    }
    int index = session.device().getAsInt();
    return snapshot.devices().stream().filter(d -> d.index() == index).findFirst().map(GpuPreflight::key);
  }

  private static Optional<String> deviceOf(GpuSnapshot snapshot, AdmittedSession session) {
    return session.container().flatMap(container -> snapshot.processesOf(container).stream()
        .map(GpuProcess::gpuUuid)
        .findFirst()
        .flatMap(uuid -> snapshot.devices().stream().filter(d -> d.uuid().equals(uuid)).findFirst())
        .map(GpuPreflight::key));
  }

  private static String roomiest(Map<String, Long> headroom) {
    return headroom.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }
}
