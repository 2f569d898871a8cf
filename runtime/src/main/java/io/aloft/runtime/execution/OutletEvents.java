package io.aloft.runtime.execution;

import java.util.List;
import java.util.Map;

/**
 * What a Python task said about the dataset events its success emits: the {@code extra} of each outlet dataset
 * ({@code outlet_events[ds].extra = {...}}, {@code yield Metadata(ds, {...})}) and the events it added through
 * its outlet aliases ({@code outlet_events[alias].add(Dataset(uri), extra=...)}). Immutable.
 *
 * @param extras by outlet dataset URI; an outlet not named here emits its event with an empty extra
 * @param aliasEvents one event each, for a dataset added to one or more of the task's outlet aliases
 */
public record OutletEvents(Map<String, Map<String, Object>> extras, List<AliasEvent> aliasEvents) {

  public static final OutletEvents NONE = new OutletEvents(Map.of(), List.of());

  public OutletEvents {
    extras = extras == null ? Map.of() : Map.copyOf(extras);
    aliasEvents = aliasEvents == null ? List.of() : List.copyOf(aliasEvents);
  }

  /** The extra of an outlet dataset's event (empty when the task set none). */
  public Map<String, Object> extraOf(String uri) {
    return extras.getOrDefault(uri, Map.of());
  }

  /** A dataset event added through aliases: the dataset joins each alias, and its consumers are queued. */
  public record AliasEvent(String uri, Map<String, Object> extra, List<String> aliases) {
    public AliasEvent {
      extra = extra == null ? Map.of() : extra;
      aliases = List.copyOf(aliases);
    }
  }
}
