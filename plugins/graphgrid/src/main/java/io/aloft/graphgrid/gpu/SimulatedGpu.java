package io.aloft.graphgrid.gpu;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * GPUs modelled in memory, for tests, the admission simulator and demos on machines without one. Training sessions
 * occupy memory from {@link #allocate} (or {@link #allocateOn} a given device) until {@link #release}, and may grow
 * or shrink it with {@link #resize}, as a session warming up does; the snapshot reports each session as a process
 * with its current memory, as nvidia-smi's per-process readings do. An allocation or growth that does not fit on its
 * device is refused: that is the simulated GPU's out-of-memory, and a simulated GPU is never over-committed.
 *
 * <p>Thread-safe: every method holds the instance lock, so concurrent sessions see a consistent state.
 *
 * <pre>{@code
 * SimulatedGpu gpu = SimulatedGpu.parse("1x24576");   // one device of 24 GiB
 * gpu.allocate("run-1/train_model_gpu", 8192);        // Optional[Allocation[device 0]]
 * gpu.snapshot().devices().getFirst().freeMiB();      // 16384
 * gpu.release("run-1/train_model_gpu");
 * }</pre>
 */
public final class SimulatedGpu implements GpuProbe {

  /** The driver version simulated devices report. */
  public static final String DRIVER = "simulated";
  private static final long FIRST_PID = 40_000;

  private final List<Long> capacities;
  private final String spec;
  private final Map<String, Allocation> allocations = new LinkedHashMap<>();
  private long nextPid = FIRST_PID;

  /** A session's hold on one device. */
  public record Allocation(String owner, int deviceIndex, long mib, long pid) {}

  private SimulatedGpu(List<Long> capacities, String spec) {
    this.capacities = List.copyOf(capacities);
    this.spec = spec;
  }

  /**
   * GPUs from a spec such as {@code 1x24576} (one device of 24576 MiB) or {@code 2x16384,1x8192}.
   *
   * @throws IllegalArgumentException naming the expected form when the spec is malformed
   */
  public static SimulatedGpu parse(String spec) {
    List<Long> capacities = new ArrayList<>();
    try {
      for (String group : spec.strip().split("\\s*,\\s*")) {
        String[] parts = group.split("x", 2);
        int count = Integer.parseInt(parts[0]);
        long mib = Long.parseLong(parts[1]);
        if (count < 1 || count > 64 || mib < 1) {
          throw new IllegalArgumentException("out of range");
        }
        for (int i = 0; i < count; i++) {
          capacities.add(mib);
        }
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("simulated GPU spec '" + spec
          + "' is not of the form COUNTxMiB[,COUNTxMiB...], e.g. ALOFT_GPU_SIMULATED=1x24576", e);
    }
    return new SimulatedGpu(capacities, spec.strip());
  }

  /**
   * Occupies {@code mib} on the device with the least free memory that still fits it (best fit, which keeps
   * room for large sessions). Allocating again for the same owner returns its existing allocation.
   *
   * @return the allocation, or empty when no device has {@code mib} free: the request is refused
   */
  public synchronized Optional<Allocation> allocate(String owner, long mib) {
    if (mib < 1) {
      throw new IllegalArgumentException("a session must declare a positive memory need, not " + mib);
    }
    Allocation existing = allocations.get(owner);
    if (existing != null) {
      return Optional.of(existing);
    }
    Optional<Integer> device = IntStream.range(0, capacities.size()).boxed()
        .filter(i -> free(i) >= mib)
        .min(Comparator.comparingLong(this::free));
    return device.map(index -> {
      Allocation allocation = new Allocation(owner, index, mib, nextPid++);
      allocations.put(owner, allocation);
      return allocation;
    });
  }

  /**
   * Occupies {@code mib} on one device (a container pinned to it with {@code device_ids}).
   *
   * @return the allocation, or empty when that device has not {@code mib} free (out of memory)
   */
  public synchronized Optional<Allocation> allocateOn(String owner, int deviceIndex, long mib) {
    if (mib < 0 || deviceIndex < 0 || deviceIndex >= capacities.size()) {
      throw new IllegalArgumentException("no simulated device " + deviceIndex + " or negative memory " + mib);
    }
    Allocation existing = allocations.get(owner);
    if (existing != null) {
      return Optional.of(existing);
    }
    if (free(deviceIndex) < mib) {
      return Optional.empty();
    }
    Allocation allocation = new Allocation(owner, deviceIndex, mib, nextPid++);
    allocations.put(owner, allocation);
    return Optional.of(allocation);
  }

  /**
   * Sets what an owner holds to {@code mib} on its device, as a session allocating more (or freeing some) does.
   *
   * @return false when the growth does not fit on the device: the session ran out of GPU memory, and keeps what it
   *     held; also false for an owner that holds nothing
   */
  public synchronized boolean resize(String owner, long mib) {
    Allocation a = allocations.get(owner);
    if (a == null || mib < 0) {
      return false;
    }
    if (mib > a.mib() && free(a.deviceIndex()) < mib - a.mib()) {
      return false;
    }
    allocations.put(owner, new Allocation(owner, a.deviceIndex(), mib, a.pid()));
    return true;
  }

  /** The number of devices. */
  public int deviceCount() {
    return capacities.size();
  }

  /** Frees an owner's memory; true when it held some. */
  public synchronized boolean release(String owner) {
    return allocations.remove(owner) != null;
  }

  /** The current allocations, oldest first. */
  public synchronized List<Allocation> allocations() {
    return List.copyOf(allocations.values());
  }

  @Override
  public synchronized GpuSnapshot snapshot() {
    List<GpuDevice> devices = new ArrayList<>();
    for (int i = 0; i < capacities.size(); i++) {
      long total = capacities.get(i);
      devices.add(new GpuDevice(i, "Simulated GPU " + total + " MiB", uuid(i), total, total - free(i), free(i),
          DRIVER));
    }
    List<GpuProcess> processes = allocations.values().stream()
        .map(a -> new GpuProcess(a.pid(), a.mib(), uuid(a.deviceIndex()), Optional.of(a.owner())))
        .toList();
    return new GpuSnapshot(devices, processes);
  }

  @Override
  public String describe() {
    return "simulated " + spec + " MiB";
  }

  private long free(int device) {
    long used = allocations.values().stream().filter(a -> a.deviceIndex() == device).mapToLong(Allocation::mib).sum();
    return capacities.get(device) - used;
  }

  private static String uuid(int device) {
    return "GPU-simulated-%04d".formatted(device);
  }
}
