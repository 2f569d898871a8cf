package io.aloft.graphgrid.gpu;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Reads a real host's GPUs with two nvidia-smi queries: devices ({@code --query-gpu}) and compute processes
 * ({@code --query-compute-apps}), mapping each process to its container through {@code /proc/<pid>/cgroup}.
 * Thread-safe (stateless); each snapshot runs nvidia-smi twice, which takes some 50-200 ms.
 */
public final class NvidiaSmiProbe implements GpuProbe {

  static final List<String> QUERY_GPUS = List.of("nvidia-smi",
      "--query-gpu=index,name,memory.total,memory.used,memory.free,driver_version,uuid",
      "--format=csv,noheader,nounits");
  static final List<String> QUERY_APPS = List.of("nvidia-smi",
      "--query-compute-apps=pid,used_memory,gpu_uuid", "--format=csv,noheader,nounits");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String NO_NVIDIA_SMI = "nvidia-smi was not found: this host has no NVIDIA driver "
      + "installed (install the driver for your GPU, then check with `nvidia-smi`), "
      + "or set ALOFT_GPU=simulated to use a simulated GPU";

  private final CommandRunner runner;
  private final LongFunction<Optional<String>> containerOfPid;

  /** A probe running the real nvidia-smi, resolving containers through {@code /proc}. */
  public NvidiaSmiProbe() {
    this(CommandRunner.system(), ContainerOfPid.procfs(Path.of("/proc")));
  }

  NvidiaSmiProbe(CommandRunner runner, LongFunction<Optional<String>> containerOfPid) {
    this.runner = runner;
    this.containerOfPid = containerOfPid;
  }

  @Override
  public GpuSnapshot snapshot() throws GpuUnavailableException {
    CommandRunner.Result gpus = query(QUERY_GPUS);
    if (gpus.stdout().contains(NvidiaSmiOutput.NO_DEVICES)) {
      return GpuSnapshot.empty();
    }
    if (gpus.exitCode() != 0) {
      throw failed(gpus);
    }
    List<GpuDevice> devices = NvidiaSmiOutput.devices(gpus.stdout());
    if (devices.isEmpty()) {
      return GpuSnapshot.empty();
    }
    CommandRunner.Result apps = query(QUERY_APPS);
    if (apps.exitCode() != 0) {
      throw failed(apps);
    }
    return new GpuSnapshot(devices, NvidiaSmiOutput.processes(apps.stdout(), containerOfPid));
  }

  @Override
  public String describe() {
    return "nvidia-smi";
  }

  private CommandRunner.Result query(List<String> command) throws GpuUnavailableException {
    try {
      return runner.run(command, TIMEOUT);
    } catch (IOException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("error=2") || message.contains("No such file")) {
        throw new GpuUnavailableException(NO_NVIDIA_SMI, e);
      }
      throw new GpuUnavailableException("nvidia-smi could not be run: " + message, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GpuUnavailableException("interrupted while running nvidia-smi", e);
    }
  }

  private static GpuUnavailableException failed(CommandRunner.Result result) {
    String said = (result.stdout() + " " + result.stderr()).strip();
    return new GpuUnavailableException("nvidia-smi failed (exit " + result.exitCode() + "): " + said
        + (said.contains("driver") ? " (is the NVIDIA kernel driver loaded? `sudo modprobe nvidia`, or reboot after "
        + "installing it)" : ""));
  }
}
