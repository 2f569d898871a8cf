package io.aloft.runtime.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a data-aware DAG waits for: exactly one of {@code uri} (one dataset), {@code all} (every part;
 * Airflow's {@code DatasetAll}, {@code a & b}, {@code schedule=[a, b]}), {@code any} (one part;
 * {@code DatasetAny}, {@code a | b}) or {@code alias} (a {@code DatasetAlias}: any of the datasets added to it so
 * far, resolved when the condition is evaluated; an alias nothing was added to is never met). Immutable value, part of a {@link Schedule}; safe to share between threads.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetCondition(String uri, List<DatasetCondition> all, List<DatasetCondition> any, String alias) {

  public DatasetCondition {
    int set = (uri != null ? 1 : 0) + (all != null ? 1 : 0) + (any != null ? 1 : 0) + (alias != null ? 1 : 0);
    if (set != 1) {
      throw new IllegalArgumentException("a dataset condition needs exactly one of uri, all, any or alias;"
          + " got uri=%s all=%s any=%s alias=%s".formatted(uri, all, any, alias));
    }
    all = all == null ? null : List.copyOf(all);
    any = any == null ? null : List.copyOf(any);
  }

  /** A condition without aliases (the three-part form conditions had before aliases). */
  public DatasetCondition(String uri, List<DatasetCondition> all, List<DatasetCondition> any) {
    this(uri, all, any, null);
  }

  public static DatasetCondition of(String uri) {
    return new DatasetCondition(uri, null, null);
  }

  public static DatasetCondition alias(String name) {
    return new DatasetCondition(null, null, null, name);
  }

  public static DatasetCondition allOf(DatasetCondition... parts) {
    return new DatasetCondition(null, List.of(parts), null);
  }

  public static DatasetCondition anyOf(DatasetCondition... parts) {
    return new DatasetCondition(null, null, List.of(parts));
  }

  /** Whether the condition holds when exactly the datasets {@code updated} accepts have new events. */
  public boolean isMet(Predicate<String> updated) {
    return isMet(updated, a -> Set.of());
  }

  /** As {@link #isMet(Predicate)}, with {@code aliasUris} naming the datasets each alias resolves to. */
  public boolean isMet(Predicate<String> updated, Function<String, Set<String>> aliasUris) {
    if (uri != null) {
      return updated.test(uri);
    }
    if (alias != null) {
      return aliasUris.apply(alias).stream().anyMatch(updated);
    }
    if (all != null) {
      return all.stream().allMatch(c -> c.isMet(updated, aliasUris));
    }
    return any.stream().anyMatch(c -> c.isMet(updated, aliasUris));
  }

  /** Every alias the condition names, in first-seen order. */
  public List<String> aliases() {
    Set<String> out = new LinkedHashSet<>();
    collectAliases(out);
    return new ArrayList<>(out);
  }

  private void collectAliases(Set<String> out) {
    if (alias != null) {
      out.add(alias);
    } else if (uri == null) {
      for (DatasetCondition c : all != null ? all : any) {
        c.collectAliases(out);
      }
    }
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
    } else if (alias == null) {
      for (DatasetCondition c : all != null ? all : any) {
        c.collect(out);
      }
    }
  }
}
