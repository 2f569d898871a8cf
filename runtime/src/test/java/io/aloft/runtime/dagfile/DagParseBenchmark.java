package io.aloft.runtime.dagfile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Prints DAG-parse timings (a program, not a test): cold = pool creation to the first file parsed (context
 * creation and the airflow import included), warm = re-evaluating the same 15-task file in a warm context
 * (p50/p90 over N runs), and CPython running the same file against the same airflow package, for comparison.
 *
 * <p>Run from {@code runtime/} after {@code mvn -pl runtime -am test-compile}: {@code java -cp
 * target/test-classes:target/classes:<dependencies> io.aloft.runtime.dagfile.DagParseBenchmark [runs]}.
 */
public final class DagParseBenchmark {

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    Path file = Path.of("src/test/resources/dagfiles/bench/fifteen_tasks.py").toAbsolutePath();
    Path python = PythonResources.locate(Path.of("target/aloft-cache"));
    long t0 = System.nanoTime();
    try (PythonContextPool pool = new PythonContextPool(List.of(python), 1, List.of())) {
      DagFileProcessor processor = new DagFileProcessor(pool, TestPython.registry(), Duration.ofSeconds(60));
      FileParseResult first = processor.parse(file);
      double cold = ms(System.nanoTime() - t0);
      if (!first.ok() || first.dags().getFirst().tasks().size() != 15) {
        throw new IllegalStateException("benchmark file did not parse to 15 tasks: " + first.error());
      }
      for (int i = 0; i < runs / 4; i++) {
        processor.parse(file); // warm-up: the Truffle interpreter's own Java code gets JIT-compiled by C2
      }
      var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      long cpu0 = os.getProcessCpuTime();
      double[] warm = new double[runs];
      for (int i = 0; i < runs; i++) {
        long t = System.nanoTime();
        processor.parse(file);
        warm[i] = ms(System.nanoTime() - t);
      }
      double cpuPerParse = ms(os.getProcessCpuTime() - cpu0) / runs;
      Arrays.sort(warm);
      double cpython = cpython(python, file, runs);
      System.out.println("| measurement | value |");
      System.out.println("| --- | --- |");
      System.out.printf("| cold: pool start to first 15-task file parsed (GraalPy, JVM %s) | %.0f ms |%n",
          Runtime.version().feature(), cold);
      System.out.printf("| warm re-evaluation p50 (%d runs) | %.1f ms |%n", runs, warm[runs / 2]);
      System.out.printf("| warm re-evaluation p90 | %.1f ms |%n", warm[runs * 9 / 10]);
      System.out.printf("| warm re-evaluation min | %.1f ms |%n", warm[0]);
      System.out.printf("| warm re-evaluation, process CPU per parse (all threads) | %.1f ms |%n", cpuPerParse);
      System.out.printf("| Truffle runtime | %s |%n", org.graalvm.polyglot.Engine.create().getImplementationName());
      System.out.printf("| CPython (python3) evaluate + serialize p50, same package | %s |%n",
          Double.isNaN(cpython) ? "n/a" : String.format("%.1f ms", cpython));
    }
  }

  private static double cpython(Path python, Path file, int runs) {
    String script = String.join("\n",
        "import sys, time",
        "sys.path.insert(0, sys.argv[1])",
        "from airflow.sdk import _serialize",
        "src = open(sys.argv[2]).read()",
        "times = []",
        "for i in range(int(sys.argv[3])):",
        "    t = time.perf_counter()",
        "    _serialize.evaluate(src, sys.argv[2], 'bench_module')",
        "    times.append((time.perf_counter() - t) * 1000)",
        "times.sort()",
        "print(times[len(times) // 2])");
    try {
      List<String> command = new ArrayList<>(List.of("python3", "-c", script, python.toString(), file.toString(),
          Integer.toString(runs)));
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      return p.waitFor() == 0 ? Double.parseDouble(out.lines().reduce((a, b) -> b).orElse("NaN")) : Double.NaN;
    } catch (Exception e) {
      return Double.NaN;
    }
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private DagParseBenchmark() {}

}
