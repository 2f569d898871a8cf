package io.aloft.graphgrid.peaks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Peak samples in memory, lost on exit: for the simulator, tests and hosts without a writable home. Thread-safe. */
public final class InMemoryPeakSamples implements PeakSamples {

  private final Map<String, List<PeakSample>> byModel = new TreeMap<>();

  @Override
  public synchronized List<PeakSample> of(String model) {
    return List.copyOf(byModel.getOrDefault(model, List.of()));
  }

  @Override
  public synchronized void add(PeakSample sample) {
    List<PeakSample> list = byModel.computeIfAbsent(sample.model(), m -> new ArrayList<>());
    list.add(sample);
    while (list.size() > KEPT) {
      list.removeFirst();
    }
  }

  @Override
  public synchronized Set<String> models() {
    return new TreeSet<>(byModel.keySet());
  }
}
