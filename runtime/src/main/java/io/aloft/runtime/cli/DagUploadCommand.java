package io.aloft.runtime.cli;

import io.aloft.runtime.app.DagUpload;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code aloft dags upload FILE} (GraphGrid's {@code graphgrid airflow upload}): checks a DAG file the way the daemon
 * will parse it and moves it into the DAGs folder atomically, or refuses it with the reason; see {@link DagUpload}.
 */
@Command(name = "upload", description = "Check a DAG file and move it into the DAGs folder atomically")
final class DagUploadCommand implements Callable<Integer> {

  @ParentCommand DagsCommand parent;
  @Parameters(index = "0", paramLabel = "FILE", description = "a single Python DAG file") Path file;

  @Override
  public Integer call() throws Exception {
    CliContext c = parent.root.context();
    DagUpload.Uploaded done = c.app().dags().upload(file);
    c.out().println("Uploaded " + done.source() + " to " + done.target() + ": DAG(s) " + done.dagIds()
        + "; the daemon loads it at its next scan of the DAGs folder");
    c.out().flush();
    return 0;
  }
}
