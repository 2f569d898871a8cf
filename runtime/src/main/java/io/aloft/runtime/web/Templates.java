package io.aloft.runtime.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Renders the UI's jte templates ({@code runtime/src/main/jte}). The build turns each template into a Java class in
 * this package ({@code jte-maven-plugin}, goal {@code generate}), so a template that does not type-check fails the
 * build and the server carries no template compiler. Content type HTML: every {@code ${...}} is escaped for where it
 * stands (element text, attribute value, script), so a DAG id, task id or log line is text whatever it holds.
 * Thread-safe; the engine is created once.
 */
final class Templates {

  private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(
      null, ContentType.Html, Templates.class.getClassLoader(), Templates.class.getPackageName());

  private Templates() {}

  /** {@code template} (e.g. {@code "dagList.jte"}) over its one parameter, the page's view record. */
  static String render(String template, Object view) {
    StringOutput out = new StringOutput(16_384);
    ENGINE.render(template, view, out);
    return out.toString();
  }

  /** {@code template} over named parameters. */
  static String render(String template, Map<String, Object> params) {
    StringOutput out = new StringOutput(16_384);
    ENGINE.render(template, params, out);
    return out.toString();
  }

  /** Answers the request with the rendered page. */
  static void page(Context ctx, int status, String template, Object view) {
    ctx.status(status).html(render(template, view));
  }
}
