package io.aloft.runtime.execution;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Folders and files only their owner may read: the data directory and task logs hold what tasks printed,
 * which can include secrets the masker did not know about. Folders are created {@code 700}, files {@code 600}
 * (on file systems without POSIX modes, such as Windows', the platform's defaults stay). Stateless.
 */
public final class PrivateFiles {

  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {}

  /** Creates {@code dir} and any missing parents as {@code 700}; existing folders are left as they are. */
  public static Path createDirectories(Path dir) throws IOException {
    if (!POSIX) {
      return Files.createDirectories(dir);
    }
    Deque<Path> missing = new ArrayDeque<>();
    for (Path p = dir.toAbsolutePath(); p != null && !Files.isDirectory(p); p = p.getParent()) {
      missing.push(p);
    }
    FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(DIR);
    for (Path p : missing) {
      try {
        Files.createDirectory(p, mode);
        Files.setPosixFilePermissions(p, DIR); // the umask may have taken bits away; never adds any beyond 700
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // another thread made it first
      }
    }
    return dir;
  }

  /** Creates {@code dir} as {@link #createDirectories} does, and narrows it to {@code 700} if it is wider. */
  public static Path createPrivateDirectory(Path dir) throws IOException {
    createDirectories(dir);
    if (POSIX && !Files.getPosixFilePermissions(dir).equals(DIR)) {
      Files.setPosixFilePermissions(dir, DIR);
    }
    return dir;
  }

  /**
   * Opens {@code file} for appending UTF-8 text, creating it as {@code 600}. The writer is a plain file stream, not
   * a channel: a channel closes itself when its thread is interrupted, and a try's thread is interrupted when the
   * try is killed — exactly when its last lines (why it ended) must still reach its log.
   */
  public static Writer appendWriter(Path file) throws IOException {
    if (POSIX && !Files.exists(file)) {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // another writer made it first, with the same mode
      }
    }
    return new java.io.OutputStreamWriter(new java.io.FileOutputStream(file.toFile(), true), StandardCharsets.UTF_8);
  }
}
