package io.aloft.graphgrid.gpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Parses nvidia-smi's CSV ({@code --format=csv,noheader,nounits}). Pure: recorded output in, records out.
 *
 * <p>Device lines are {@code index, name, memory.total, memory.used, memory.free, driver_version[, uuid]};
 * the name is taken as everything between the first field and the fixed trailing ones, so a product name
 * with a comma still parses. Values nvidia-smi cannot report ({@code [N/A]}, {@code [Not Supported]}) read
 * as 0.
 */
final class NvidiaSmiOutput {

  static final String NO_DEVICES = "No devices were found";

  private NvidiaSmiOutput() {}

  static List<GpuDevice> devices(String csv) {
    List<GpuDevice> devices = new ArrayList<>();
    for (String line : lines(csv)) {
      if (line.startsWith(NO_DEVICES)) {
        return List.of();
      }
      String[] fields = fields(line);
      boolean withUuid = fields.length >= 7 && fields[fields.length - 1].startsWith("GPU-");
      int trailing = withUuid ? 5 : 4;
      if (fields.length < trailing + 2) {
        throw new IllegalArgumentException("unexpected nvidia-smi device line: " + line);
      }
      int last = fields.length - 1;
      String uuid = withUuid ? fields[last--] : "";
      String driver = fields[last--];
      long free = mib(fields[last--]);
      long used = mib(fields[last--]);
      long total = mib(fields[last--]);
      String name = String.join(", ", Arrays.copyOfRange(fields, 1, last + 1));
      devices.add(new GpuDevice(Integer.parseInt(fields[0]), name, uuid, total, used, free, driver));
    }
    return List.copyOf(devices);
  }

  static List<GpuProcess> processes(String csv, LongFunction<Optional<String>> containerOfPid) {
    List<GpuProcess> processes = new ArrayList<>();
    for (String line : lines(csv)) {
      if (line.startsWith("No running processes found") || line.startsWith(NO_DEVICES)) {
        continue;
      }
      String[] fields = fields(line);
      if (fields.length != 3) {
        throw new IllegalArgumentException("unexpected nvidia-smi process line: " + line);
      }
      long pid = Long.parseLong(fields[0]);
      processes.add(new GpuProcess(pid, mib(fields[1]), fields[2], containerOfPid.apply(pid)));
    }
    return List.copyOf(processes);
  }

  private static List<String> lines(String csv) {
    return csv.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  private static String[] fields(String line) {
    return Arrays.stream(line.split(",")).map(String::strip).toArray(String[]::new);
  }

  private static long mib(String value) {
    return value.startsWith("[") ? 0 : Long.parseLong(value);
  }
}
