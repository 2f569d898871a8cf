package io.aloft.runtime.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Python package extracted from a jar: once per content, to a folder named by that content. */
class PythonResourcesTest {

  @TempDir Path dir;

  private Path jar(String name, Map<String, String> files) throws IOException {
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
      for (var f : files.entrySet()) {
        j.putNextEntry(new JarEntry(f.getKey()));
        j.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        j.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void extractsOncePerContentAndANewContentGetsItsOwnFolder() throws IOException {
    Path cache = dir.resolve("cache");
    Path first = PythonResources.extract(
        jar("a.jar", Map.of("python/airflow/__init__.py", "X = 1\n", "other/skip.txt", "no")), cache);
    assertThat(first.resolve("airflow/__init__.py")).hasContent("X = 1");
    assertThat(first.resolve("other")).doesNotExist();

    Files.writeString(first.resolve("airflow/__init__.py"), "touched = True\n");
    Path again = PythonResources.extract(jar("b.jar", Map.of("python/airflow/__init__.py", "X = 1\n")), cache);
    assertThat(again).as("same content, same folder, not extracted again").isEqualTo(first);
    assertThat(again.resolve("airflow/__init__.py")).hasContent("touched = True");

    Path changed = PythonResources.extract(jar("c.jar", Map.of("python/airflow/__init__.py", "X = 2\n")), cache);
    assertThat(changed).as("same size, other bytes").isNotEqualTo(first);
    assertThat(changed.resolve("airflow/__init__.py")).hasContent("X = 2");
  }
}
