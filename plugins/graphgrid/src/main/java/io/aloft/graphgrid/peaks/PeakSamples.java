package io.aloft.graphgrid.peaks;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where finished GPU sessions' peaks are kept, per model, oldest first. {@link InMemoryPeakSamples} serves the
 * simulator and tests; {@link DatabasePeakSamples} keeps them in the plugin's table, shared by every machine on one
 * metadata database; {@link FilePeakSamples} keeps them in a JSON file under the home where a task has no plugin
 * database. {@link PeakStores} picks one. Implementations are thread-safe and keep at most {@link #KEPT} samples
 * per model, dropping the oldest: a model's memory follows its code, so old history matters less.
 */
public interface PeakSamples {

  /** The most samples kept per model. */
  int KEPT = 50;

  /** The samples of one model, oldest first; empty when there are none. */
  List<PeakSample> of(String model);

  /** Adds one sample (dropping the model's oldest beyond {@link #KEPT}). */
  void add(PeakSample sample);

  /** Every model with samples. */
  Set<String> models();

  /** All samples by model. */
  default Map<String, List<PeakSample>> all() {
    java.util.Map<String, List<PeakSample>> out = new java.util.TreeMap<>();
    for (String model : models()) {
      out.put(model, of(model));
    }
    return out;
  }
}
