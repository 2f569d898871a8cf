package io.aloft.runtime.execution.builtin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * JDBC drivers dropped into {@code <plugins folder>/jdbc/} as jars: loaded through one class loader per folder (its
 * parent is Aloft's, so the bundled PostgreSQL driver stays reachable), made again when the folder's jars change, so a
 * driver dropped in while the daemon runs is used by the next try. A driver is the {@code driver_class} a connection
 * names, or else the first whose {@code acceptsURL} takes the URL ({@code java.sql.Driver} services of the jars).
 * Drivers are called directly, not through {@code DriverManager}, which hides drivers of other class loaders.
 * Thread-safe; the loaders live as long as the process.
 */
final class JdbcDrivers {

  /** The sub-folder of the plugins folder that holds driver jars (PF4J skips it). */
  static final String FOLDER = "jdbc";

  /** One loader per folder, with the jar list it was made from. */
  private record Loaded(List<String> signature, URLClassLoader loader) {}

  private static final Map<Path, Loaded> LOADERS = new ConcurrentHashMap<>();

  private JdbcDrivers() {}

  /** The driver folder of a try's settings: {@code plugins_folder} (default {@code <home>/plugins}) + {@code jdbc}. */
  static Path folder(Map<String, String> settings) {
    String plugins = settings.get("plugins_folder");
    Path base = plugins != null && !plugins.isBlank() ? Path.of(plugins)
        : Path.of(settings.getOrDefault("home", ".")).resolve("plugins");
    return base.toAbsolutePath().normalize().resolve(FOLDER);
  }

  /**
   * Opens {@code url} with the named driver class, or with the driver that accepts it.
   *
   * @param driverClass a class name from the connection's extra, or null to find the driver by URL
   */
  static java.sql.Connection connect(Path folder, String url, String driverClass, Properties props) throws SQLException {
    ClassLoader loader = loader(folder);
    Driver driver = driverClass != null && !driverClass.isBlank() ? named(loader, driverClass, folder) : byUrl(loader, url);
    if (driver == null) {
      throw new SQLException("no JDBC driver accepts the URL " + scheme(url) + "...: put the driver's jar into " + folder
          + " (or name its class in the connection's extra as driver_class)");
    }
    java.sql.Connection c = driver.connect(url, props);
    if (c == null) {
      throw new SQLException("the JDBC driver " + driver.getClass().getName() + " does not take the URL " + scheme(url)
          + "...: check the connection's host (the JDBC URL)");
    }
    return c;
  }

  private static Driver named(ClassLoader loader, String name, Path folder) throws SQLException {
    try {
      return (Driver) Class.forName(name, true, loader).getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new SQLException("the JDBC driver class " + name + " is in no jar of " + folder
          + ": put the driver's jar there (read at each try, no restart needed)", e);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new SQLException("cannot make the JDBC driver " + name + ": " + e, e);
    }
  }

  private static Driver byUrl(ClassLoader loader, String url) throws SQLException {
    for (Driver d : ServiceLoader.load(Driver.class, loader)) {
      if (d.acceptsURL(url)) {
        return d;
      }
    }
    return null;
  }

  /** The URL's {@code jdbc:name:} prefix only: the rest may carry credentials. */
  private static String scheme(String url) {
    int second = url.indexOf(':', url.indexOf(':') + 1);
    return second > 0 ? url.substring(0, second + 1) : "a URL not starting with jdbc:";
  }

  private static ClassLoader loader(Path folder) {
    List<Path> jars = jars(folder);
    List<String> signature = new ArrayList<>();
    for (Path j : jars) {
      try {
        signature.add(j + "@" + Files.getLastModifiedTime(j).toMillis() + "/" + Files.size(j));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the JDBC driver jar " + j + ": " + e.getMessage(), e);
      }
    }
    return LOADERS.compute(folder, (f, old) -> {
      if (old != null && old.signature().equals(signature)) {
        return old;
      }
      // An older loader is left to the collector: tries that still use its connections keep working.
      URL[] urls = jars.stream().map(JdbcDrivers::url).toArray(URL[]::new);
      return new Loaded(signature, new URLClassLoader("aloft-jdbc-drivers", urls, JdbcDrivers.class.getClassLoader()));
    }).loader();
  }

  private static List<Path> jars(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the JDBC drivers in " + folder + ": " + e.getMessage(), e);
    }
  }

  private static URL url(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
