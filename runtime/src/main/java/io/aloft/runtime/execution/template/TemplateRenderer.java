package io.aloft.runtime.execution.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.interpret.TemplateError.ErrorReason;
import com.hubspot.jinjava.interpret.TemplateError.ErrorType;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ELResolver;

/**
 * Renders an operator's template fields with Jinjava and Airflow's template context ({@code ds}, {@code
 * ts}, {@code params}, {@code dag_run.conf}, {@code ti.xcom_pull}, {@code macros}, {@code var}, ...).
 * Every string inside a field's value is rendered, through nested maps and lists; other values are kept
 * as they are; output is always a string (Airflow without {@code render_template_as_native_obj}). An
 * XCom reference ({@code {"__xcom__": {"task_id": ..., "key": ...}}}) is replaced by the pulled value.
 * An undefined name fails with a {@link TemplateException} naming it (Airflow's StrictUndefined).
 *
 * <p>Thread-safe: one instance serves all tries.
 *
 * <p>Example: {@code renderer.renderString("echo {{ ds }}", ctx)} is {@code "echo 2024-01-01"}.
 */
public final class TemplateRenderer {

  private static final String UNKNOWN_TOKEN = "Unknown token found: ";

  private final Jinjava jinjava;
  private final Clock clock;

  public TemplateRenderer(Clock clock) {
    this.clock = clock;
    this.jinjava =
        new Jinjava(
            JinjavaConfig.newBuilder()
                .withElResolver(resolver())
                .withFailOnUnknownTokens(true)
                .withLegacyOverrides(LegacyOverrides.newBuilder().withUsePyishObjectMapper(true).build())
                .build());
    jinjava.getGlobalContext().registerExpTest(new NoneTest());
    PyArithmeticSyntax.install(jinjava);
  }

  /** Jinjava's read-only resolvers, with Python's str methods in front. */
  private static ELResolver resolver() {
    CompositeELResolver composite = new CompositeELResolver();
    composite.add(new PyStringMethods());
    composite.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
    return composite;
  }

  /**
   * A copy of {@code args} with every field named in {@code templateFields} rendered; the other
   * arguments are copied untouched.
   */
  public Map<String, Object> renderFields(
      Map<String, Object> args, Collection<String> templateFields, TemplateContext ctx) {
    return renderFields(args, templateFields, TemplateFiles.none(), ctx);
  }

  /** As {@link #renderFields(Map, Collection, TemplateContext)}, loading template files ({@code template_ext}). */
  public Map<String, Object> renderFields(
      Map<String, Object> args, Collection<String> templateFields, TemplateFiles files, TemplateContext ctx) {
    Pass pass = new Pass(bindings(ctx), ctx, files);
    Map<String, Object> out = new LinkedHashMap<>(args);
    for (String field : templateFields) {
      if (args.containsKey(field)) {
        out.put(field, render(field, args.get(field), pass));
      }
    }
    return out;
  }

  /** Renders one value: strings through Jinja, maps and lists element by element. */
  public Object render(Object value, TemplateContext ctx) {
    return render(null, value, new Pass(bindings(ctx), ctx, TemplateFiles.none()));
  }

  public String renderString(String template, TemplateContext ctx) {
    return renderString(null, template, bindings(ctx));
  }

  /**
   * Renders a mapped task's {@code map_index_template} after its try, as Airflow 2.9+ does: the try's context, with
   * {@code task.<argument>} reading the instance's rendered arguments and with the names the task's code added to
   * its context ({@code extras}, which win, as the task's own assignments do in Airflow).
   */
  public String renderMapIndex(
      String template, TemplateContext ctx, Map<String, Object> taskArgs, Map<String, Object> extras) {
    Map<String, Object> b = bindings(ctx);
    Map<String, Object> task = new LinkedHashMap<>(taskArgs);
    task.putAll(castMap((Map<?, ?>) b.get("task")));
    b.put("task", PyDict.of(task));
    extras.forEach((k, v) -> b.put(k, PyDict.toPy(v)));
    return renderString("map_index_template", template, b);
  }

