package io.aloft.runtime.web;

import static io.aloft.runtime.web.Format.seg;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.Pools;
import io.aloft.runtime.app.Users;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code /pools}: slots, running, queued, deferred and open per pool; resize, create and delete, and whether deferred
 * tasks count against the pool ({@code include_deferred}).
 */
final class PoolsPage {

  /** What {@code pools.jte} shows; {@code error} (null if none) is why the last change was refused. */
  record View(Frame frame, String error, List<Line> pools) {}

  /**
   * A pool's row; {@code action} is where its forms post, {@code usage} the percentage of slots in use (running,
   * queued, and deferred when {@code includeDeferred}), {@code deletable} false for {@code default_pool}.
   */
  record Line(String name, String action, int slots, int running, int queued, int deferred, boolean includeDeferred,
      int open, int usage, String description, boolean deletable) {}

  private final Application app;
  private final Users users;

  PoolsPage(Application app, Users users) {
    this.app = app;
    this.users = users;
  }

  void render(Context ctx) {
    render(ctx, null, 200);
  }

  private void render(Context ctx, String error, int status) {
    List<Line> lines = app.pools().list().stream().map(p -> {
      int used = p.occupied();
      int pct = p.slots() == 0 ? (used > 0 ? 100 : 0) : Math.min(100, used * 100 / p.slots());
      return new Line(p.name(), "/pools/" + seg(p.name()), p.slots(), p.running(), p.queued(), p.deferred(),
          p.includeDeferred(), p.open(), pct,
          p.description(), !Pools.DEFAULT_POOL.equals(p.name()));
    }).toList();
    Templates.page(ctx, status, "pools.jte",
        new View(Frame.of(ctx, "Pools", "Pools", users.defaultPasswordInUse()), error, lines));
  }

  void save(Context ctx) {
    UiAccess.requireChange(ctx);
    String name = ctx.pathParamMap().containsKey("pool_name") ? ctx.pathParam("pool_name") : ctx.formParam("name");
    try {
      int slots = Integer.parseInt(String.valueOf(ctx.formParam("slots")).trim());
      String description = ctx.formParam("description");
      // both forms carry the checkbox: an unchecked box sends nothing
      app.pools().set(io.aloft.runtime.api.Callers.of(ctx), name, slots,
          description == null || description.isBlank() ? null : description, ctx.formParam("include_deferred") != null);
      ctx.redirect("/pools");
    } catch (NumberFormatException e) {
      render(ctx, "Slots must be a whole number.", 400);
    } catch (IllegalArgumentException e) {
      render(ctx, e.getMessage(), 400);
    }
  }

  void delete(Context ctx) {
    UiAccess.requireChange(ctx);
    try {
      app.pools().delete(io.aloft.runtime.api.Callers.of(ctx), ctx.pathParam("pool_name"));
      ctx.redirect("/pools");
    } catch (IllegalArgumentException e) {
      render(ctx, e.getMessage(), 400);
    }
  }
}
