package io.aloft.runtime.dagfile;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileStore;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says when something in the DAGs folder may have changed, so that an idle daemon need not list a thousand files
 * every two seconds to find out: the kernel's file events (inotify, through {@link WatchService}) on the folder and
 * each of its sub-folders. Used only where events are known to arrive — Linux, on a local file system (ext4, xfs,
 * btrfs, tmpfs, overlay ...): a shared folder (NFS, SMB, sshfs and other FUSE mounts, a Docker Desktop file share)
 * does not report what another machine writes, so there {@link #open} answers empty and the caller keeps listing the
 * folder. Even where events arrive some changes make none (a {@code .py} symlinked from outside the folder whose
 * target changes; the kernel's queue overflowing is reported and counts as a change), so the caller still lists the
 * whole folder now and then ({@code dag_dir_list_interval}).
 *
 * <p>Threading: {@link #await} is called from one thread (the DAG-folder watcher's); {@link #close} from any.
 * Lifecycle: opened before the first listing (a change during that listing is then not lost), closed with the daemon.
 */
public final class DagFolderEvents implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DagFolderEvents.class);

  /** File systems whose changes the local kernel sees, all of them: a write from elsewhere is not possible. */
  private static final Set<String> LOCAL = Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "ramfs", "zfs",
      "f2fs", "jfs", "reiserfs", "bcachefs", "overlay");

  private final Path folder;
  private final WatchService service;
  /** The registered folders by their key; a folder deleted (or moved away) loses its key. */
  private final Map<WatchKey, Path> folders = new HashMap<>();

  private DagFolderEvents(Path folder, WatchService service) {
    this.folder = folder;
    this.service = service;
  }

  /**
   * Watches {@code folder} and its sub-folders, when events there can be trusted; empty (with the reason logged once)
   * when they cannot, or the folder does not exist yet: then the caller lists the folder at every check.
   */
  public static java.util.Optional<DagFolderEvents> open(Path folder) {
    String why = untrusted(folder);
    if (why != null) {
      LOG.info("DAGs folder {}: listed every 2 s ({})", folder, why);
      return java.util.Optional.empty();
    }
    try {
      DagFolderEvents events = new DagFolderEvents(folder, FileSystems.getDefault().newWatchService());
      events.registerTree();
      LOG.info("DAGs folder {}: watched through file events, listed in full every dag_dir_list_interval", folder);
      return java.util.Optional.of(events);
    } catch (IOException | RuntimeException e) {
      // e.g. the per-user inotify limit (fs.inotify.max_user_watches / max_user_instances) is reached
      LOG.warn("DAGs folder {}: cannot watch it through file events, listed every 2 s instead: {}", folder, e.toString());
      return java.util.Optional.empty();
    }
  }

  /** Why events in {@code folder} cannot be trusted, or null when they can. */
  static String untrusted(Path folder) {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return "file events are used on Linux only (elsewhere the JDK polls too)";
    }
    if (!Files.isDirectory(folder)) {
      return "it does not exist yet";
    }
    try {
      FileStore store = Files.getFileStore(folder);
      String type = store.type().toLowerCase(Locale.ROOT);
      return LOCAL.contains(type) ? null
          : "a " + type + " file system, whose changes from other machines make no file events here";
    } catch (IOException e) {
      return "its file system is unknown: " + e.getMessage();
    }
  }

  /**
   * Waits up to {@code max} for a change in the folder; then waits until no event came for {@code settle} (an editor's
   * save or a checkout is several events; a file being written is read once it is done), at most {@code max} more.
   * Events about Python's byte-code caches do not count.
   *
   * @return true when something changed (or may have: events were lost, a watched folder went away)
   * @throws InterruptedException when the daemon stops
   */
  public boolean await(Duration max, Duration settle) throws InterruptedException {
    if (!folders.containsValue(folder)) {
      // the folder was deleted (its key went with it): watch it again once it is back, and list it then
      registerTree();
      if (folders.containsValue(folder)) {
        return true;
      }
    }
    try {
      WatchKey key = service.poll(max.toMillis(), TimeUnit.MILLISECONDS);
      boolean changed = false;
      long until = System.nanoTime() + max.toNanos();
      while (key != null) {
        changed |= drain(key);
        if (!changed) {
          // only byte-code cache noise so far: keep waiting for a real change within the same bound
          long left = until - System.nanoTime();
          key = left <= 0 ? null : service.poll(left, TimeUnit.NANOSECONDS);
        } else {
          key = System.nanoTime() - until > 0 ? null : service.poll(settle.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
      if (changed) {
        registerTree(); // new sub-folders, and the folder itself when it was deleted and made again
      }
      return changed;
    } catch (ClosedWatchServiceException e) {
      throw new InterruptedException("the DAGs folder's watch was closed");
    }
  }

  /** Takes the key's events; true when one of them may change what the folder holds. */
  private boolean drain(WatchKey key) {
    boolean changed = false;
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
        changed = true; // the kernel dropped events: only a listing knows what happened
        continue;
      }
      String name = event.context() == null ? "" : event.context().toString();
      changed |= !(name.equals("__pycache__") || name.endsWith(".pyc"));
    }
    if (!key.reset()) {
      folders.remove(key); // its folder is gone: a change the listing will see
      changed = true;
    }
    return changed;
  }

  /** Registers the folder and its sub-folders ({@code __pycache__} aside); registering one again is harmless. */
  private void registerTree() {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try {
      Files.walkFileTree(folder, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
          if (dir.getFileName() != null && dir.getFileName().toString().equals("__pycache__") && !dir.equals(folder)) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          folders.put(dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
              StandardWatchEventKinds.ENTRY_MODIFY), dir);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path p, IOException e) {
          return FileVisitResult.CONTINUE; // gone since it was listed: its parent's event says so
        }
      });
    } catch (IOException e) {
      LOG.warn("watching the sub-folders of {} failed (the periodic listing still finds their files): {}", folder,
          e.toString());
    }
  }

  /** How many folders are watched (tests). */
  int watched() {
    return (int) folders.keySet().stream().filter(WatchKey::isValid).count();
  }

  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      LOG.debug("closing the DAGs folder's watch: {}", e.toString());
    }
  }
}