  /**
   * Renders {@code value} (strings through Jinja, maps and lists element by element) for a task's own {@code
   * render_template(...)} call: the try's context plus the names the task's code added to it ({@code extras}; the
   * context's own names keep their values).
   */
  public Object renderWith(Object value, TemplateContext ctx, Map<String, Object> extras) {
    Map<String, Object> b = bindings(ctx);
    extras.forEach((k, v) -> b.putIfAbsent(k, PyDict.toPy(v)));
    return render(null, value, new Pass(b, ctx, TemplateFiles.none()));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  /** What one rendering call shares across fields. */
  private record Pass(Map<String, Object> bindings, TemplateContext ctx, TemplateFiles files) {}

  private Object render(String field, Object value, Pass pass) {
    if (value instanceof String s) {
      if (pass.files().isFileReference(s)) {
        String content =
            pass.files()
                .load(s)
                .orElseThrow(
                    () ->
                        new TemplateException(
                            field,
                            ("template file '%s' not found in %s (a value ending in %s names a template file;"
                                    + " end it with a space to pass it as it is)")
                                .formatted(s, pass.files().searchPath(), pass.files().extensions())));
        return renderString(field, content, pass.bindings());
      }
      return renderString(field, s, pass.bindings());
    }
    if (value instanceof Map<?, ?> map) {
      if (map.size() == 1 && map.get("__xcom__") instanceof Map<?, ?> ref) {
        return resolveXCom(field, ref, pass.ctx());
      }
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, render(field, v, pass)));
      return out;
    }
    if (value instanceof Collection<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(render(field, v, pass)));
      return out;
    }
    return value;
  }

  private static Object resolveXCom(String field, Map<?, ?> ref, TemplateContext ctx) {
    String taskId = String.valueOf(ref.get("task_id"));
    Object keyValue = ref.get("key");
    String key = keyValue == null ? "return_value" : String.valueOf(keyValue);
    return ctx.xcoms()
        .pull(taskId, key)
        .orElseThrow(
            () ->
                new TemplateException(
                    field, "no XCom '%s' from task '%s' in this run".formatted(key, taskId)));
  }

  private String renderString(String field, String template, Map<String, Object> bindings) {
    // Jinja2 (keep_trailing_newline=False, Airflow's setting) drops one trailing newline.
    String source = template.endsWith("\n") ? template.substring(0, template.length() - 1) : template;
    if (!source.contains("{{") && !source.contains("{%") && !source.contains("{#")) {
      return source;
    }
    RenderResult result = jinjava.renderForResult(source, bindings);
    for (TemplateError e : result.getErrors()) {
      // Jinja2 refuses unclosed tags that Jinjava only warns about.
      if (e.getSeverity() == ErrorType.FATAL || e.getReason() == ErrorReason.SYNTAX_ERROR) {
        throw new TemplateException(field, describe(e));
      }
    }
    return result.getOutput();
  }

  private static String describe(TemplateError e) {
    String msg = e.getMessage() == null ? String.valueOf(e.getReason()) : e.getMessage();
    int unknown = msg.indexOf(UNKNOWN_TOKEN);
    if (unknown >= 0) {
      return "'%s' is undefined".formatted(msg.substring(unknown + UNKNOWN_TOKEN.length()).trim());
    }
    return e.getLineno() > 0 ? "%s (line %d)".formatted(msg, e.getLineno()) : msg;
  }

  /** Airflow's template context for one try. */
  Map<String, Object> bindings(TemplateContext ctx) {
    Map<String, Object> b = new LinkedHashMap<>();
    Instant logical = ctx.logicalDate();
    PyDateTime logicalDate = PyDateTime.utc(logical);
    String ds = logicalDate.strftime("%Y-%m-%d");
    String ts = logicalDate.isoformat();
    b.put("ds", ds);
    b.put("ds_nodash", ds.replace("-", ""));
    b.put("ts", ts);
    b.put("ts_nodash", logicalDate.strftime("%Y%m%dT%H%M%S"));
    b.put("ts_nodash_with_tz", ts.replace("-", "").replace(":", ""));
    b.put("logical_date", logicalDate);
    b.put("execution_date", logicalDate);
    b.put("data_interval_start", PyDateTime.utc(ctx.dataIntervalStart()));
    b.put("data_interval_end", PyDateTime.utc(ctx.dataIntervalEnd()));
    b.put("run_id", ctx.runId());
    putDeprecatedDates(b, ctx, logicalDate);

    Map<String, Object> params = new LinkedHashMap<>(ctx.params());
    params.putAll(ctx.conf());
    b.put("params", PyDict.of(params));

    Map<String, Object> dagRun = new LinkedHashMap<>();
    dagRun.put("dag_id", ctx.dagId());
    dagRun.put("run_id", ctx.runId());
    dagRun.put("run_type", ctx.runType());
    dagRun.put("external_trigger", !"scheduled".equals(ctx.runType()));
    dagRun.put("conf", ctx.conf());
    dagRun.put("logical_date", logicalDate);
    dagRun.put("execution_date", logicalDate);
    dagRun.put("data_interval_start", b.get("data_interval_start"));
    dagRun.put("data_interval_end", b.get("data_interval_end"));
    b.put("dag_run", PyDict.of(dagRun));

    TemplateTaskInstance ti = new TemplateTaskInstance(ctx);
    b.put("ti", ti);
    b.put("task_instance", ti);
    b.put("task_instance_key_str", "%s__%s__%s".formatted(ctx.dagId(), ctx.taskId(), ds.replace("-", "")));
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("task_id", ctx.taskId());
    task.put("dag_id", ctx.dagId());
    task.put("task_type", ctx.operator() == null ? "BaseOperator" : ctx.operator());
    b.put("task", PyDict.of(task));
    b.put("dag", PyDict.of(Map.of("dag_id", ctx.dagId())));
    b.put("macros", new Macros(clock));
    b.put("var", new TemplateVariables(ctx.variables()));
    b.put("conn", new TemplateConnections(ctx.connections()));
    b.put("test_mode", false);
    b.putAll(ctx.datasetEvents());
    return b;
  }

  /**
   * Airflow 2's deprecated neighbours of {@code ds}: {@code yesterday_ds}/{@code tomorrow_ds} are a day
   * away; {@code prev_*}/{@code next_*} are the neighbouring schedule points, which for a manual run
   * are the logical date itself (as Airflow) and otherwise one data interval away.
   */
  private static void putDeprecatedDates(Map<String, Object> b, TemplateContext ctx, PyDateTime logical) {
    putDs(b, "yesterday_ds", logical.subtract(days(1)));
    putDs(b, "tomorrow_ds", logical.add(days(1)));
    PyDateTime prev = logical;
    PyDateTime next = logical;
    if ("scheduled".equals(ctx.runType()) && ctx.dataIntervalEnd().isAfter(ctx.dataIntervalStart())) {
      Duration interval = Duration.between(ctx.dataIntervalStart(), ctx.dataIntervalEnd());
      prev = PyDateTime.utc(ctx.logicalDate().minus(interval));
      next = PyDateTime.utc(ctx.dataIntervalEnd());
    }
    putDs(b, "prev_ds", prev);
    putDs(b, "next_ds", next);
    b.put("prev_execution_date", prev);
    b.put("next_execution_date", next);
  }

  private static void putDs(Map<String, Object> b, String name, PyDateTime date) {
    String ds = date.strftime("%Y-%m-%d");
    b.put(name, ds);
    b.put(name + "_nodash", ds.replace("-", ""));
  }

  private static Object days(long n) {
    return new NamedParameter("days", n);
  }

  /** {@code x is none}: true for null and for {@link PyNone}. */
  private static final class NoneTest implements ExpTest {
    @Override
    public String getName() {
      return "none";
    }

    @Override
    public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
      return var == null || var == PyNone.NONE;
    }
  }
}
