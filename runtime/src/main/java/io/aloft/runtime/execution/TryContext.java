package io.aloft.runtime.execution;

import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.TiKey;
import io.aloft.sdk.Connection;
import io.aloft.sdk.Pools;
import io.aloft.sdk.RunInfo;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.TaskInstanceView;
import io.aloft.sdk.TaskLog;
import io.aloft.sdk.XCom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** The runtime's {@link TaskContext} for one try, backed by the store. */
final class TryContext implements TaskContext {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TryContext.class);

  private final TaskIdentity identity;
  private final RunInfo run;
  private final TryLog log;
  private final Map<String, Object> conf;
  private final Stores stores;
  private final SecretMasker masker;
  private final Clock clock;
  private final Map<String, String> settings;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final boolean resumed;
  private volatile String pluginId;
  private volatile java.util.Set<String> sameMapIndexTasks = java.util.Set.of();
  private volatile Map<String, Object> templateExtras = Map.of();
  private volatile java.util.function.BiFunction<Object, Map<String, Object>, Object> templateRenderer;

  TryContext(
      TaskIdentity identity,
      RunInfo run,
      TryLog log,
      Map<String, Object> conf,
      Stores stores,
      SecretMasker masker,
      Clock clock,
      Map<String, String> settings,
      boolean resumed) {
    this.resumed = resumed;
    this.identity = identity;
    this.run = run;
    this.log = log;
    this.conf = conf;
    this.stores = stores;
    this.masker = masker;
    this.clock = clock;
    this.settings = settings;
  }

  /** The tasks of this task's mapped task group, whose XComs it reads at its own map index. */
  void sameMapIndexTasks(java.util.Set<String> taskIds) {
    sameMapIndexTasks = java.util.Set.copyOf(taskIds);
  }

  /**
   * What the try's Python code added to its context ({@code get_current_context()["name"] = value}): Airflow renders
   * the {@code map_index_template} after the try with that context, so these names are visible to it.
   */
  void templateExtras(Map<String, Object> extras) {
    templateExtras = extras == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extras));
  }

  Map<String, Object> templateExtras() {
    return templateExtras;
  }

  /** How the try's own {@code render_template(value, context)} calls render: set once its templates are known. */
  void templateRenderer(java.util.function.BiFunction<Object, Map<String, Object>, Object> renderer) {
    templateRenderer = renderer;
  }

  /** {@code value} rendered with the try's template context and {@code extras}, for the task's Python code. */
  Object renderTemplate(Object value, Map<String, Object> extras) {
    java.util.function.BiFunction<Object, Map<String, Object>, Object> r = templateRenderer;
    if (r == null) {
      throw new IllegalStateException("render_template: the try's templates are not ready");
    }
    return r.apply(value, extras == null ? Map.of() : extras);
  }

  TiKey key() {
    return new TiKey(identity.dagId(), identity.runId(), identity.taskId(), identity.mapIndex());
  }

  /** The value with every registered secret masked, for anything shown to users. */
  Object mask(Object value) {
    return masker.maskDeep(value);
  }

  void cancel() {
    cancelled.set(true);
  }

  @Override
  public TaskIdentity identity() {
    return identity;
  }

  @Override
  public RunInfo run() {
    return run;
  }

  @Override
  public boolean resumed() {
    return resumed;
  }

  @Override
  public void recordWork(String workId) {
    // The work (a created container) waits for PostgreSQL to come back rather than fail the try: it must be
    // recorded before its start, and starting it unrecorded could start it twice after a crash.
    untilStored("recording its work", () -> {
      stores.taskInstances().recordWork(key(), identity.tryNumber(), workId);
      return null;
    });
  }

  @Override
  public java.util.Optional<String> recordedWork() {
    return untilStored("reading its recorded work", () -> stores.taskInstances().recordedWork(key(), identity.tryNumber()));
  }

  private <T> T untilStored(String what, java.util.function.Supplier<T> work) {
    try {
      return io.aloft.runtime.store.StoreOutage.retry(LOG, "try " + key() + ": " + what, work);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the try was stopped while PostgreSQL was unreachable", e);
    }
  }


  @Override
  public TaskLog log() {
    return log;
  }

  @Override
  public XCom xcom() {
    return new XCom() {
      @Override
      public void push(String k, Object value) {
        stores.xcoms().push(key(), k, value, clock.instant());
      }

      @Override
      public Optional<Object> pull(String taskId, String k) {
        // Within a mapped task group, instance i reads instance i of the group's other tasks (as Airflow 2.10).
        Integer mapIndex = identity.mapIndex() >= 0 && sameMapIndexTasks.contains(taskId) ? identity.mapIndex() : null;
        return stores.xcoms().pull(identity.dagId(), identity.runId(), taskId, k, mapIndex);
      }
    };
  }

  /**
   * Python's {@code ti.xcom_pull(task_ids=..., map_indexes=...)} with Airflow 2.10's rules: one task id and no or one
   * map index answer one value (a mapped task's values as a list in map-index order; within a mapped task group the
   * group's tasks at this instance's index), or {@code dflt} when nothing matches; a list of task ids or of map
   * indexes answers a flat list of the values found, ordered by the lists' order and then by map index.
   */
  Object xcomPull(Object taskIds, String key, Object mapIndexes, Object dflt) {
    if (taskIds == null) {
      taskIds = identity.taskId(); // Airflow's default: the pulling task itself
    }
    boolean multi = taskIds instanceof List<?> || mapIndexes instanceof List<?>;
    if (!multi) {
      String taskId = String.valueOf(taskIds);
      Optional<Object> one = mapIndexes == null
          ? xcom().pull(taskId, key)
          : stores.xcoms().pull(identity.dagId(), identity.runId(), taskId, key, ((Number) mapIndexes).intValue());
      return one.orElse(dflt);
    }
    List<?> ids = taskIds instanceof List<?> l ? l : List.of(taskIds);
    List<Object> out = new java.util.ArrayList<>();
    for (Object id : ids) {
      String taskId = String.valueOf(id);
      if (mapIndexes instanceof List<?> indexes) {
        for (Object index : indexes) {
          stores.xcoms().pull(identity.dagId(), identity.runId(), taskId, key, ((Number) index).intValue())
              .ifPresent(out::add);
        }
      } else if (mapIndexes != null) {
        stores.xcoms().pull(identity.dagId(), identity.runId(), taskId, key, ((Number) mapIndexes).intValue())
            .ifPresent(out::add);
      } else if (identity.mapIndex() >= 0 && sameMapIndexTasks.contains(taskId)) {
        xcom().pull(taskId, key).ifPresent(out::add);
      } else {
        out.addAll(stores.xcoms().pullEach(identity.dagId(), identity.runId(), taskId, key));
      }
    }
    return out;
  }

  @Override
  public Map<String, Object> conf() {
    return conf;
  }

  /** The variable's value; one under a sensitive key is masked in this try's log from now on. */
  @Override
  public Optional<String> variable(String k) {
    return stores.variables().get(k).map(v -> masker.fetched(k, v.val()));
  }

  @Override
  public Optional<Connection> connection(String connId) {
    Optional<Connection> c = stores.connections().get(connId);
    c.map(Connection::password).ifPresent(masker::add);
    c.map(Connection::extra).ifPresent(masker::fetchedDeep);
    return c;
  }

  @Override
  public Pools pools() {
    return new Pools() {
      @Override
      public Optional<PoolView> get(String name) {
        return stores.pools().get(name).map(p -> new PoolView(p.name(), p.slots(), p.running(), p.queued(), p.description()));
      }

      @Override
      public void set(String name, int slots, String description) {
        stores.pools().set(name, slots, description);
      }
    };
  }

  @Override
  public List<TaskInstanceView> taskInstances(String dagId, String taskId) {
    return stores.taskInstances().listByTask(dagId, taskId).stream()
        .map(t -> new TaskInstanceView(t.dagId(), t.runId(), t.taskId(), t.mapIndex(), t.tryNumber(), t.state().airflowName(), t.hostname()))
        .toList();
  }

  @Override
  public void registerSecret(String value) {
    masker.add(value);
  }

  @Override
  public void heartbeat() {
    // Liveness is recorded for all of this daemon's tries by the executor's heartbeat thread.
  }

  @Override
  public boolean isCancelled() {
    return cancelled.get();
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Map<String, String> settings() {
    return settings;
  }

  /** The plugin whose operator this try runs, for {@link #pluginDatabase()}; set before the operator is called. */
  void operatorOfPlugin(java.util.Optional<String> pluginId) {
    this.pluginId = pluginId.orElse(null);
  }

  @Override
  public io.aloft.sdk.extension.PluginServices.PluginDatabase pluginDatabase() {
    String id = pluginId;
    if (id == null) {
      throw new UnsupportedOperationException("task " + identity.taskId() + " runs no plugin's operator: only a plugin's"
          + " operators have a plugin database");
    }
    return io.aloft.runtime.plugins.PluginSchemas.database(stores.jdbi(), id);
  }
}
