package io.aloft.graphgrid.check;

import io.aloft.graphgrid.gpu.GpuDevice;
import io.aloft.graphgrid.gpu.GpuProbe;
import io.aloft.graphgrid.gpu.GpuProcess;
import io.aloft.graphgrid.gpu.GpuSnapshot;
import io.aloft.graphgrid.gpu.GpuUnavailableException;
import io.aloft.graphgrid.gpu.NvidiaSmiProbe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The device check's Java half ({@code scripts/gpu-device-check run}): reads the real GPU through the same
 * {@link NvidiaSmiProbe} the preflight and the peak sampler use, for {@code seconds} every {@code millis}, and prints
 * the devices, every per-process reading and each process's first, peak and last reading as {@code key=value} lines
 * the script compares with what PyTorch reported. Needs only {@code java.base}, so a jlink'd JRE runs it.
 *
 * <p>Usage: {@code ProbeCheck [seconds=20] [millis=250]}. Exit 0 when the probe could be read throughout, 2 when it
 * could not (the message says why: no nvidia-smi, no driver, output it cannot parse).
 */
public final class ProbeCheck {

  private ProbeCheck() {}

  /** One process's readings over the check. */
  private record Seen(long pid, String gpu, String container, long first, long peak, long last, int readings) {
    Seen with(long mib) {
      return new Seen(pid, gpu, container, first, Math.max(peak, mib), mib, readings + 1);
    }
  }

  public static void main(String[] args) throws InterruptedException {
    Duration length = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 20);
    Duration every = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 250);
    GpuProbe probe = new NvidiaSmiProbe();
    GpuSnapshot first;
    try {
      first = probe.snapshot();
    } catch (GpuUnavailableException | RuntimeException e) {
      System.out.println("FAIL probe: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (first.devices().isEmpty()) {
      System.out.println("FAIL probe: nvidia-smi runs but reports no GPU");
      System.exit(2);
    }
    for (GpuDevice d : first.devices()) {
      System.out.printf("device index=%d total=%d used=%d free=%d driver=%s uuid=%s name=%s%n", d.index(), d.totalMiB(),
          d.usedMiB(), d.freeMiB(), d.driverVersion(), d.uuid(), d.name());
    }
    Map<Long, Seen> seen = new LinkedHashMap<>();
    long start = System.nanoTime();
    long deadline = start + length.toNanos();
    int snapshots = 0;
    long slowest = 0;
    long peakDeviceUsed = 0;
    while (System.nanoTime() < deadline) {
      long before = System.nanoTime();
      GpuSnapshot now;
      try {
        now = probe.snapshot();
      } catch (GpuUnavailableException | RuntimeException e) {
        System.out.println("FAIL probe: stopped reading mid-check: " + e.getMessage());
        System.exit(2);
        return;
      }
      long took = (System.nanoTime() - before) / 1_000_000;
      slowest = Math.max(slowest, took);
      snapshots++;
      peakDeviceUsed = Math.max(peakDeviceUsed, now.devices().stream().mapToLong(GpuDevice::usedMiB).sum());
      double t = (before - start) / 1e9;
      for (GpuProcess p : now.processes()) {
        System.out.printf("reading t=%.2f pid=%d mib=%d gpu=%s container=%s%n", t, p.pid(), p.usedMiB(), p.gpuUuid(),
            p.container().orElse("-"));
        seen.merge(p.pid(), new Seen(p.pid(), p.gpuUuid(), p.container().orElse("-"), p.usedMiB(), p.usedMiB(),
            p.usedMiB(), 1), (old, fresh) -> old.with(fresh.last()));
      }
      Thread.sleep(Math.max(0, every.toMillis() - took));
    }
    for (Seen s : seen.values()) {
      System.out.printf("process pid=%d first=%d peak=%d last=%d readings=%d gpu=%s container=%s%n", s.pid(), s.first(),
          s.peak(), s.last(), s.readings(), s.gpu(), s.container());
    }
    System.out.printf("probe snapshots=%d slowest_ms=%d processes=%d peak_device_used=%d%n", snapshots, slowest,
        seen.size(), peakDeviceUsed);
  }
}
