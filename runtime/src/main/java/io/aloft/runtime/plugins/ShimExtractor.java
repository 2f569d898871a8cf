package io.aloft.runtime.plugins;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;

/**
 * Copies a plugin's Python shim (a resource folder in its jars) to a plain folder that GraalPy can put on
 * its Python path. Only the plugin's own jars are searched, never the daemon's class path, so the SDK's
 * {@code python} folder is not mistaken for the plugin's.
 */
final class ShimExtractor {

  private ShimExtractor() {}

  /**
   * Copies the {@code root/} resource folder of each of the loader's own jars and class folders into
   * {@code target}, replacing what was there. Jars are read entry by entry, since a jar need not list its
   * folders.
   */
  static Path extract(ClassLoader loader, String root, Path target) throws IOException {
    FileUtils.deleteDirectory(target.toFile());
    Files.createDirectories(target);
    if (!(loader instanceof URLClassLoader own)) {
      throw new IOException("cannot list the files of " + loader);
    }
    for (URL url : own.getURLs()) {
      Path source;
      try {
        source = Path.of(url.toURI());
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw new IOException("cannot read a Python shim from " + url, e);
      }
      if (Files.isDirectory(source)) {
        Path folder = source.resolve(root);
        if (Files.isDirectory(folder)) {
          copyTree(folder, target);
        }
      } else if (Files.isRegularFile(source)) {
        try (FileSystem jar = FileSystems.newFileSystem(source, Map.of())) {
          Path folder = jar.getPath("/" + root);
          if (Files.isDirectory(folder)) {
            copyTree(folder, target);
          }
        }
      }
    }
    return target;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

}
