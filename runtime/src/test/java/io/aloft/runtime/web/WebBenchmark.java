package io.aloft.runtime.web;

import io.aloft.runtime.bench.ApiBenchmark;

/**
 * {@link ApiBenchmark}'s figures over a fresh test database, with {@code --pool} over a HikariCP pool
 * instead of {@code Database}'s connection per handle, to show what a pool changes. Run with:
 *
 * <pre>
 * mvn -q -pl runtime -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
 * cd runtime; java -cp target/classes:target/test-classes:$(cat target/cp.txt) io.aloft.runtime.web.WebBenchmark [seconds] [--pool]
 * </pre>
 */
public final class WebBenchmark {

  private WebBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : 10;
    boolean pooled = java.util.Arrays.asList(args).contains("--pool");
    System.out.println(pooled ? "stores over a HikariCP pool (16 connections)" : "stores over Database (a new connection per handle)");
    try (TestWebServer web = new TestWebServer(null, pooled)) {
      ApiBenchmark.run(web.url(""), web.stores, web.trigger, seconds);
    }
    System.exit(0);
  }
}
