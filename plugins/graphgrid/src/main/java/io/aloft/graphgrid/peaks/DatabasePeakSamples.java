package io.aloft.graphgrid.peaks;

import io.aloft.sdk.extension.PluginServices.PluginDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Peak samples in the plugin's table {@code gpu_peak} (migration {@code V3__gpu_peaks}), shared by every process
 * on one metadata database: a peak a worker's training measures on one machine is what the preflight on another
 * machine reserves from. Real and simulated GPUs keep separate histories ({@link Gpu}), so a simulated session never
 * teaches a real GPU's estimates.
 *
 * <p>Every call reads or writes the table (no cache: another machine may have added a sample since), in its own
 * transaction. Stateless apart from its database and kind; thread-safe.
 */
public final class DatabasePeakSamples implements PeakSamples {

  /** Which GPU a history belongs to (the table's {@code gpu} column). */
  public enum Gpu {
    REAL("real"), SIMULATED("simulated");

    private final String column;

    Gpu(String column) {
      this.column = column;
    }
  }

  private final PluginDatabase db;
  private final Gpu gpu;
  private final String node;

  /**
   * @param node the machine that records samples through this store ({@code gpu_node}), kept with each sample for
   *     whoever reads the table
   */
  public DatabasePeakSamples(PluginDatabase db, Gpu gpu, String node) {
    this.db = Objects.requireNonNull(db, "db");
    this.gpu = Objects.requireNonNull(gpu, "gpu");
    this.node = Objects.requireNonNull(node, "node");
  }

  @Override
  public List<PeakSample> of(String model) {
    return db.inTransaction(c -> {
      try (PreparedStatement st = c.prepareStatement("SELECT dataset_bytes, peak_mib, oom, ended_at FROM gpu_peak"
          + " WHERE gpu = ? AND model = ? ORDER BY ended_at, id")) {
        st.setString(1, gpu.column);
        st.setString(2, model);
        List<PeakSample> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            out.add(new PeakSample(model, rs.getLong(1), rs.getLong(2), rs.getBoolean(3),
                rs.getTimestamp(4).toInstant()));
          }
        }
        // Oldest dropped beyond KEPT, as the other stores do (a concurrent add may have trimmed late).
        return List.copyOf(out.subList(Math.max(0, out.size() - KEPT), out.size()));
      }
    });
  }

  @Override
  public void add(PeakSample sample) {
    db.inTransaction(c -> {
      insert(c, sample, node);
      trim(c, sample.model());
      return null;
    });
  }

  @Override
  public Set<String> models() {
    return db.inTransaction(c -> {
      try (PreparedStatement st = c.prepareStatement("SELECT DISTINCT model FROM gpu_peak WHERE gpu = ?")) {
        st.setString(1, gpu.column);
        Set<String> out = new TreeSet<>();
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
        return out;
      }
    });
  }

  /**
   * Adds samples learned elsewhere (a machine's former {@code gpu-peaks.json}) in one transaction; a sample the table
   * already holds is skipped, so importing the same file twice adds nothing.
   *
   * @param source what to record as their node, e.g. {@code import host:/path/gpu-peaks.json}
   * @return how many were new
   */
  public int importAll(List<PeakSample> samples, String source) {
    return db.inTransaction(c -> {
      int added = 0;
      Set<String> models = new LinkedHashSet<>();
      for (PeakSample s : samples) {
        added += insert(c, s, source);
        models.add(s.model());
      }
      for (String model : models) {
        trim(c, model);
      }
      return added;
    });
  }

  private int insert(Connection c, PeakSample s, String from) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("INSERT INTO gpu_peak"
        + " (gpu, model, dataset_bytes, peak_mib, oom, ended_at, node) VALUES (?, ?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT DO NOTHING")) {
      st.setString(1, gpu.column);
      st.setString(2, s.model());
      st.setLong(3, s.datasetBytes());
      st.setLong(4, s.peakMiB());
      st.setBoolean(5, s.oom());
      st.setTimestamp(6, Timestamp.from(s.at()));
      st.setString(7, from);
      return st.executeUpdate();
    }
  }

  private void trim(Connection c, String model) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("DELETE FROM gpu_peak WHERE gpu = ? AND model = ? AND id NOT IN"
        + " (SELECT id FROM gpu_peak WHERE gpu = ? AND model = ? ORDER BY ended_at DESC, id DESC LIMIT ?)")) {
      st.setString(1, gpu.column);
      st.setString(2, model);
      st.setString(3, gpu.column);
      st.setString(4, model);
      st.setInt(5, KEPT);
      st.executeUpdate();
    }
  }
}
