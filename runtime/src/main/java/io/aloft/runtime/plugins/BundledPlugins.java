package io.aloft.runtime.plugins;

import io.aloft.runtime.config.AloftConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the plugins built from this repository ({@code plugins/<name>/target/*-plugin.zip}, named by the
 * launcher's {@code ALOFT_BUNDLED_PLUGINS}) into the plugins folder, replacing older copies, so that
 * {@code ./aloft standalone} runs with them while third-party plugins dropped there stay untouched.
 */
public final class BundledPlugins {

  private static final Logger LOG = LoggerFactory.getLogger(BundledPlugins.class);

  private BundledPlugins() {}

  public static void stage(AloftConfig config) {
    config.plugins().bundled().filter(Files::isDirectory).ifPresent(root -> {
      try (Stream<Path> s = Files.walk(root, 3)) {
        Files.createDirectories(config.pluginsFolder());
        for (Path zip : s.filter(p -> p.getFileName().toString().endsWith("-plugin.zip"))
            .filter(p -> p.getParent().getFileName().toString().equals("target")).toList()) {
          Path target = config.pluginsFolder().resolve(zip.getFileName());
          if (!Files.exists(target) || Files.getLastModifiedTime(target).compareTo(Files.getLastModifiedTime(zip)) < 0) {
            Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            LOG.info("Installed bundled plugin {}", zip.getFileName());
          }
        }
      } catch (IOException e) {
        LOG.warn("cannot install the bundled plugins from {}: {}", root, e.getMessage());
      }
    });
  }
}
