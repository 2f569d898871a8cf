package io.aloft.runtime.api;

import io.aloft.runtime.app.PluginExtensions;
import io.aloft.sdk.extension.PluginHttpException;
import io.aloft.sdk.extension.PluginRequest;
import io.aloft.sdk.extension.PluginRoute;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts the plugins' REST routes under {@code /api/v1/}: the web server has already authenticated the caller; a
 * route's result is written as JSON, its {@link PluginHttpException} as problem JSON. A route whose path a core
 * resource or an earlier plugin already answers is left out with a warning. A route that is not a {@code GET} needs
 * {@code can_edit on DAGs} (the User role and up): a Viewer changes nothing through a plugin either.
 */
final class PluginRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(PluginRoutes.class);

  private PluginRoutes() {}

  static void register(Javalin javalin, String base, PluginExtensions extensions) {
    for (PluginExtensions.Mounted<PluginRoute> m : extensions.routes()) {
      PluginRoute route = m.extension();
      String path = base + "/" + route.path();
      try {
        javalin.addHttpHandler(HandlerType.valueOf(route.method().name()), path, ctx -> answer(ctx, m.pluginId(), route));
      } catch (RuntimeException clash) {
        LOG.warn("plugin '{}': route {} {} not mounted ({})", m.pluginId(), route.method(), path, clash.getMessage());
      }
    }
  }

  private static void answer(Context ctx, String pluginId, PluginRoute route) throws Exception {
    if (route.method() != PluginRoute.Method.GET) {
      // a plugin's writes need at least the User role; a plugin wanting more checks PluginRequest's user itself
      Callers.of(ctx).require(io.aloft.runtime.app.Permission.edit(io.aloft.runtime.app.Permission.DAGS));
    }
    PluginRequest request = new PluginRequest(ctx.pathParamMap(), Map.copyOf(ctx.queryParamMap()), ctx.body(),
        ctx.attribute("aloft.user"));
    Object result;
    try {
      result = route.handler().handle(request);
    } catch (PluginHttpException e) {
      throw new ApiException(e.status(), e.title(), e.getMessage());
    }
    ctx.json(result == null ? Map.of() : result);
  }
}
