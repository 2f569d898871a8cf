package io.aloft.graphgrid.docker;

import io.aloft.graphgrid.peaks.Reservation;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a training container died of GPU out-of-memory, and what to do then. Pure code.
 *
 * <p>A GPU OOM is a non-zero exit whose output carries a CUDA allocator's message (PyTorch's "CUDA out of memory",
 * TensorFlow's "RESOURCE_EXHAUSTED: OOM when allocating", the driver's {@code CUDA_ERROR_OUT_OF_MEMORY}, the runtime's
 * {@code cudaErrorMemoryAllocation}). A kill by the kernel (137) without such a message is host memory, not the GPU's:
 * a bigger GPU reservation would not help it. The retry rule: retry with the raised reservation while it is larger
 * than the one that failed, fits on the device at all, and fewer than {@code maxRetries} retries were made; else give
 * up with a message that says what to change. Never a loop: the count bounds it.
 */
public final class GpuOutOfMemory {

  /** Settings key of the retries after GPU out-of-memory (default 2). */
  public static final String RETRIES_SETTING = "gpu_oom_retries";
  public static final int DEFAULT_RETRIES = 2;

  private static final Pattern CUDA_OOM = Pattern.compile("(?i)CUDA out of memory|CUDA_ERROR_OUT_OF_MEMORY"
      + "|RESOURCE_EXHAUSTED:? OOM|cudaErrorMemoryAllocation|OutOfMemoryError: CUDA|CUBLAS_STATUS_ALLOC_FAILED");
  private static final Pattern EXIT_CODE = Pattern.compile("exit code (-?\\d+)");

  private GpuOutOfMemory() {}

  /** The line that shows a GPU out-of-memory death, when the exit code and the output say so. */
  public static Optional<String> evidence(int exitCode, List<String> output) {
    if (exitCode == 0) {
      return Optional.empty();
    }
    return output.stream().filter(line -> CUDA_OOM.matcher(line).find()).findFirst().map(String::strip);
  }

  /** The exit code a failed Docker task's message names ({@code "... exit code 1 ..."}), if any. */
  public static Optional<Integer> exitCode(String failure) {
    Matcher m = EXIT_CODE.matcher(String.valueOf(failure));
    return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
  }

  /** What follows an out-of-memory death. */
  public sealed interface Next permits Retry, GiveUp {}

  /** Run again reserving {@code mib}. */
  public record Retry(long mib, int retry, String logLine) implements Next {}

  /** Stop; the message is the task's failure. */
  public record GiveUp(String message) implements Next {}

  /**
   * The rule after the {@code ooms}-th out-of-memory death (1 for the first) of a session that had {@code failedMiB}.
   *
   * @param raised the estimator's reservation now that the OOM is recorded
   * @param deviceCapacityMiB the most one session can reserve on its device
   */
  public static Next after(String model, int ooms, long failedMiB, Reservation raised, long deviceCapacityMiB,
                           int maxRetries) {
    String fix = "raise its estimate (gpu_memory_estimates=" + model + "=MiB), use a GPU with more memory, or train on"
        + " CPU (\"gpu\": false)";
    if (ooms > maxRetries) {
      return new GiveUp("GPU out of memory %d times (last with %d MiB reserved): gave up after %d retries (%s); %s"
          .formatted(ooms, failedMiB, maxRetries, RETRIES_SETTING, fix));
    }
    if (raised.mib() <= failedMiB) {
      return new GiveUp("GPU out of memory with %d MiB reserved, and the estimate would not reserve more (%s); %s"
          .formatted(failedMiB, raised.explanation(), fix));
    }
    if (raised.mib() > deviceCapacityMiB) {
      return new GiveUp("GPU out of memory with %d MiB reserved; it needs more than the %d MiB one device can give; %s"
          .formatted(failedMiB, deviceCapacityMiB, fix));
    }
    return new Retry(raised.mib(), ooms, "GPU out of memory with %d MiB reserved: recorded; retry %d of %d reserving %d MiB (%s)"
        .formatted(failedMiB, ooms, maxRetries, raised.mib(), raised.explanation()));
  }
}
