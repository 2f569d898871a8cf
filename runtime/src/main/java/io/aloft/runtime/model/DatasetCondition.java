package io.aloft.runtime.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a data-aware DAG waits for: exactly one of {@code uri} (one dataset), {@code all} (every part;
 * Airflow's {@code DatasetAll}, {@code a & b}, {@code schedule=[a, b]}) or {@code any} (one part;
 * {@code DatasetAny}, {@code a | b}). Immutable value, part of a {@link Schedule}; safe to share between threads.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetCondition(String uri, List<DatasetCondition> all, List<DatasetCondition> any) {

  public DatasetCondition {
    int set = (uri != null ? 1 : 0) + (all != null ? 1 : 0) + (any != null ? 1 : 0);
    if (set != 1) {
      throw new IllegalArgumentException(
          "a dataset condition needs exactly one of uri, all or any; got uri=%s all=%s any=%s".formatted(uri, all, any));
    }
    all = all == null ? null : List.copyOf(all);
    any = any == null ? null : List.copyOf(any);
  }

  public static DatasetCondition of(String uri) {
    return new DatasetCondition(uri, null, null);
  }

  public static DatasetCondition allOf(DatasetCondition... parts) {
    return new DatasetCondition(null, List.of(parts), null);
  }

  public static DatasetCondition anyOf(DatasetCondition... parts) {
    return new DatasetCondition(null, null, List.of(parts));
  }

  /** Whether the condition holds when exactly the datasets {@code updated} accepts have new events. */
  public boolean isMet(Predicate<String> updated) {
    if (uri != null) {
      return updated.test(uri);
    }
    if (all != null) {
      return all.stream().allMatch(c -> c.isMet(updated));
    }
    return any.stream().anyMatch(c -> c.isMet(updated));
  }

  /** Every dataset URI the condition names, in first-seen order. */
  public List<String> uris() {
    Set<String> out = new LinkedHashSet<>();
    collect(out);
    return new ArrayList<>(out);
  }

  private void collect(Set<String> out) {
    if (uri != null) {
      out.add(uri);
    } else {
      for (DatasetCondition c : all != null ? all : any) {
        c.collect(out);
      }
    }
  }
}
