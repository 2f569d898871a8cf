package io.aloft.runtime.dagfile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.SpecJson;
import io.aloft.runtime.python.TestPython;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The DAG-file corpus: every {@code valid/*.py} parses to its golden {@code *.json} (regenerate with
 * {@code -Daloft.updateGolden=true}), every {@code invalid/*.py} fails with the line and message its header
 * comments expect ({@code # expect-line:}, {@code # expect-message:}, {@code # expect-timeout}).
 */
class DagFileCorpusTest {

  private static final boolean UPDATE = Boolean.getBoolean("aloft.updateGolden");
  private static final Pattern LINE = Pattern.compile("^# expect-line: (\\d+)$", Pattern.MULTILINE);
  private static final Pattern MESSAGE = Pattern.compile("^# expect-message: (.+)$", Pattern.MULTILINE);

  @TestFactory
  Stream<DynamicTest> validFilesMatchTheirGoldenSpecs() throws IOException {
    DagFileProcessor processor = TestDagFiles.processor(Duration.ofSeconds(60));
    return files("valid").map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
      FileParseResult result = processor.parse(file);
      assertThat(result.error()).as("import error").isEmpty();
      assertThat(result.dags()).isNotEmpty();
      assertThat(result.fileHash()).hasSize(64);
      String actual = normalized(result.dags());
      Path golden = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.py$", ".json"));
      if (UPDATE || !Files.exists(golden)) {
        Files.writeString(golden, actual);
      }
      assertThat(actual).isEqualTo(Files.readString(golden));
      for (DagSpec dag : result.dags()) {
        assertThat(dag.fileloc()).isEqualTo(file.toString());
        assertThat(dag.tasks()).allSatisfy(t -> assertThat(t.lineno()).isPositive());
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> invalidFilesReportTheirImportError() throws IOException {
    DagFileProcessor processor = TestDagFiles.processor(Duration.ofSeconds(60));
    DagFileProcessor impatient = TestDagFiles.processor(Duration.ofSeconds(3));
    return files("invalid").map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
      String source = Files.readString(file);
      boolean loops = source.contains("# expect-timeout");
      FileParseResult result = (loops ? impatient : processor).parse(file);
      assertThat(result.dags()).isEmpty();
      assertThat(result.error()).as("import error").isPresent();
      ImportErrorInfo error = result.error().get();
      assertThat(error.filename()).isEqualTo(file.toString());
      Matcher message = MESSAGE.matcher(source);
      assertThat(message.find()).as("# expect-message header").isTrue();
      assertThat(error.message() + "\n" + error.stacktrace()).contains(message.group(1));
      Matcher line = LINE.matcher(source);
      if (line.find()) {
        assertThat(error.lineno()).isEqualTo(Integer.valueOf(line.group(1)));
      }
    }));
  }

  /** The specs as golden JSON: fileloc reduced to the file name, so goldens do not depend on the checkout. */
  static String normalized(List<DagSpec> dags) throws IOException {
    ArrayNode list = SpecJson.mapper().createArrayNode();
    for (DagSpec dag : dags) {
      JsonNode node = SpecJson.mapper().readTree(SpecJson.write(dag));
      ((ObjectNode) node).put("fileloc", Path.of(dag.fileloc()).getFileName().toString());
      list.add(node);
    }
    return SpecJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(list) + "\n";
  }

  private static Stream<Path> files(String folder) throws IOException {
    try (Stream<Path> s = Files.list(TestPython.CORPUS.resolve(folder))) {
      return s.filter(p -> p.toString().endsWith(".py")).sorted().toList().stream();
    }
  }
}
