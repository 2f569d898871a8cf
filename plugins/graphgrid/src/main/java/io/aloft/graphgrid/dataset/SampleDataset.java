package io.aloft.graphgrid.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The sample dataset that ships with Aloft, in GraphGrid's SDK jsonl format: 400 training and 100 eval sentences
 * with IOB entities (PER, ORG, LOC), Penn POS tags, binary and 5-way sentiment and keyphrases. {@link #install}
 * puts it in a dataset store, where a request body names it as
 * {@code {"sdk": {"train": "sample/sample.jsonl", "eval": null}}}.
 */
public final class SampleDataset {

  /** The training file, relative to the dataset store. */
  public static final String TRAIN = "sample/sample.jsonl";
  /** The eval file, relative to the dataset store. */
  public static final String EVAL = "sample/sample-eval.jsonl";
  private static final String ROOT = "graphgrid/datasets/";

  private SampleDataset() {}

  /**
   * Copies the sample into {@code datasetStore} unless a file of that name is already there (a user's edits are
   * kept). Returns the files it wrote.
   *
   * @throws IOException when the store cannot be written
   */
  public static List<Path> install(Path datasetStore) throws IOException {
    List<Path> written = new ArrayList<>();
    for (String file : List.of(TRAIN, EVAL)) {
      Path target = datasetStore.resolve(file);
      if (Files.exists(target)) {
        continue;
      }
      Files.createDirectories(target.getParent());
      Path partial = target.resolveSibling(target.getFileName() + ".part");
      try (InputStream in = SampleDataset.class.getClassLoader().getResourceAsStream(ROOT + file)) {
        if (in == null) {
          throw new IOException("the plugin jar lacks " + ROOT + file + ": rebuild the graphgrid plugin");
        }
        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      written.add(target);
    }
    return written;
  }
}
