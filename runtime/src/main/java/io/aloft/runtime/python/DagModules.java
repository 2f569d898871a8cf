package io.aloft.runtime.python;

import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Names of the Python modules DAG files are evaluated and loaded as. Parsing and task runs must agree on
 * them: a task's context reuses the module of the file version it was parsed from, and a changed file gets a
 * new name (the content hash is part of it), as Airflow's {@code unusual_prefix_<hash>_<stem>}.
 */
public final class DagModules {

  private DagModules() {}

  /** SHA-256 of a file's bytes, in hex. */
  public static String hash(byte[] content) {
    return HexFormat.of().formatHex(PythonResources.sha256().digest(content));
  }

  /** The module name of one version of {@code file}, whose bytes hash to {@code fileHash}. */
  public static String name(Path file, String fileHash) {
    String stem = file.getFileName().toString().replaceFirst("\\.py$", "").replaceAll("[^A-Za-z0-9_]", "_");
    return "unusual_prefix_" + fileHash.substring(0, 16) + "_" + stem;
  }
}
