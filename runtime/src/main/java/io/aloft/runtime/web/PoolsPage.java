package io.aloft.runtime.web;

import static io.aloft.runtime.web.Html.esc;
import static io.aloft.runtime.web.Html.seg;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.Pools;
import io.aloft.runtime.app.Users;
import io.aloft.runtime.store.PoolRow;
import io.javalin.http.Context;

/** {@code /pools}: slots, running, queued and open per pool; resize, create and delete. */
final class PoolsPage {

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
    StringBuilder sb = new StringBuilder();
    sb.append("<div class=\"page-head\"><h1>Pools</h1></div>");
    if (error != null) {
      sb.append("<div class=\"banner banner-error\" id=\"pool-error\">").append(esc(error)).append("</div>");
    }
    sb.append("<div class=\"card flush\"><table class=\"table\" id=\"pool-table\"><thead><tr><th>Pool</th><th>Slots</th>")
        .append("<th>Running</th><th>Queued</th><th>Open</th><th>Usage</th><th>Description</th><th></th></tr></thead><tbody>");
    for (PoolRow p : app.pools().list()) {
      String action = "/pools/" + seg(p.name());
      int used = p.running() + p.queued();
      int pct = p.slots() == 0 ? (used > 0 ? 100 : 0) : Math.min(100, used * 100 / p.slots());
      sb.append("<tr data-pool=\"").append(esc(p.name())).append("\"><td><strong>").append(esc(p.name())).append("</strong></td><td>")
          .append("<form method=\"post\" action=\"").append(action).append("\" class=\"inline slots-form\">").append(Html.csrfField(ctx))
          .append("<input type=\"number\" min=\"0\" name=\"slots\" class=\"slots\" value=\"").append(p.slots())
          .append("\"><button class=\"btn btn-small\" type=\"submit\">Save</button></form></td>")
          .append("<td><span class=\"num st-text-running\">").append(p.running()).append("</span></td>")
          .append("<td><span class=\"num st-text-queued\">").append(p.queued()).append("</span></td>")
          .append("<td><span class=\"num\">").append(p.open()).append("</span></td>")
          .append("<td><div class=\"meter\"><div style=\"width:").append(pct).append("%\"></div></div></td>")
          .append("<td class=\"muted\">").append(esc(p.description())).append("</td><td>");
      if (!Pools.DEFAULT_POOL.equals(p.name())) {
        sb.append("<form method=\"post\" action=\"").append(action).append("/delete\" class=\"inline confirm\" data-confirm=\"Delete pool ")
            .append(esc(p.name())).append("?\">").append(Html.csrfField(ctx))
            .append("<button class=\"btn btn-small btn-danger\" type=\"submit\">Delete</button></form>");
      }
      sb.append("</td></tr>");
    }
    sb.append("</tbody></table></div>");
    sb.append("<form class=\"card inline-form\" method=\"post\" action=\"/pools\" id=\"new-pool\">").append(Html.csrfField(ctx))
        .append("<h2>New pool</h2><input name=\"name\" placeholder=\"name\" required>")
        .append("<input type=\"number\" min=\"0\" name=\"slots\" placeholder=\"slots\" required>")
        .append("<input name=\"description\" placeholder=\"description\">")
        .append("<button class=\"btn btn-primary\" type=\"submit\">Create</button></form>");
    ctx.status(status).html(Html.page(ctx, "Pools", "Pools", users.defaultPasswordInUse(), sb.toString()));
  }

  void save(Context ctx) {
    String name = ctx.pathParamMap().containsKey("pool_name") ? ctx.pathParam("pool_name") : ctx.formParam("name");
    try {
      int slots = Integer.parseInt(String.valueOf(ctx.formParam("slots")).trim());
      String description = ctx.formParam("description");
      app.pools().set(io.aloft.runtime.api.Callers.of(ctx), name, slots, description == null || description.isBlank() ? null : description);
      ctx.redirect("/pools");
    } catch (NumberFormatException e) {
      render(ctx, "Slots must be a whole number.", 400);
    } catch (IllegalArgumentException e) {
      render(ctx, e.getMessage(), 400);
    }
  }

  void delete(Context ctx) {
    try {
      app.pools().delete(io.aloft.runtime.api.Callers.of(ctx), ctx.pathParam("pool_name"));
      ctx.redirect("/pools");
    } catch (IllegalArgumentException e) {
      render(ctx, e.getMessage(), 400);
    }
  }
}
