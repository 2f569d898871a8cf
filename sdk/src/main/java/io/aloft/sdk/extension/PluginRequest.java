package io.aloft.sdk.extension;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One authenticated HTTP request to a plugin route or page.
 *
 * @param pathParams values of {@code {name}} segments of the route's path
 * @param query query parameters, each with its values in order
 * @param body the request body as text (empty for GET)
 * @param user the authenticated user's name
 */
public record PluginRequest(Map<String, String> pathParams, Map<String, List<String>> query, String body, String user) {

  public PluginRequest {
    pathParams = Map.copyOf(pathParams);
    query = Map.copyOf(query);
    body = body == null ? "" : body;
  }

  /** The first value of a query parameter. */
  public Optional<String> queryParam(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
