package io.aloft.graphgrid.peaks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aloft.graphgrid.docker.Homes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Peak samples in a JSON file, {@code <home>/graphgrid/gpu-peaks.json} by default: the fallback where a task has
 * no plugin database ({@link PeakStores}); with one, the history lives in {@link DatabasePeakSamples}, which imports
 * this file once ({@link #read}). Each {@link #add} rewrites the file through a temporary file
 * and an atomic rename, so a crash leaves the old file or the new one, never half of one. Thread-safe within one
 * daemon (one instance per file, see {@link #at}); two daemons sharing a home may lose each other's latest sample,
 * which only makes the estimate lag by one session.
 */
public final class FilePeakSamples implements PeakSamples {

  /** The file under the home. */
  public static final String FILE = "graphgrid/gpu-peaks.json";

  private static final Map<Path, FilePeakSamples> OPEN = new ConcurrentHashMap<>();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, List<Map<String, Object>>>> SHAPE = new TypeReference<>() {};

  private final Path file;
  private final InMemoryPeakSamples memory = new InMemoryPeakSamples();

  private FilePeakSamples(Path file) {
    this.file = file;
    load();
  }

  /** The store of one file, shared by every task of the daemon. */
  public static FilePeakSamples at(Path file) {
    return OPEN.computeIfAbsent(file.toAbsolutePath().normalize(), FilePeakSamples::new);
  }

  /** The store under the settings' home ({@code <home>/graphgrid/gpu-peaks.json}). */
  public static FilePeakSamples fromSettings(Map<String, String> settings) {
    return at(Homes.home(settings).resolve(FILE));
  }

  public Path file() {
    return file;
  }

  @Override
  public List<PeakSample> of(String model) {
    return memory.of(model);
  }

  @Override
  public Set<String> models() {
    return memory.models();
  }

  @Override
  public synchronized void add(PeakSample sample) {
    memory.add(sample);
    Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
    memory.all().forEach((model, samples) -> out.put(model, samples.stream().map(FilePeakSamples::row).toList()));
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".gpu-peaks-", ".tmp");
      try {
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), out);
        try {
          Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not save the GPU peak history to " + file + ": " + e.getMessage()
          + " (make the Aloft home writable, or set ALOFT_HOME)", e);
    }
  }

  private void load() {
    read(file).forEach(memory::add);
  }

  /**
   * The samples of a history file, each model's oldest first; empty when there is no file.
   *
   * @throws IllegalStateException when the file cannot be read or parsed (the message says to fix or delete it)
   */
  public static List<PeakSample> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      Map<String, List<Map<String, Object>>> in = JSON.readValue(file.toFile(), SHAPE);
      List<PeakSample> out = new ArrayList<>();
      in.forEach((model, rows) -> rows.forEach(r -> out.add(new PeakSample(model,
          number(r.get("dataset_bytes")), number(r.get("peak_mib")), Boolean.TRUE.equals(r.get("oom")),
          Instant.parse(String.valueOf(r.get("at")))))));
      return out;
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("the GPU peak history " + file + " cannot be read (" + e.getMessage()
          + "): fix or delete it; the estimates then start again from the built-in table", e);
    }
  }

  private static Map<String, Object> row(PeakSample s) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("dataset_bytes", s.datasetBytes());
    row.put("peak_mib", s.peakMiB());
    row.put("oom", s.oom());
    row.put("at", s.at().toString());
    return row;
  }

  private static long number(Object o) {
    return o instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(o));
  }

  /** For tests: forget the open stores, so that the next {@link #at} reads the file again. */
  static void closeAll() {
    OPEN.clear();
  }
}
