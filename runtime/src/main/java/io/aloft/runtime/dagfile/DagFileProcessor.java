package io.aloft.runtime.dagfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.SpecJson;
import io.aloft.runtime.plugins.OperatorRegistry;
import io.aloft.runtime.python.DagModules;
import io.aloft.runtime.python.PythonException;
import io.aloft.runtime.python.PythonHost;
import io.aloft.runtime.python.PythonStoppedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Evaluates DAG files into {@link DagSpec}s: each file runs in a warm GraalPy context of the {@link PythonHost} (a
 * worker process of the daemon's, by default), in a fresh module namespace, within the import time limit
 * (Airflow's {@code dagbag_import_timeout}); a file that runs longer is stopped and its context replaced. Every
 * failure (syntax error, missing import, cycle, duplicate task id, bad trigger rule, bad Java-operator argument,
 * reaching for the host, running too long, killing the worker process) becomes an {@link ImportErrorInfo} for that
 * file only.
 *
 * <p>Thread-safe; parses run concurrently up to the pool's size.
 *
 * <pre>{@code
 * DagFileProcessor processor = new DagFileProcessor(host, registry, Duration.ofSeconds(30));
 * FileParseResult r = processor.parse(Path.of("dags/etl.py"));
 * r.error().ifPresent(e -> System.err.println(e.filename() + ":" + e.lineno() + " " + e.message()));
 * }</pre>
 */
public final class DagFileProcessor {

  private static final ObjectMapper JSON = SpecJson.mapper();

  private final PythonHost pool;
  private final OperatorRegistry registry;
  private final OperatorArgumentCheck argumentCheck;
  private final ParamDefaultsCheck paramDefaultsCheck = new ParamDefaultsCheck();
  private final Duration importTimeout;

  /**
   * @param registry Java operators that tasks with {@code executor == "java"} are checked against
   * @param importTimeout how long a file's top-level code may run (config {@code dagImportTimeout})
   */
  public DagFileProcessor(PythonHost pool, OperatorRegistry registry, Duration importTimeout) {
    this.pool = pool;
    this.registry = registry;
    this.argumentCheck = new OperatorArgumentCheck(registry);
    this.importTimeout = importTimeout;
  }

  /**
   * Whether the Java operator {@code operator} declares its argument {@code arg} secret (Docker's {@code
   * private_environment}): the store keeps such values sealed.
   */
  public boolean secretArgument(String operator, String arg) {
    return registry.find(operator).map(d -> d.isSecret(arg)).orElse(false);
  }

  /**
   * Airflow's "safe mode" test: only files whose text mentions both "airflow" and "dag" (any case) are
   * treated as DAG files.
   */
  public static boolean mightBeDagFile(String source) {
    String lower = source.toLowerCase(Locale.ROOT);
    return lower.contains("airflow") && lower.contains("dag");
  }

  /** SHA-256 of the bytes, in hex. */
  public static String hash(byte[] content) {
    return DagModules.hash(content);
  }

  /**
   * Reads and evaluates one file. Blocks the calling thread (a virtual thread is fine) until the file is
   * done or stopped. Never throws for a bad DAG file; an unreadable file is an import error too.
   */
  public FileParseResult parse(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(absolute);
    } catch (IOException e) {
      return failed(absolute, "", "", new ImportErrorInfo(absolute.toString(), null,
          "cannot read the DAG file: " + e, ""));
    }
    return parse(absolute, bytes);
  }

  /** Evaluates {@code content} as if it were the file at {@code file}. */
  public FileParseResult parse(Path file, byte[] content) {
    Path absolute = file.toAbsolutePath().normalize();
    String filename = absolute.toString();
    String fileHash = hash(content);
    String source = new String(content, StandardCharsets.UTF_8);
    String json;
    try {
      json = pool.evaluateDagFile(source, filename, DagModules.name(absolute, fileHash), importTimeout).await();
    } catch (PythonStoppedException e) {
      return failed(absolute, fileHash, source, stopped(filename, e));
    } catch (PythonException e) {
      return failed(absolute, fileHash, source, new ImportErrorInfo(filename, e.lineIn(filename),
          "Aloft could not evaluate the file: " + e.getMessage(), e.detail()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(absolute, fileHash, source, new ImportErrorInfo(filename, null, "parsing was interrupted", ""));
    }
    try {
      Evaluation result = JSON.readValue(json, Evaluation.class); // one pass: no tree in between
      if (result.error() != null) {
        return failed(absolute, fileHash, source, result.error());
      }
      if (result.dags() == null) {
        return failed(absolute, fileHash, source, new ImportErrorInfo(filename, null,
            "Aloft could not read the DAG description: it names neither DAGs nor an error", json));
      }
      List<DagSpec> dags = result.dags();
      Optional<ImportErrorInfo> invalid = argumentCheck.check(filename, dags).or(() -> paramDefaultsCheck.check(filename, dags));
      if (invalid.isPresent()) {
        return failed(absolute, fileHash, source, invalid.get());
      }
      return new FileParseResult(absolute, fileHash, source, dags, Optional.empty());
    } catch (JsonProcessingException e) {
      return failed(absolute, fileHash, source, new ImportErrorInfo(filename, null,
          "Aloft could not read the DAG description: " + e.getOriginalMessage(), json));
    }
  }

  /** What {@code _serialize.evaluate} returns: the file's DAGs, or why it has none. */
  private record Evaluation(List<DagSpec> dags, ImportErrorInfo error) {}

  private ImportErrorInfo stopped(String filename, PythonStoppedException e) {
    Integer line = e.lineIn(filename);
    String message = switch (e.reason()) {
      case TIMEOUT -> "DagFileTimeout: the DAG file took longer than " + importTimeout.toSeconds()
          + "s to import (dagImportTimeout); top-level code must only build the DAG";
      case EXITED -> "SystemExit: " + e.getMessage();
      case CANCELLED -> "parsing was cancelled";
      case WORKER_DIED -> "the Python worker died while evaluating " + filename + " (" + e.getMessage()
          + "): the file's top-level code killed its process (os.kill, os._exit, a signal) or exhausted its memory "
          + "(python_worker_heap); the daemon and the other DAG files are not affected. Fix the file; it is evaluated "
          + "again when it changes";
    };
    return new ImportErrorInfo(filename, line, message, message);
  }

  private static FileParseResult failed(Path file, String hash, String source, ImportErrorInfo error) {
    return new FileParseResult(file, hash, source, List.of(), Optional.of(error));
  }
}
