package io.aloft.graphgrid.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aloft.graphgrid.gpu.GpuDevice;
import io.aloft.graphgrid.gpu.GpuProcess;
import io.aloft.graphgrid.gpu.GpuSnapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GPU admission's shared book, in the plugin's own tables ({@code gpu_node}, {@code gpu_reservation}, migration
 * {@code V2__gpu_nodes}): each machine's latest GPU reading and each admitted session's reservation by (node,
 * device). Every process that runs GraphGrid tasks against one metadata database sees the same book, which is what
 * lets a preflight on one machine admit a session that runs on another.
 *
 * <p>Static methods over a caller's connection, so that one transaction can take {@link #lock} and then read and
 * write: every admission (the preflight's placement, the training task's confirmation on its own node) runs under
 * that one lock, so no two admissions decide on the same free memory, on any machine. Stateless and thread-safe.
 */
public final class NodeLedger {

  /** One admitted session's reservation. */
  public record Held(String dagId, String runId, String node, int device, long mib, Optional<String> container) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The advisory lock every admission takes (transaction-scoped: released at commit or rollback). */
  private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('aloft.graphgrid.gpu_admission'))";

  private NodeLedger() {}

  /** Serialises admissions across processes and machines until the transaction ends. */
  public static void lock(Connection c) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(LOCK)) {
      st.execute();
    }
  }

  /** Records a node's reading (replacing its previous one). */
  public static void publish(Connection c, String node, String probe, GpuSnapshot snapshot, Instant at)
      throws SQLException {
    try (PreparedStatement st = c.prepareStatement("INSERT INTO gpu_node (node, probe, snapshot, read_at)"
        + " VALUES (?, ?, CAST(? AS JSONB), ?) ON CONFLICT (node) DO UPDATE"
        + " SET probe = EXCLUDED.probe, snapshot = EXCLUDED.snapshot, read_at = EXCLUDED.read_at")) {
      st.setString(1, node);
      st.setString(2, probe);
      st.setString(3, toJson(snapshot));
      st.setTimestamp(4, Timestamp.from(at));
      st.executeUpdate();
    }
  }

  /** The readings taken at or after {@code freshSince}, by node: older ones may describe a machine that is gone. */
  public static Map<String, GpuSnapshot> readings(Connection c, Instant freshSince) throws SQLException {
    Map<String, GpuSnapshot> out = new LinkedHashMap<>();
    try (PreparedStatement st = c.prepareStatement(
        "SELECT node, snapshot::text FROM gpu_node WHERE read_at >= ? ORDER BY node")) {
      st.setTimestamp(1, Timestamp.from(freshSince));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), fromJson(rs.getString(2)));
        }
      }
    }
    return out;
  }

  /** The reservations of one DAG's sessions, by run id. */
  public static Map<String, Held> held(Connection c, String dagId) throws SQLException {
    Map<String, Held> out = new LinkedHashMap<>();
    try (PreparedStatement st = c.prepareStatement("SELECT run_id, node, device, mib, container FROM gpu_reservation"
        + " WHERE dag_id = ? ORDER BY reserved_at")) {
      st.setString(1, dagId);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), new Held(dagId, rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4),
              Optional.ofNullable(rs.getString(5))));
        }
      }
    }
    return out;
  }

  /** Records (or moves, or raises) a session's reservation. */
  public static void hold(Connection c, Held held, Instant at) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("INSERT INTO gpu_reservation"
        + " (dag_id, run_id, node, device, mib, container, reserved_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT (dag_id, run_id) DO UPDATE SET node = EXCLUDED.node, device = EXCLUDED.device,"
        + " mib = EXCLUDED.mib, container = EXCLUDED.container, reserved_at = EXCLUDED.reserved_at")) {
      st.setString(1, held.dagId());
      st.setString(2, held.runId());
      st.setString(3, held.node());
      st.setInt(4, held.device());
      st.setLong(5, held.mib());
      st.setString(6, held.container().orElse(null));
      st.setTimestamp(7, Timestamp.from(at));
      st.executeUpdate();
    }
  }

  /** Records the container (or simulated owner) of a session once its processes show on its node's GPU. */
  public static void attach(Connection c, String dagId, String runId, String container) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(
        "UPDATE gpu_reservation SET container = ? WHERE dag_id = ? AND run_id = ?")) {
      st.setString(1, container);
      st.setString(2, dagId);
      st.setString(3, runId);
      st.executeUpdate();
    }
  }

  /** Drops a session's reservation: it ended, or its preflight gave up. */
  public static void release(Connection c, String dagId, String runId) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("DELETE FROM gpu_reservation WHERE dag_id = ? AND run_id = ?")) {
      st.setString(1, dagId);
      st.setString(2, runId);
      st.executeUpdate();
    }
  }

  static String toJson(GpuSnapshot s) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode devices = root.putArray("devices");
    for (GpuDevice d : s.devices()) {
      devices.addObject().put("index", d.index()).put("name", d.name()).put("uuid", d.uuid())
          .put("total_mib", d.totalMiB()).put("used_mib", d.usedMiB()).put("free_mib", d.freeMiB())
          .put("driver", d.driverVersion());
    }
    ArrayNode processes = root.putArray("processes");
    for (GpuProcess p : s.processes()) {
      ObjectNode o = processes.addObject().put("pid", p.pid()).put("used_mib", p.usedMiB()).put("gpu_uuid", p.gpuUuid());
      p.container().ifPresent(container -> o.put("container", container));
    }
    return root.toString();
  }

  static GpuSnapshot fromJson(String json) {
    try {
      JsonNode root = JSON.readTree(json);
      List<GpuDevice> devices = new ArrayList<>();
      for (JsonNode d : root.path("devices")) {
        devices.add(new GpuDevice(d.path("index").asInt(), d.path("name").asText(), d.path("uuid").asText(),
            d.path("total_mib").asLong(), d.path("used_mib").asLong(), d.path("free_mib").asLong(),
            d.path("driver").asText()));
      }
      List<GpuProcess> processes = new ArrayList<>();
      for (JsonNode p : root.path("processes")) {
        processes.add(new GpuProcess(p.path("pid").asLong(), p.path("used_mib").asLong(), p.path("gpu_uuid").asText(),
            p.hasNonNull("container") ? Optional.of(p.get("container").asText()) : Optional.empty()));
      }
      return new GpuSnapshot(devices, processes);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("unreadable GPU reading in gpu_node: " + e.getMessage(), e);
    }
  }
}
