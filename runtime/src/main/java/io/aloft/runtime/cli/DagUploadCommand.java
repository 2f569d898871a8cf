package io.aloft.runtime.cli;

import io.aloft.runtime.BundledPlugins;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.dagfile.DagFileProcessor;
import io.aloft.runtime.dagfile.FileParseResult;
import io.aloft.runtime.dagfile.ImportErrorInfo;
import io.aloft.runtime.execution.builtin.BuiltinOperators;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.plugins.OperatorRegistry;
import io.aloft.runtime.plugins.PluginHost;
import io.aloft.runtime.python.PythonContextPool;
import io.aloft.runtime.store.DagRow;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import org.apache.commons.io.FileUtils;

/**
 * {@code aloft dags upload FILE} (GraphGrid's {@code graphgrid airflow upload}): accepts a single Python DAG file
 * only after it parses cleanly, the way the daemon will parse it (installed plugins included) but alone in an empty
 * folder, so that it may not import local modules, and only then moves it into the DAGs folder atomically (written beside
 * its final name, then renamed). Anything else is refused with the reason, and the DAGs folder is left as it was.
 */
@Command(name = "upload", description = "Check a DAG file and move it into the DAGs folder atomically")
final class DagUploadCommand implements Callable<Integer> {

  @ParentCommand DagsCommand parent;
  @Parameters(index = "0", paramLabel = "FILE", description = "a single Python DAG file") Path file;

  @Override
  public Integer call() throws Exception {
    CliContext c = parent.root.context();
    AloftConfig config = c.config();
    Path source = file.toAbsolutePath().normalize();
    byte[] content = readChecked(source);
    Path target = config.dagsFolder().resolve(source.getFileName().toString());
    List<DagSpec> dags = parse(config, target, content);
    checkDagIdsFree(c, dags, target);
    Files.createDirectories(config.dagsFolder());
    Path partial = config.dagsFolder().resolve("." + source.getFileName() + ".uploading");
    Files.write(partial, content);
    try {
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(partial);
      throw new CliException("the DAGs folder " + config.dagsFolder() + " cannot rename files atomically: " + e.getMessage());
    }
    c.out().println("Uploaded " + source + " to " + target + ": DAG(s) "
        + dags.stream().map(DagSpec::dagId).toList() + "; the daemon loads it at its next scan of the DAGs folder");
    c.out().flush();
    return 0;
  }

  private static byte[] readChecked(Path source) throws IOException {
    if (!Files.isRegularFile(source)) {
      throw new CliException("refused: " + source + " is not a file");
    }
    if (!source.getFileName().toString().endsWith(".py")) {
      throw new CliException("refused: " + source.getFileName() + " is not a Python file (.py): a DAG is a single .py file");
    }
    byte[] content = Files.readAllBytes(source);
    if (!DagFileProcessor.mightBeDagFile(new String(content, java.nio.charset.StandardCharsets.UTF_8))) {
      throw new CliException("refused: " + source.getFileName() + " does not mention both 'airflow' and 'dag', so the"
          + " daemon would never read it as a DAG file");
    }
    return content;
  }

  /** Parses the file as the daemon would, in a throwaway Python pool, and returns its DAGs. */
  private static List<DagSpec> parse(AloftConfig config, Path target, byte[] content) throws IOException {
    BundledPlugins.stage(config);
    OperatorRegistry registry = new OperatorRegistry();
    registry.register("builtin", new BuiltinOperators((dagId, runId) -> true).operators());
    Path shims = Files.createTempDirectory("aloft-upload-");
    // One Python context is enough for one file.
    AloftConfig oneContext = new AloftConfig(config.home(), config.dagsFolder(), config.pluginsFolder(), config.database(),
        config.port(), config.dagImportTimeout(), 1, config.parallelism(), config.xcomMaxBytes(), config.settings());
    try (PluginHost plugins = PluginHost.load(config.pluginsFolder(), shims, registry);
         PythonContextPool pool = PythonContextPool.start(oneContext, plugins.pythonShimFolders())) {
      // Parsed as if alone in an empty folder: DAG files import modules next to them, and an uploaded file must not
      // lean on any (neither beside its source nor already in the DAGs folder).
      Path alone = Files.createDirectories(shims.resolve("alone")).resolve(target.getFileName());
      FileParseResult result = new DagFileProcessor(pool, registry, config.dagImportTimeout()).parse(alone, content);
      Optional<ImportErrorInfo> error = result.error();
      if (error.isPresent()) {
        ImportErrorInfo e = error.get();
        throw new CliException("refused: " + target.getFileName() + (e.lineno() == null ? "" : ":" + e.lineno()) + ": "
            + e.message() + " (a DAG file must be a single Python file whose imports resolve without local modules)");
      }
      if (result.dags().isEmpty()) {
        throw new CliException("refused: " + target.getFileName() + " parses but defines no DAG");
      }
      return result.dags();
    } finally {
      FileUtils.deleteQuietly(shims.toFile());
    }
  }

  /** A dag_id already defined by another file would make two files fight over one DAG. */
  private static void checkDagIdsFree(CliContext c, List<DagSpec> dags, Path target) {
    for (DagSpec dag : dags) {
      Optional<DagRow> existing = c.aloft().stores().dags().get(dag.dagId());
      if (existing.isPresent() && existing.get().isActive()
          && !Path.of(existing.get().fileloc()).toAbsolutePath().normalize().equals(target.toAbsolutePath().normalize())) {
        throw new CliException("refused: DAG '" + dag.dagId() + "' is already defined by " + existing.get().fileloc()
            + ": rename the dag_id or upload the file under that name");
      }
    }
  }
}
