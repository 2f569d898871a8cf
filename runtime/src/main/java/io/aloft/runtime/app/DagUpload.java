package io.aloft.runtime.app;

import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.dagfile.DagFileProcessor;
import io.aloft.runtime.dagfile.FileParseResult;
import io.aloft.runtime.dagfile.ImportErrorInfo;
import io.aloft.runtime.python.PythonHost;
import io.aloft.runtime.python.worker.PythonWorkers;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.store.DagRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.commons.io.FileUtils;

/**
 * Uploading a DAG file (GraphGrid's {@code graphgrid airflow upload}): accepts a single Python DAG file only after it
 * parses cleanly, the way the daemon will parse it (installed plugins included) but alone in an empty folder, so that
 * it may not import local modules, and only then moves it into the DAGs folder atomically (written beside its final
 * name, then renamed). Anything else is refused with the reason, and the DAGs folder is left as it was. Each upload
 * parses in its own Python worker process (as the daemon's files do), stopped afterwards.
 */
public final class DagUpload {

  /** What an accepted upload did. */
  public record Uploaded(Path source, Path target, List<String> dagIds) {}

  private final AloftConfig config;

  DagUpload(AloftConfig config) {
    this.config = config;
  }

  Uploaded upload(Path file, Function<String, Optional<DagRow>> existingDag) throws IOException {
    Path source = file.toAbsolutePath().normalize();
    byte[] content = readChecked(source);
    Path target = config.dagsFolder().resolve(source.getFileName().toString());
    List<DagSpec> dags = parse(target, content);
    checkDagIdsFree(dags, target, existingDag);
    Files.createDirectories(config.dagsFolder());
    Path partial = config.dagsFolder().resolve("." + source.getFileName() + ".uploading");
    Files.write(partial, content);
    try {
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(partial);
      throw new IllegalArgumentException(
          "the DAGs folder " + config.dagsFolder() + " cannot rename files atomically: " + e.getMessage());
    }
    return new Uploaded(source, target, dags.stream().map(DagSpec::dagId).toList());
  }

  private static byte[] readChecked(Path source) throws IOException {
    if (!Files.isRegularFile(source)) {
      throw new IllegalArgumentException("refused: " + source + " is not a file");
    }
    if (source.getFileName().toString().startsWith(".")) {
      throw new IllegalArgumentException("refused: " + source.getFileName() + " starts with '.', and the daemon skips"
          + " hidden files in the DAGs folder: rename it without the leading dot");
    }
    if (!source.getFileName().toString().endsWith(".py")) {
      throw new IllegalArgumentException(
          "refused: " + source.getFileName() + " is not a Python file (.py): a DAG is a single .py file");
    }
    byte[] content = Files.readAllBytes(source);
    if (!DagFileProcessor.mightBeDagFile(new String(content, StandardCharsets.UTF_8))) {
      throw new IllegalArgumentException("refused: " + source.getFileName() + " does not mention both 'airflow' and"
          + " 'dag', so the daemon would never read it as a DAG file");
    }
    return content;
  }

  /** Parses the file as the daemon would, in a throwaway Python pool, and returns its DAGs. */
  private List<DagSpec> parse(Path target, byte[] content) throws IOException {
    Path shims = Files.createTempDirectory("aloft-upload-");
    // One Python worker is enough for one file: the same isolated path as the daemon's, so that a file that kills
    // its process, exhausts its memory or hangs is refused with the reason instead of taking this process along.
    AloftConfig oneContext = config.withPythonContexts(1);
    try (LoadedOperators operators = LoadedOperators.load(config, shims, () -> io.aloft.runtime.execution.builtin.CrossDagRuns.NONE);
         PythonHost pool = PythonWorkers.start(oneContext, operators.plugins().pythonShimFolders())) {
      // Parsed as if alone in an empty folder: DAG files import modules next to them, and an uploaded file must not
      // lean on any (neither beside its source nor already in the DAGs folder).
      Path alone = Files.createDirectories(shims.resolve("alone")).resolve(target.getFileName());
      FileParseResult result =
          new DagFileProcessor(pool, operators.registry(), config.dagImportTimeout()).parse(alone, content);
      Optional<ImportErrorInfo> error = result.error();
      if (error.isPresent()) {
        ImportErrorInfo e = error.get();
        throw new IllegalArgumentException("refused: " + target.getFileName() + (e.lineno() == null ? "" : ":" + e.lineno())
            + ": " + e.message() + " (a DAG file must be a single Python file whose imports resolve without local modules)");
      }
      if (result.dags().isEmpty()) {
        throw new IllegalArgumentException("refused: " + target.getFileName() + " parses but defines no DAG");
      }
      return result.dags();
    } finally {
      FileUtils.deleteQuietly(shims.toFile());
    }
  }

  /** A dag_id already defined by another file would make two files fight over one DAG. */
  private static void checkDagIdsFree(List<DagSpec> dags, Path target, Function<String, Optional<DagRow>> existingDag) {
    for (DagSpec dag : dags) {
      Optional<DagRow> existing = existingDag.apply(dag.dagId());
      if (existing.isPresent() && existing.get().isActive()
          && !Path.of(existing.get().fileloc()).toAbsolutePath().normalize().equals(target.toAbsolutePath().normalize())) {
        throw new IllegalArgumentException("refused: DAG '" + dag.dagId() + "' is already defined by "
            + existing.get().fileloc() + ": rename the dag_id or upload the file under that name");
      }
    }
  }
}
