package io.aloft.graphgrid.preflight;

import io.aloft.graphgrid.gpu.GpuProbe;
import io.aloft.graphgrid.gpu.GpuSnapshot;
import io.aloft.graphgrid.gpu.GpuUnavailableException;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskFailException;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.TaskInstanceView;
import io.aloft.sdk.extension.PluginServices.PluginDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * GPU admission on several machines, over the plugin's tables ({@link NodeLedger}). Two steps, both under the one
 * admission lock:
 * <ol>
 *   <li>{@link #place}: the preflight, wherever it runs, places the session on the (node, device) with the best fit
 *       among the nodes with a fresh reading, and records the reservation there;</li>
 *   <li>{@link #confirm}: the training task, on the worker that claimed it (whose Docker engine will run the
 *       container), checks that the reservation names its own node. If it does, the container starts on the
 *       reserved device. If not (a worker on another node of the queue claimed the try), it admits the session on its
 *       own node from a fresh local reading and that node's reservations, moving the reservation, or waits until its
 *       node has room. The container never starts on a node whose room was not checked under the lock.</li>
 * </ol>
 * Why the worker confirms rather than the preflight routing the try: a queue's tries go to whichever of its workers
 * claims first, and nothing ties a try to one worker; only the process that starts the container knows the node for
 * sure, so that is where "never crash the GPU" is kept. The preflight's placement still decides the pool and usually
 * the node (one GPU worker per queue, or the preflight on the same node).
 *
 * <p>Stateless; thread-safe.
 */
public final class NodeAdmission {

  /** Settings key: a node reading older than this is not admitted onto (its machine may be gone). */
  public static final String STALE_SETTING = "gpu_node_stale";
  public static final Duration DEFAULT_STALE = Duration.ofMinutes(2);

  /** The preflight's decision over all nodes. */
  public record Decision(Optional<NodeRooms.Placement> mine, boolean fits, int poolSize, long largestHeadroomMiB,
                         Set<String> nodes, String reason) {}

  private NodeAdmission() {}

  /** The plugin's tables, when this context has them (a try of the plugin's operator in a daemon or worker). */
  public static Optional<PluginDatabase> database(TaskContext ctx) {
    try {
      return Optional.of(ctx.pluginDatabase());
    } catch (UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  /**
   * Places this run's session over every node with a fresh reading ({@code local}, read just now, replaces this
   * node's recorded one) and records it when it is placed.
   *
   * @param live the admitted sessions of other runs still live (the task instances say which)
   */
  public static Decision place(TaskContext ctx, PluginDatabase db, GpuPreflight preflight, AdmissionQueue queue,
                               String localNode, Optional<GpuSnapshot> local, List<AdmittedSession> live, long mib,
                               List<AdmissionQueue.Waiting> waiting, Instant now) {
    TaskIdentity me = ctx.identity();
    String myId = AdmissionLedger.waitingId(me.dagId(), me.runId());
    Duration stale = PreflightWaitPolicy.duration(ctx.settings(), STALE_SETTING, DEFAULT_STALE);
    return db.inTransaction(c -> {
      NodeLedger.lock(c);
      Map<String, NodeLedger.Held> held = NodeLedger.held(c, me.dagId());
      Map<String, GpuSnapshot> nodes = new LinkedHashMap<>(NodeLedger.readings(c, now.minus(stale)));
      local.ifPresent(s -> nodes.put(localNode, s));
      List<NodeRooms.Session> sessions = sessions(live, held);
      List<NodeRooms.Room> rooms = NodeRooms.rooms(preflight, nodes, sessions);
      Optional<NodeRooms.Placement> mine = NodeRooms.plan(queue, rooms, waiting, now).stream()
          .filter(p -> p.id().equals(myId)).findFirst();
      if (mine.isPresent()) {
        NodeLedger.hold(c, new NodeLedger.Held(me.dagId(), me.runId(), mine.get().node(), mine.get().device(), mib,
            Optional.empty()), now);
      }
      long additional = rooms.stream().mapToLong(r -> Math.max(0, r.device().headroomMiB()) / mib).sum();
      long largest = rooms.stream().mapToLong(r -> r.device().headroomMiB()).max().orElse(0);
      int poolSize = (int) Math.max(1, sessions.size() + Math.min(additional, 1024));
      String reason = nodes.isEmpty()
          ? "no GPU node has a reading newer than " + stale + " (an aloft worker or standalone on a GPU machine"
              + " records one from its start)"
          : (additional >= 1 ? "fits" : "does not fit yet")
              + (": %d MiB needed, %d MiB headroom on the roomiest GPU of %d node(s) %s (after the safety margin and"
              + " %d admitted session(s))").formatted(mib, Math.max(0, largest), nodes.size(), nodes.keySet(),
              sessions.size());
      int size = mine.isPresent() ? Math.max(poolSize, sessions.size() + 1) : poolSize;
      return new Decision(mine, additional >= 1, size, largest, Set.copyOf(nodes.keySet()), reason);
    });
  }

  /** The live sessions with where the table says they are; one the table does not know counts on every node. */
  static List<NodeRooms.Session> sessions(List<AdmittedSession> live, Map<String, NodeLedger.Held> held) {
    List<NodeRooms.Session> out = new ArrayList<>();
    for (AdmittedSession s : live) {
      NodeLedger.Held h = held.get(s.id());
      out.add(h == null
          ? new NodeRooms.Session(s.id(), s.estimateMiB(), Optional.empty(), s.device(), s.container())
          : new NodeRooms.Session(s.id(), h.mib(), Optional.of(h.node()), OptionalInt.of(h.device()),
              h.container().or(s::container)));
    }
    return out;
  }

  /**
   * Before the training container starts: the device of {@code localNode} this session may use, admitting it here
   * when its reservation names another node (or none); waits while this node has no room, up to {@code limit}.
   * Empty when the local GPU cannot be read and nothing was reserved here (the container's own allocation will tell,
   * as on a single machine).
   *
   * @param container the session's container or simulated owner, when known before it starts
   */
  public static OptionalInt confirm(TaskContext ctx, PluginDatabase db, GpuPreflight preflight, GpuProbe probe,
                                    String localNode, long mib, Optional<String> container, PreflightWaitPolicy wait)
      throws InterruptedException {
    TaskIdentity me = ctx.identity();
    Instant since = ctx.clock().instant();
    while (true) {
      long generation = AdmissionLedger.shared().generation();
      Instant now = ctx.clock().instant();
      Optional<GpuSnapshot> snapshot;
      try {
        snapshot = Optional.of(probe.snapshot());
        NodePublisher.publish(db, localNode, probe, snapshot.get(), ctx.clock());
      } catch (GpuUnavailableException e) {
        ctx.log().warn("cannot read this node's GPU (" + e.getMessage() + ")");
        snapshot = Optional.empty();
      }
      Set<String> live = liveRuns(ctx);
      Optional<GpuSnapshot> reading = snapshot;
      Confirmed confirmed = db.inTransaction(c -> {
        NodeLedger.lock(c);
        Map<String, NodeLedger.Held> held = NodeLedger.held(c, me.dagId());
        NodeLedger.Held mine = held.get(me.runId());
        if (mine != null && mine.node().equals(localNode)) {
          NodeLedger.hold(c, new NodeLedger.Held(me.dagId(), me.runId(), localNode, mine.device(), Math.max(mib,
              mine.mib()), container), now);
          return new Confirmed(OptionalInt.of(mine.device()), "reserved here by the preflight");
        }
        if (reading.isEmpty()) {
          return new Confirmed(OptionalInt.empty(), "unchecked");
        }
        List<NodeRooms.Session> here = held.values().stream()
            .filter(h -> h.node().equals(localNode) && !h.runId().equals(me.runId()) && live.contains(h.runId()))
            .map(h -> new NodeRooms.Session(h.runId(), h.mib(), Optional.of(h.node()), OptionalInt.of(h.device()),
                h.container()))
            .toList();
        Optional<NodeRooms.Room> best = NodeRooms.bestFit(
            NodeRooms.rooms(preflight, Map.of(localNode, reading.get()), here), mib);
        if (best.isEmpty()) {
          return null;
        }
        NodeLedger.hold(c, new NodeLedger.Held(me.dagId(), me.runId(), localNode, best.get().device().index(), mib,
            container), now);
        return new Confirmed(OptionalInt.of(best.get().device().index()), mine == null
            ? "admitted here (the preflight recorded no node)"
            : "admitted here, moved from node " + mine.node() + " where the preflight placed it (another worker of the"
                + " queue claimed this try)");
      });
      if (confirmed != null) {
        if (confirmed.device().isPresent()) {
          ctx.log().info("GPU admission on node " + localNode + ": GPU " + confirmed.device().getAsInt() + ", " + mib
              + " MiB, " + confirmed.how());
        }
        return confirmed.device();
      }
      if (!now.isBefore(since.plus(wait.limit()))) {
        throw new TaskFailException(("node %s had no room for this GPU session (%d MiB) within %s: the preflight placed"
            + " it elsewhere and this node's worker claimed the try. Route train_model_gpu to the node's queue, wait for"
            + " running trainings to finish, or raise %s.").formatted(localNode, mib, wait.limit(),
            PreflightWaitPolicy.LIMIT_SETTING));
      }
      ctx.log().info("node " + localNode + " has no room for " + mib + " MiB yet; waiting for a GPU session here to"
          + " end (giving up at " + since.plus(wait.limit()) + ")");
      ctx.heartbeat();
      if (ctx.isCancelled()) {
        throw new InterruptedException("stopped while waiting for GPU room on node " + localNode);
      }
      AdmissionLedger.shared().awaitChange(generation, wait.eventWait());
    }
  }

  private record Confirmed(OptionalInt device, String how) {}

  /** Runs whose training try is not finished (other runs' reservations on this node count only while live). */
  private static Set<String> liveRuns(TaskContext ctx) {
    TaskIdentity me = ctx.identity();
    return ctx.taskInstances(me.dagId(), me.taskId()).stream()
        .filter(ti -> ti.state() == null || !GpuPreflightOperator.FINISHED.contains(ti.state()))
        .map(TaskInstanceView::runId).collect(Collectors.toSet());
  }

  /** Records a raised reservation (after a GPU out-of-memory) on the node and device the session holds. */
  public static void raise(PluginDatabase db, TaskIdentity id, String node, int device, long mib,
                           Optional<String> container, Instant now) {
    db.inTransaction(c -> {
      NodeLedger.hold(c, new NodeLedger.Held(id.dagId(), id.runId(), node, device, mib, container), now);
      return null;
    });
  }

  /**
   * Records that the session's container runs on its node's GPU (its processes show there), with this node's reading
   * of that moment, so that a training sensor on another machine, which cannot see the container on its own Docker
   * engine, sees the session "in the air" ({@link #onGpuElsewhere}).
   */
  public static void attach(PluginDatabase db, TaskIdentity id, String node, String container, GpuProbe probe,
                            GpuSnapshot reading, java.time.Clock clock) {
    db.inTransaction(c -> {
      NodeLedger.attach(c, id.dagId(), id.runId(), container);
      NodeLedger.publish(c, node, probe.describe(), reading, clock.instant());
      return null;
    });
  }

  /**
   * The node, other than {@code localNode}, whose fresh reading shows this run's session's container on its GPU;
   * empty when the session is not known to run elsewhere (or not on the GPU yet).
   */
  public static Optional<String> onGpuElsewhere(PluginDatabase db, Map<String, String> settings, Instant now,
                                                String dagId, String runId, String localNode) {
    Duration stale = PreflightWaitPolicy.duration(settings, STALE_SETTING, DEFAULT_STALE);
    return db.inTransaction(c -> {
      NodeLedger.Held h = NodeLedger.held(c, dagId).get(runId);
      if (h == null || h.node().equals(localNode) || h.container().isEmpty()) {
        return Optional.<String>empty();
      }
      GpuSnapshot s = NodeLedger.readings(c, now.minus(stale)).get(h.node());
      return s != null && !s.processesOf(h.container().get()).isEmpty() ? Optional.of(h.node())
          : Optional.<String>empty();
    });
  }

  /** Drops the run's reservation: its session ended or will not start. */
  public static void release(PluginDatabase db, String dagId, String runId) {
    db.inTransaction(c -> {
      NodeLedger.release(c, dagId, runId);
      return null;
    });
  }
}
