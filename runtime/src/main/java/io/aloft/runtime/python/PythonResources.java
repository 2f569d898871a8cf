package io.aloft.runtime.python;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Finds the Python packages Aloft ships (class-path folder {@code python/}: the {@code airflow} package, Aloft's
 * pendulum, and dateutil and six that the build copies from Debian's packages) as a real directory, which GraalPy's module search path needs. In a development build
 * that is the class-path folder itself; from a jar the folder is extracted once into
 * {@code cacheRoot/python-<content hash>}, so a new build never reads a stale copy.
 */
public final class PythonResources {

  private static final String ROOT = "python/";
  private static final String MARKER = ROOT + "airflow/__init__.py";

  private PythonResources() {}

  /** The directory holding {@code airflow/}, extracting it under {@code cacheRoot} when it lives in a jar. */
  public static Path locate(Path cacheRoot) {
    URL marker = PythonResources.class.getClassLoader().getResource(MARKER);
    if (marker == null) {
      throw new IllegalStateException("the Aloft Python package (" + MARKER + ") is not on the class path");
    }
    try {
      if ("file".equals(marker.getProtocol())) {
        return Path.of(marker.toURI()).getParent().getParent();
      }
      if ("jar".equals(marker.getProtocol())) {
        JarURLConnection connection = (JarURLConnection) marker.openConnection();
        connection.setUseCaches(false);
        return extract(Path.of(connection.getJarFileURL().toURI()), cacheRoot);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Aloft Python package: " + e.getMessage(), e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    throw new IllegalStateException("cannot use the Python package from " + marker);
  }

  static Path extract(Path jar, Path cacheRoot) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      List<JarEntry> entries = new ArrayList<>();
      for (JarEntry e : Collections.list(file.entries())) {
        if (e.getName().startsWith(ROOT) && !e.isDirectory()) {
          entries.add(e);
        }
      }
      entries.sort((a, b) -> a.getName().compareTo(b.getName()));
      // Names, sizes and CRC-32s from the jar's directory: no entry is inflated on a start that finds its copy.
      MessageDigest digest = sha256();
      java.nio.ByteBuffer numbers = java.nio.ByteBuffer.allocate(2 * Long.BYTES);
      for (JarEntry e : entries) {
        digest.update(e.getName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (e.getCrc() >= 0 && e.getSize() >= 0) {
          digest.update(numbers.clear().putLong(e.getCrc()).putLong(e.getSize()).array());
        } else {
          try (InputStream in = file.getInputStream(e)) {
            digest.update(in.readAllBytes());
          }
        }
      }
      String hash = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
      Path target = cacheRoot.resolve("python-" + hash);
      if (Files.isRegularFile(target.resolve(".complete"))) {
        return target;
      }
      Path tmp = Files.createTempDirectory(Files.createDirectories(cacheRoot), "python-tmp");
      for (JarEntry e : entries) {
        Path out = tmp.resolve(e.getName().substring(ROOT.length())).normalize();
        if (!out.startsWith(tmp)) {
          throw new IOException("bad entry " + e.getName());
        }
        Files.createDirectories(out.getParent());
        try (InputStream in = file.getInputStream(e)) {
          Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Files.writeString(tmp.resolve(".complete"), hash);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException raced) {
        // Another daemon extracted the same content first; theirs is as good as ours.
        if (!Files.isRegularFile(target.resolve(".complete"))) {
          throw raced;
        }
      }
      return target;
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
