package io.aloft.graphgrid.check;

import io.aloft.graphgrid.gpu.GpuDevice;
import io.aloft.graphgrid.gpu.GpuSnapshot;
import java.util.ArrayList;
import java.util.List;

/** Renders a {@link GpuCheckReport} as the text {@code aloft gpu check} prints. Pure. */
public final class GpuCheckFormatter {

  static final String INSTALL_TOOLKIT = "install the NVIDIA Container Toolkit "
      + "(https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/latest/install-guide.html), then run "
      + "`sudo nvidia-ctk runtime configure --runtime=docker && sudo systemctl restart docker`";

  private GpuCheckFormatter() {}

  public static String format(GpuCheckReport report) {
    StringBuilder out = new StringBuilder();
    out.append("GPU probe: ").append(report.probe()).append('\n');
    if (report.gpus().isPresent()) {
      GpuSnapshot snapshot = report.gpus().get();
      if (snapshot.devices().isEmpty()) {
        out.append("GPUs: none found\n");
      } else {
        out.append("Driver: ").append(snapshot.driverVersion().orElse("unknown")).append('\n');
        out.append("GPUs:\n");
        for (GpuDevice device : snapshot.devices()) {
          out.append("  [%d] %s: %,d MiB total, %,d MiB used, %,d MiB free, %d compute process(es)%n".formatted(
              device.index(), device.name(), device.totalMiB(), device.usedMiB(), device.freeMiB(),
              snapshot.processesOn(device).size()));
        }
      }
    } else {
      out.append("GPUs: unknown: ").append(report.gpuProblem().orElse("not read")).append('\n');
    }
    if (report.docker().isPresent()) {
      DockerRuntimes docker = report.docker().get();
      out.append("Docker: ").append(docker.serverVersion().isEmpty() ? "running" : docker.serverVersion())
          .append(", runtimes ").append(docker.names().isEmpty() ? "(none listed)" : String.join(", ", docker.names()))
          .append(docker.defaultRuntime().isEmpty() ? "" : " (default " + docker.defaultRuntime() + ")").append('\n');
      out.append("NVIDIA container runtime: ").append(docker.hasNvidia() ? "yes" : "no").append('\n');
    } else {
      out.append("Docker: unknown: ").append(report.dockerProblem().orElse("not asked")).append('\n');
    }
    out.append('\n');
    if (report.gpuTrainingPossible()) {
      out.append(report.simulated()
          ? "Result: GPU training can run here on the SIMULATED GPU (containers run without a device request).\n"
          : "Result: GPU training can run here.\n");
    } else {
      out.append("Result: GPU training cannot run here; CPU training still can.\n");
      out.append("To fix:\n");
      for (String fix : fixes(report)) {
        out.append("  - ").append(fix).append('\n');
      }
    }
    return out.toString();
  }

  private static List<String> fixes(GpuCheckReport report) {
    List<String> fixes = new ArrayList<>();
    if (report.gpus().isEmpty()) {
      fixes.add(report.gpuProblem().orElse("make the GPUs readable"));
    } else if (!report.hasGpu()) {
      fixes.add("no GPU is visible to the driver: check `nvidia-smi -L` and that the card is seated and powered"
          + (report.simulated() ? " (or give the simulated GPU devices: ALOFT_GPU_SIMULATED=1x24576)" : ""));
    }
    if (!report.simulated()) {
      if (report.docker().isEmpty()) {
        fixes.add(report.dockerProblem().orElse("start Docker"));
      } else if (!report.docker().get().hasNvidia()) {
        fixes.add("Docker has no NVIDIA runtime: " + INSTALL_TOOLKIT);
      }
    }
    if (!report.simulated()) {
      fixes.add("to try the GPU path without a GPU, set ALOFT_GPU=simulated");
    }
    return fixes;
  }
}
