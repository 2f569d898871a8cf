package io.aloft.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.Main;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The DAG-authoring compatibility corpus ({@code dagfiles/authoring/*.py}), each file run end to end as a user
 * runs it: {@code aloft dags test <dag_id>} (GraalPy parsing, the scheduler, Java and Python tasks, embedded
 * PostgreSQL). A file's header says what must happen: {@code # expect-run: success|failed}, one
 * {@code # expect-state: <task id> <state>} per task to check, and {@code # expect-log: <task id>: <text>} for
 * text its log must contain; {@code # setting: ALOFT_X=value} configures the run. The DAG id is the file's name.
 */
class AuthoringCorpusIT {

  private static final Path CORPUS = Path.of("src/test/resources/dagfiles/authoring").toAbsolutePath();
  private static final Pattern RUN = Pattern.compile("^# expect-run: (\\w+)$", Pattern.MULTILINE);
  private static final Pattern STATE = Pattern.compile("^# expect-state: (\\S+) (\\w+)$", Pattern.MULTILINE);
  private static final Pattern LOG = Pattern.compile("^# expect-log: (\\S+): (.+)$", Pattern.MULTILINE);
  private static final Pattern SETTING = Pattern.compile("^# setting: (ALOFT_\\w+)=(.+)$", Pattern.MULTILINE);
  private static final Pattern REPORT = Pattern.compile("^--- (\\S+): (\\w+)", Pattern.MULTILINE);

  @TestFactory
  Stream<DynamicTest> everyFileEndsAsItsHeaderSays() throws IOException {
    try (Stream<Path> files = Files.list(CORPUS)) {
      // Files' names, without .py and separated by commas, to run only them.
      java.util.Set<String> only = java.util.Arrays.stream(System.getProperty("aloft.corpus", "").split(","))
          .map(String::strip).filter(n -> !n.isEmpty()).map(n -> n + ".py").collect(java.util.stream.Collectors.toSet());
      return files.filter(p -> p.toString().endsWith(".py"))
          .filter(p -> only.isEmpty() || only.contains(p.getFileName().toString())).sorted().toList().stream()
          .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> check(file)));
    }
  }

  private static void check(Path file) throws Exception {
    String source = Files.readString(file);
    String dagId = file.getFileName().toString().replaceFirst("\\.py$", "");
    Path home = Files.createTempDirectory("aloft-authoring-");
    Path dags = Files.createDirectories(home.resolve("dags"));
    Files.copy(file, dags.resolve(file.getFileName()));
    Map<String, String> env = new LinkedHashMap<>(
        Map.of("ALOFT_HOME", home.toString(), "ALOFT_DAGS_FOLDER", dags.toString(), "ALOFT_PYTHON_CONTEXTS", "1"));
    Matcher setting = SETTING.matcher(source);
    while (setting.find()) {
      env.put(setting.group(1), setting.group(2));
    }
    AloftConfig config = ConfigLoader.load(env, home, home);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(config, new String[] {"dags", "test", dagId}, new PrintWriter(out, true), new PrintWriter(err, true));
    String printed = out + "\n" + err;
    System.out.println(printed);

    Matcher run = RUN.matcher(source);
    assertThat(run.find()).as("# expect-run header in " + file).isTrue();
    assertThat(printed).as(printed).contains("Run ").contains("of " + dagId + ": " + run.group(1));
    assertThat(code).as(printed).isEqualTo("success".equals(run.group(1)) ? 0 : 1);

    Map<String, String> states = new LinkedHashMap<>();
    Matcher report = REPORT.matcher(out.toString());
    while (report.find()) {
      states.put(report.group(1), report.group(2));
    }
    Matcher expected = STATE.matcher(source);
    while (expected.find()) {
      assertThat(states).as(printed).containsEntry(expected.group(1), expected.group(2));
    }
    Matcher log = LOG.matcher(source);
    while (log.find()) {
      assertThat(logOf(out.toString(), log.group(1))).as(printed).contains(log.group(2));
    }
  }

  /** The indented log lines `dags test` printed under the task's last report. */
  private static String logOf(String printed, String taskId) {
    int at = printed.lastIndexOf("--- " + taskId + ":");
    if (at < 0) {
      return "";
    }
    int end = printed.indexOf("\n--- ", at + 4);
    return printed.substring(at, end < 0 ? printed.length() : end);
  }
}
