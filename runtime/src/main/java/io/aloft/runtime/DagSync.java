package io.aloft.runtime;

import io.aloft.runtime.app.DagParsing;
import io.aloft.runtime.dagfile.DagFileProcessor;
import io.aloft.runtime.dagfile.FileParseResult;
import io.aloft.runtime.metrics.Metrics;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.store.Stores;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the store in step with the DAGs folder: a file is evaluated only when its content changed; a
 * good parse stores the DAG versions and clears the file's import error; a bad parse records the
 * import error and keeps the last good version (and its runs); a deleted file's DAGs become inactive.
 * Each file is recorded on its own: whatever goes wrong with one file (its evaluation, or a write the
 * store refuses) becomes that file's import error, and the other files of the pass still load.
 * Thread-safe; {@link #sync()} is called at start and then periodically, {@link #syncRequested()} between two
 * listings when file events say the folder did not change.
 */
public final class DagSync {

  private static final Logger LOG = LoggerFactory.getLogger(DagSync.class);

  /**
   * What was last seen of a file: cheap stat data first, the content hash to be sure; {@code parsed}: it was
   * handed to the processor (so its source is stored unless a user deleted its DAG since).
   */
  private record Seen(long size, long mtime, String hash, boolean parsed) {}

  private final DagFileProcessor processor;
  private final Stores stores;
  private final Path folder;
  private final Clock clock;
  private final boolean pausedAtCreation;
  private final Metrics metrics;
  private final DagParsing parsing;
  private final Map<Path, Seen> seen = new ConcurrentHashMap<>();
  /** {@link io.aloft.runtime.store.DagStore#codedFilesFingerprint} when {@link #forgetDeleted} last read the names. */
  private String codedSeen;

  /** A DAG file as the folder listing found it: its size and modification time from the same one stat. */
  private record Listed(Path path, long size, long mtime) {}

  public DagSync(DagFileProcessor processor, Stores stores, Path folder, Clock clock, boolean pausedAtCreation) {
    this(processor, stores, folder, clock, pausedAtCreation, Metrics.none(), new DagParsing());
  }

  /**
   * @param metrics times each file's parse and each pass ({@code dag_processing.*})
   * @param parsing told how far each pass has got, for the UI
   */
  public DagSync(DagFileProcessor processor, Stores stores, Path folder, Clock clock, boolean pausedAtCreation,
      Metrics metrics, DagParsing parsing) {
    this.metrics = metrics;
    this.parsing = parsing;
    this.processor = processor;
    this.stores = stores;
    this.folder = folder;
    this.clock = clock;
    this.pausedAtCreation = pausedAtCreation;
  }

  /** Scans the folder once; returns how many files were (re-)evaluated. */
  public synchronized int sync() {
    try {
      return pass(takeParseRequests());
    } finally {
      parsing.passEnded();
    }
  }

  /**
   * What the watcher does between two listings of the folder when file events say that nothing in it changed: asks
   * the store only whether a user asked for a file to be parsed again ({@code PUT /parseDagFile}) or deleted a DAG
   * whose file is still there, and lists the folder (a whole {@link #sync}) only then. Two short questions instead of
   * a {@code stat} of every file.
   *
   * @return how many files were (re-)evaluated
   */
  public synchronized int syncRequested() {
    try {
      Set<String> requested = takeParseRequests();
      if (requested.isEmpty() && !deletedSinceLastPass()) {
        return 0;
      }
      return pass(requested);
    } finally {
      parsing.passEnded();
    }
  }

  /** Files a user asked to parse again (PUT /parseDagFile), parsed even when unchanged; taken from the store. */
  private Set<String> takeParseRequests() {
    Set<String> requested = new HashSet<>();
    try {
      requested.addAll(stores.dags().takeParseRequests());
    } catch (RuntimeException e) {
      LOG.warn("reading the parse requests failed (tried again at the next pass): {}", e.toString());
    }
    return requested;
  }

  /** Whether the stored file names changed since {@link #forgetDeleted} last read them (a DAG deleted, or our pass). */
  private boolean deletedSinceLastPass() {
    return seen.values().stream().anyMatch(Seen::parsed)
        && !stores.dags().codedFilesFingerprint().equals(codedSeen);
  }

  private int pass(Set<String> requested) {
    List<Listed> files = pythonFiles();
    Set<Path> present = new HashSet<>();
    files.forEach(f -> present.add(f.path()));
    for (Path gone : new ArrayList<>(seen.keySet())) {
      if (!present.contains(gone)) {
        try {
          stores.dags().deactivateFile(gone.toString());
          stores.importErrors().clear(gone.toString());
          seen.remove(gone);
          LOG.info("DAG file {} was removed: its DAGs are inactive now", gone);
        } catch (RuntimeException e) {
          LOG.warn("recording that {} was removed failed (tried again at the next pass): {}", gone, e.toString());
        }
      }
    }
    forgetDeleted();
    List<Path> changed = new ArrayList<>();
    Map<Path, byte[]> contents = new HashMap<>();
    for (Listed listed : files) {
      Path f = listed.path();
      try {
        long size = listed.size();
        long mtime = listed.mtime();
        boolean forced = requested.contains(f.toString());
        Seen s = seen.get(f);
        if (!forced && s != null && s.size() == size && s.mtime() == mtime) {
          continue;
        }
        byte[] bytes = Files.readAllBytes(f);
        String hash = DagFileProcessor.hash(bytes);
        String known = s != null ? s.hash() : stores.dags().codeHash(f.toString()).orElse(null);
        seen.put(f, new Seen(size, mtime, hash, false));
        if (!forced && hash.equals(known) && (s != null || !stores.dags().listActiveIn(f.toString()).isEmpty() || hasImportError(f))) {
          continue;
        }
        if (!DagFileProcessor.mightBeDagFile(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))) {
          continue;
        }
        seen.put(f, new Seen(size, mtime, hash, true));
        changed.add(f);
        contents.put(f, bytes);
      } catch (IOException e) {
        LOG.warn("cannot read {}: {}", f, e.getMessage());
      }
    }
    if (changed.isEmpty()) {
      return 0;
    }
    long passStart = System.nanoTime();
    parsing.passStarted(changed.size());
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      // Recorded as they finish, not in folder order: with a thousand files, the first in the folder may be parsed
      // last, and the DAGs parsed so far should be listed (and counted in the UI's progress) meanwhile.
      ExecutorCompletionService<FileParseResult> finished = new ExecutorCompletionService<>(pool);
      Map<Future<FileParseResult>, Path> fileOf = new HashMap<>();
      for (Path f : changed) {
        fileOf.put(finished.submit(() -> {
          long start = System.nanoTime();
          FileParseResult r = processor.parse(f, contents.get(f));
          metrics.fileParsed(f.toString(), Duration.ofNanos(System.nanoTime() - start), r.error().isPresent());
          return r;
        }), f);
      }
      Set<Path> unrecorded = new HashSet<>(changed);
      for (int i = 0; i < changed.size(); i++) {
        Future<FileParseResult> next = finished.take();
        Path f = fileOf.get(next);
        try {
          record(next.get());
        } catch (java.util.concurrent.ExecutionException e) {
          LOG.error("evaluating {} failed: {}", f, e.getCause().toString(), e.getCause());
          recordFailure(f, "evaluating the file failed: " + e.getCause());
        } catch (RuntimeException e) {
          if (io.aloft.runtime.store.StoreOutage.isUnavailable(e)) {
            // PostgreSQL is away: not this file's fault. This and the files not yet recorded are parsed again at
            // the first pass after it is back; the caller says once that it is away.
            unrecorded.forEach(seen::remove);
            throw e;
          }
          LOG.error("recording what {} defines failed: {}", f, e.toString(), e);
          recordFailure(f, "recording the file's DAGs failed: " + e);
        }
        unrecorded.remove(f);
        parsing.fileDone();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    metrics.parsePass(changed.size(), Duration.ofNanos(System.nanoTime() - passStart));
    return changed.size();
  }

  /**
   * A user who deletes a DAG (`dags delete`, the API) removes its file's stored source; a file still there is then
   * parsed again, so a DAG it declares comes back, as in Airflow.
   */
  private void forgetDeleted() {
    if (seen.values().stream().noneMatch(Seen::parsed)) {
      return;
    }
    // Read every stored name only when the set of them changed (a deletion, or this daemon's own last pass): an idle
    // daemon watching a thousand files asks one short question every two seconds instead.
    String fingerprint = stores.dags().codedFilesFingerprint();
    if (fingerprint.equals(codedSeen)) {
      return;
    }
    codedSeen = fingerprint;
    Set<String> coded = stores.dags().codedFiles();
    seen.entrySet().removeIf(e -> e.getValue().parsed() && !coded.contains(e.getKey().toString()));
  }

  /** Makes a file's failure its import error; when even that write fails, the next pass tries the file again. */
  private void recordFailure(Path f, String message) {
    try {
      stores.importErrors().put(f.toString(), null, message, message, clock.instant());
    } catch (RuntimeException e) {
      LOG.error("recording the import error of {} failed too: {}", f, e.toString());
      seen.remove(f);
    }
  }

  private boolean hasImportError(Path f) {
    return stores.importErrors().list().stream().anyMatch(e -> e.filename().equals(f.toString()));
  }

  private void record(FileParseResult r) {
    Instant now = clock.instant();
    String fileloc = r.file().toString();
    stores.dags().saveCode(fileloc, r.fileHash(),
        stores.dags().maskedSource(r.source(), r.dags(), processor::secretArgument), now);
    if (r.error().isPresent()) {
      var e = r.error().get();
      stores.importErrors().put(fileloc, e.lineno(), e.message(), e.stacktrace(), now);
      LOG.warn("Import error in {}{}: {}", fileloc, e.lineno() == null ? "" : ":" + e.lineno(), e.message());
      return;
    }
    stores.importErrors().clear(fileloc);
    List<String> ids = new ArrayList<>();
    for (DagSpec spec : r.dags()) {
      stores.dags().saveParsed(spec, processor::secretArgument, pausedAtCreation, now);
      ids.add(spec.dagId());
    }
    stores.dags().deactivateOthers(fileloc, ids);
    LOG.info("Loaded {} from {}", ids, fileloc);
  }

  /**
   * The folder's Python files, sorted, each with its size and modification time read by the same stat that listed
   * it (the watcher lists the folder every two seconds: one stat per file, not three). Symbolic links count as the
   * file they point to, {@code __pycache__} folders and hidden files do not count.
   */
  private List<Listed> pythonFiles() {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    List<Listed> out = new ArrayList<>();
    try {
      Files.walkFileTree(folder, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          return dir.getFileName() != null && dir.getFileName().toString().equals("__pycache__") && !dir.equals(folder)
              ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) throws IOException {
          String name = p.getFileName().toString();
          if (!name.endsWith(".py") || name.startsWith(".")) {
            return FileVisitResult.CONTINUE;
          }
          BasicFileAttributes a = attrs.isSymbolicLink() ? readFollowing(p) : attrs;
          if (a != null && a.isRegularFile()) {
            out.add(new Listed(p.toAbsolutePath().normalize(), a.size(),
                a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)));
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path p, IOException e) {
          return FileVisitResult.CONTINUE; // gone since it was listed, or unreadable: as if absent this time
        }
      });
    } catch (IOException e) {
      LOG.warn("cannot list the DAGs folder {}: {}", folder, e.getMessage());
      return List.of();
    }
    out.sort(java.util.Comparator.comparing(Listed::path));
    return out;
  }

  private static BasicFileAttributes readFollowing(Path link) {
    try {
      return Files.readAttributes(link, BasicFileAttributes.class);
    } catch (IOException dangling) {
      return null;
    }
  }
}
