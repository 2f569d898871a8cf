package io.aloft.graphgrid.preflight;

import io.aloft.graphgrid.gpu.GpuSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * GPU room on several machines, as pure code: each node's devices, less the safety margin and what the sessions
 * admitted onto that node reserved and do not use yet ({@link GpuPreflight#rooms}, per node), and who of the waiting
 * sessions starts where ({@link AdmissionQueue}'s best fit, FIFO with backfill, over every node's devices at once).
 *
 * <p>A session whose node is not known yet (admitted before any node was recorded, or by a daemon without the
 * plugin's tables) counts on every node: it may start on any of them, so no node may give its memory away. This
 * is the conservative side: it can delay an admission, never over-commit a GPU. Immutable inputs, no state.
 */
public final class NodeRooms {

  /**
   * An admitted session, wherever it runs.
   *
   * @param id the session (its run id)
   * @param mib what it reserved
   * @param node the node it was admitted on; empty when not known (it then counts on every node)
   * @param device the device it was placed on, when known
   * @param container its container id (or simulated owner) on its node, when known: its reading there counts
   *     against its reservation
   */
  public record Session(String id, long mib, Optional<String> node, OptionalInt device, Optional<String> container) {
    public Session {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(container, "container");
    }
  }

  /** One device of one node and its room. */
  public record Room(String node, DeviceRoom device) {}

  /** A waiter admitted on a device of a node. */
  public record Placement(String id, String node, int device, long mib) {}

  private NodeRooms() {}

  /** Every device of every node with a reading, in node then device order, with its room. */
  public static List<Room> rooms(GpuPreflight preflight, Map<String, GpuSnapshot> nodes, List<Session> admitted) {
    List<Room> out = new ArrayList<>();
    new TreeMap<>(nodes).forEach((node, snapshot) -> {
      List<AdmittedSession> here = admitted.stream()
          .filter(s -> s.node().isEmpty() || s.node().get().equals(node))
          .map(s -> new AdmittedSession(s.id(), s.mib(), s.container(),
              s.node().isPresent() ? s.device() : OptionalInt.empty()))
          .toList();
      preflight.rooms(snapshot, here).forEach(room -> out.add(new Room(node, room)));
    });
    return out;
  }

  /** The device with the least room that still holds {@code mib}, on any node (ties: node name, then index). */
  public static Optional<Room> bestFit(List<Room> rooms, long mib) {
    return rooms.stream().filter(r -> r.device().headroomMiB() >= mib)
        .min(Comparator.comparingLong((Room r) -> r.device().headroomMiB()).thenComparing(Room::node)
            .thenComparingInt(r -> r.device().index()));
  }

  /**
   * The waiters that start now and where, as {@link AdmissionQueue#plan} decides over all nodes' devices together
   * (each device of each node is one candidate, so the fairness and best fit span the machines).
   */
  public static List<Placement> plan(AdmissionQueue queue, List<Room> rooms, List<AdmissionQueue.Waiting> waiting,
                                     Instant now) {
    // AdmissionQueue knows devices by index; give every (node, device) its own index, then map placements back.
    List<DeviceRoom> flat = new ArrayList<>();
    for (int i = 0; i < rooms.size(); i++) {
      DeviceRoom d = rooms.get(i).device();
      flat.add(new DeviceRoom(i, d.capacityMiB(), d.headroomMiB()));
    }
    return queue.plan(flat, waiting, now).stream()
        .map(p -> new Placement(p.id(), rooms.get(p.device()).node(), rooms.get(p.device()).device().index(), p.mib()))
        .toList();
  }
}
