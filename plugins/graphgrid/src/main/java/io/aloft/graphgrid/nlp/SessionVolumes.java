package io.aloft.graphgrid.nlp;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import io.aloft.graphgrid.trainer.TrainerSources;
import io.aloft.plugins.docker.DockerTaskRunner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The per-run Docker volume that carries a training session's files ({@code /session} in the trainer), and copies
 * in and out of it. Copies go through a helper container that is created (never started) with the volume mounted,
 * over the Engine API, so they work on a remote engine too. Thread-safe.
 */
public final class SessionVolumes {

  /** Where the volume is mounted in the trainer and in helper containers. */
  public static final String MOUNT = "/session";
  /** Label on session volumes and helper containers. */
  public static final String SESSION_LABEL = "io.aloft.graphgrid.session";
  static final String HELPER_LABEL = "io.aloft.graphgrid.helper";

  private final DockerClient docker;

  public SessionVolumes(DockerClient docker) {
    this.docker = docker;
  }

  /** The volume name of a run: {@code nlp-<run id>} with characters Docker refuses replaced. */
  public static String nameFor(String runId) {
    String clean = runId.replaceAll("[^a-zA-Z0-9_.-]", "_");
    return "nlp-" + clean;
  }

  /** Creates the volume (keeping an existing one: a retried task finds it) and returns its name. */
  public String create(String dagId, String runId) {
    String name = nameFor(runId);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(SESSION_LABEL, runId);
    labels.put(DockerTaskRunner.DAG_LABEL, dagId);
    labels.put(DockerTaskRunner.RUN_LABEL, runId);
    docker.createVolumeCmd().withName(name).withLabels(labels).exec();
    return name;
  }

  public boolean exists(String volume) {
    try {
      docker.inspectVolumeCmd(volume).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /** Removes the volume; false when there was none. */
  public boolean remove(String volume) {
    try {
      docker.removeVolumeCmd(volume).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /** Copies host files into the volume: key is the path in the volume (relative), value the host file. */
  public void copyIn(String volume, String runId, Map<String, Path> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Map.Entry<String, Path> f : files.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(f.getValue().toFile(), f.getKey());
        tar.putArchiveEntry(entry);
        Files.copy(f.getValue(), tar);
        tar.closeArchiveEntry();
      }
    }
    String helper = helper(volume, runId);
    try {
      docker.copyArchiveToContainerCmd(helper).withRemotePath(MOUNT)
          .withTarInputStream(new ByteArrayInputStream(bytes.toByteArray())).exec();
    } finally {
      removeQuietly(helper);
    }
  }

  /**
   * Copies one file out of the volume into {@code target}.
   *
   * @throws IOException when the file is not in the volume
   */
  public void copyOut(String volume, String runId, String pathInVolume, Path target) throws IOException {
    String helper = helper(volume, runId);
    try (InputStream in = docker.copyArchiveFromContainerCmd(helper, MOUNT + "/" + pathInVolume).exec();
         TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        if (e.isFile()) {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          return;
        }
      }
      throw new IOException(pathInVolume + " is not a file in volume " + volume);
    } catch (NotFoundException e) {
      throw new IOException(pathInVolume + " is not in volume " + volume + ": did training write it?", e);
    } finally {
      removeQuietly(helper);
    }
  }

  /** Force-removes every container of this run (task containers and helpers); returns how many. */
  public int removeContainers(String dagId, String runId) {
    Map<String, String> labels = Map.of(DockerTaskRunner.DAG_LABEL, dagId, DockerTaskRunner.RUN_LABEL, runId);
    List<Container> found = docker.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec();
    found.forEach(c -> removeQuietly(c.getId()));
    return found.size();
  }

  private String helper(String volume, String runId) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(HELPER_LABEL, "true");
    labels.put(SESSION_LABEL, runId);
    labels.put(DockerTaskRunner.RUN_LABEL, runId);
    return docker.createContainerCmd(TrainerSources.IMAGE)
        .withLabels(labels)
        .withHostConfig(HostConfig.newHostConfig().withMounts(List.of(
            new Mount().withType(MountType.VOLUME).withSource(volume).withTarget(MOUNT))))
        .exec().getId();
  }

  private void removeQuietly(String id) {
    try {
      docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(false).exec();
    } catch (NotFoundException gone) {
      // Removed already.
    }
  }
}
