package io.aloft.graphgrid.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.aloft.graphgrid.gpu.GpuSnapshot;
import io.aloft.graphgrid.gpu.SimulatedGpu;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** GPU room over two simulated machines: admission where there is room, never past any one node's memory. */
class NodeRoomsTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final GpuPreflight preflight = new GpuPreflight(1024);

  private static GpuSnapshot node(String spec, long used) {
    SimulatedGpu gpu = SimulatedGpu.parse(spec);
    if (used > 0) {
      gpu.allocate("other", used).orElseThrow();
    }
    return gpu.snapshot();
  }

  private static NodeRooms.Session on(String id, long mib, String node, int device) {
    return new NodeRooms.Session(id, mib, Optional.of(node), OptionalInt.of(device), Optional.empty());
  }

  @Test
  void aSessionGoesToTheNodeWithRoom() {
    Map<String, GpuSnapshot> nodes = Map.of("a", node("1x16384", 12000), "b", node("1x16384", 0));

    List<NodeRooms.Room> rooms = NodeRooms.rooms(preflight, nodes, List.of());

    assertThat(NodeRooms.bestFit(rooms, 8000)).map(NodeRooms.Room::node).hasValue("b");
    assertThat(rooms).extracting(r -> r.device().headroomMiB()).containsExactly(16384L - 12000 - 1024, 16384L - 1024);
  }

  @Test
  void aReservationNotYetOnTheGpuHoldsItsNodeOnly() {
    Map<String, GpuSnapshot> nodes = Map.of("a", node("1x16384", 0), "b", node("1x16384", 0));

    List<NodeRooms.Room> rooms = NodeRooms.rooms(preflight, nodes, List.of(on("r1", 8000, "b", 0)));

    // b holds r1's 8000 MiB although the GPU shows nothing yet; a is untouched.
    assertThat(rooms).extracting(NodeRooms.Room::node, r -> r.device().headroomMiB())
        .containsExactly(tuple("a", 15360L), tuple("b", 7360L));
    assertThat(NodeRooms.bestFit(rooms, 8000)).map(NodeRooms.Room::node).hasValue("a");
  }

  @Test
  void noNodeIsOverCommittedWhenBothAreFull() {
    Map<String, GpuSnapshot> nodes = Map.of("a", node("1x16384", 12000), "b", node("1x16384", 0));

    List<NodeRooms.Room> rooms = NodeRooms.rooms(preflight, nodes, List.of(on("r1", 8000, "b", 0)));

    // a: 3360 MiB left; b: 7360 MiB left after r1's reservation: an 8000 MiB session fits nowhere.
    assertThat(NodeRooms.bestFit(rooms, 8000)).isEmpty();
  }

  @Test
  void aSessionOfUnknownNodeCountsOnEveryNode() {
    Map<String, GpuSnapshot> nodes = Map.of("a", node("1x16384", 0), "b", node("1x16384", 0));
    NodeRooms.Session unknown = new NodeRooms.Session("r0", 9000, Optional.empty(), OptionalInt.empty(), Optional.empty());

    List<NodeRooms.Room> rooms = NodeRooms.rooms(preflight, nodes, List.of(unknown));

    assertThat(rooms).allSatisfy(r -> assertThat(r.device().headroomMiB()).isEqualTo(15360L - 9000));
    assertThat(NodeRooms.bestFit(rooms, 8000)).isEmpty();
  }

  @Test
  void theQueueSpreadsWaitersOverTheNodesAndKeepsTheRestWaiting() {
    Map<String, GpuSnapshot> nodes = Map.of("a", node("1x16384", 0), "b", node("1x16384", 0));
    List<NodeRooms.Room> rooms = NodeRooms.rooms(preflight, nodes, List.of());
    List<AdmissionQueue.Waiting> waiting = List.of(new AdmissionQueue.Waiting("w1", 9000, NOW.minusSeconds(30)),
        new AdmissionQueue.Waiting("w2", 9000, NOW.minusSeconds(20)),
        new AdmissionQueue.Waiting("w3", 9000, NOW.minusSeconds(10)));

    List<NodeRooms.Placement> placed = NodeRooms.plan(new AdmissionQueue(Duration.ofHours(1)), rooms, waiting, NOW);

    // Each 16 GiB node holds one 9000 MiB session (15360 MiB after the margin); the third waits.
    assertThat(placed).extracting(NodeRooms.Placement::id, NodeRooms.Placement::node, NodeRooms.Placement::device)
        .containsExactly(tuple("w1", "a", 0), tuple("w2", "b", 0));
  }

  @Test
  void aReadingSurvivesTheTableRoundTrip() {
    GpuSnapshot s = node("2x8192", 3000);

    assertThat(NodeLedger.fromJson(NodeLedger.toJson(s))).isEqualTo(s);
  }
}
