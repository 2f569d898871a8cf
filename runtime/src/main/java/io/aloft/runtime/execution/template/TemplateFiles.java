package io.aloft.runtime.execution.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Airflow's {@code template_ext}: a template field whose string value ends with one of the operator's
 * extensions (BashOperator: {@code .sh}, {@code .bash}) names a template file, looked up in the search
 * path (the DAG file's folder first, as Airflow's default {@code template_searchpath}), whose content
 * is rendered instead.
 *
 * <p>Example: {@code new TemplateFiles(List.of(dagFolder), List.of(".sh", ".bash"))}.
 */
public record TemplateFiles(List<Path> searchPath, List<String> extensions) {

  public TemplateFiles {
    searchPath = List.copyOf(searchPath);
    extensions = List.copyOf(extensions);
  }

  /** No template files: every string is a template itself. */
  public static TemplateFiles none() {
    return new TemplateFiles(List.of(), List.of());
  }

  boolean isFileReference(String value) {
    return extensions.stream().anyMatch(value::endsWith);
  }

  /** The file's content, or empty when no search path entry has it. */
  Optional<String> load(String name) {
    Path asGiven = Path.of(name);
    List<Path> candidates =
        asGiven.isAbsolute() ? List.of(asGiven) : searchPath.stream().map(d -> d.resolve(name)).toList();
    for (Path p : candidates) {
      if (Files.isRegularFile(p)) {
        try {
          return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read template file " + p, e);
        }
      }
    }
    return Optional.empty();
  }
}
