package io.aloft.runtime.api;

import io.javalin.http.Context;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Airflow's collection parameters: {@code limit} (default and maximum 100), {@code offset}, and {@code
 * order_by} (a field name, {@code -} in front for descending).
 */
record Paging(int limit, int offset, String orderBy, boolean descending) {

  static final int MAX_LIMIT = 100;

  static Paging of(Context ctx, String defaultOrder, Set<String> orderable) {
    int limit = intParam(ctx, "limit", MAX_LIMIT);
    int offset = intParam(ctx, "offset", 0);
    if (limit < 0 || offset < 0) {
      throw ApiException.badRequest("limit and offset must not be negative");
    }
    String order = ctx.queryParam("order_by");
    if (order == null || order.isBlank()) {
      order = defaultOrder;
    }
    boolean desc = order.startsWith("-");
    String field = desc ? order.substring(1) : order;
    if (!orderable.contains(field)) {
      throw ApiException.badRequest(
          "Ordering with '" + field + "' is disallowed or the attribute does not exist on the model; use one of "
              + orderable.stream().sorted().toList());
    }
    return new Paging(Math.min(limit, MAX_LIMIT), offset, field, desc);
  }

  static int intParam(Context ctx, String name, int dflt) {
    String s = ctx.queryParam(name);
    if (s == null || s.isBlank()) {
      return dflt;
    }
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("'" + name + "' must be an integer, got '" + s + "'");
    }
  }

  /** One page of an in-memory list of JSON objects, sorted by the order field (nulls first). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  List<Map<String, Object>> page(List<Map<String, Object>> all) {
    Comparator<Map<String, Object>> c =
        Comparator.comparing(m -> (Comparable) sortKey(m.get(orderBy)), Comparator.nullsFirst(Comparator.naturalOrder()));
    if (descending) {
      c = c.reversed();
    }
    return all.stream().sorted(c).skip(offset).limit(limit).toList();
  }

  private static Object sortKey(Object v) {
    if (v == null || v instanceof Comparable) {
      return v;
    }
    return v.toString();
  }
}
