package io.aloft.graphgrid.check;

import io.aloft.graphgrid.gpu.CommandRunner;
import io.aloft.graphgrid.gpu.GpuProbes;
import io.aloft.sdk.Operator;
import io.aloft.sdk.TaskContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The compatibility check as an operator, so that the runtime's {@code aloft gpu check} (and a DAG, if it wants) can
 * run it through the plugin SPI without depending on this plugin: returns {@code ok} (whether GPU training can run
 * here) and {@code report} (the text {@link GpuCheckFormatter} writes). The probe follows the settings
 * ({@code ALOFT_GPU=simulated} checks the simulated GPU).
 */
public final class GpuCheckOperator implements Operator {

  @Override
  public Object execute(TaskContext ctx) {
    GpuCheckReport report =
        new GpuCheck(GpuProbes.fromSettings(ctx.settings()), DockerInfoSource.cli(CommandRunner.system())).run();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ok", report.gpuTrainingPossible());
    out.put("report", GpuCheckFormatter.format(report));
    return out;
  }
}
