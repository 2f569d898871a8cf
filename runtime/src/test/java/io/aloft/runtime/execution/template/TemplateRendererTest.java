package io.aloft.runtime.execution.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TemplateRendererTest {

  private static final Instant LOGICAL = Instant.parse("2024-01-01T00:00:00Z");

  private final TemplateRenderer renderer =
      new TemplateRenderer(Clock.fixed(Instant.parse("2024-03-04T05:06:07Z"), ZoneOffset.UTC));

  private final Map<String, Object> xcoms =
      Map.of("a/return_value", "from_a", "b/return_value", List.of(1, 2), "a/custom", Map.of("k", "v"));

  private final Map<String, String> variables = Map.of("env", "prod", "cfg", "{\"region\": \"eu\", \"n\": 3}");

  private TemplateContext ctx() {
    Map<String, Object> conf = new LinkedHashMap<>();
    conf.put("k", "from_conf");
    conf.put("nothing", null);
    conf.put("x", 10);
    conf.put("on", true);
    conf.put("off", false);
    return TemplateContext.of("etl", "load", "manual__2024-01-01T00:00:00+00:00", LOGICAL)
        .withRun("manual", LOGICAL, Instant.parse("2024-01-02T00:00:00Z"))
        .withConfAndParams(conf, Map.of("x", 1, "y", "why", "flag", true))
        .withSources(
            (task, key) -> Optional.ofNullable(xcoms.get(task + "/" + key)),
            key -> Optional.ofNullable(variables.get(key)))
        .withOperator("BashOperator");
  }

  private String r(String template) {
    return renderer.renderString(template, ctx());
  }

  @Test
  void datesPrintLikeAirflow() {
    assertThat(r("{{ ds }}|{{ ds_nodash }}|{{ ts }}|{{ ts_nodash }}|{{ ts_nodash_with_tz }}"))
        .isEqualTo("2024-01-01|20240101|2024-01-01T00:00:00+00:00|20240101T000000|20240101T000000+0000");
    assertThat(r("{{ logical_date }} {{ execution_date }}"))
        .isEqualTo("2024-01-01T00:00:00+00:00 2024-01-01T00:00:00+00:00");
    assertThat(r("{{ data_interval_start }}/{{ data_interval_end }}"))
        .isEqualTo("2024-01-01T00:00:00+00:00/2024-01-02T00:00:00+00:00");
    assertThat(r("{{ logical_date.strftime('%Y/%m/%d %H:%M') }} {{ logical_date.year }}"))
        .isEqualTo("2024/01/01 00:00 2024");
    assertThat(r("{{ logical_date.add(days=1).to_date_string() }} {{ logical_date.subtract(hours=1) }}"))
        .isEqualTo("2024-01-02 2023-12-31T23:00:00+00:00");
  }

  @Test
  void deprecatedNeighbourDates() {
    assertThat(r("{{ yesterday_ds }} {{ tomorrow_ds_nodash }} {{ prev_ds }} {{ next_ds }}"))
        .isEqualTo("2023-12-31 20240102 2024-01-01 2024-01-01");
    TemplateContext scheduled = ctx().withRun("scheduled", LOGICAL, Instant.parse("2024-01-02T00:00:00Z"));
    assertThat(renderer.renderString("{{ prev_ds }} {{ next_ds_nodash }} {{ next_execution_date }}", scheduled))
        .isEqualTo("2023-12-31 20240102 2024-01-02T00:00:00+00:00");
  }

  @Test
  void idsAndObjects() {
    assertThat(r("{{ run_id }} {{ dag_run.run_id }} {{ dag.dag_id }} {{ task.task_id }} {{ ti.task_id }}"))
        .isEqualTo("manual__2024-01-01T00:00:00+00:00 manual__2024-01-01T00:00:00+00:00 etl load load");
    assertThat(r("{{ task_instance.try_number }} {{ task.task_type }}")).isEqualTo("1 BashOperator");
  }

  @Test
  void confOverridesParams() {
    assertThat(r("{{ params.x }} {{ params.y }} {{ params.k }}")).isEqualTo("10 why from_conf");
    assertThat(r("{{ params.x + 1 }}")).isEqualTo("11");
  }

  @Test
  void dagRunConfAccess() {
    assertThat(r("{{ dag_run.conf['k'] }} {{ dag_run.conf.k }}")).isEqualTo("from_conf from_conf");
    assertThat(r("{{ dag_run.conf.get('k', 'd') }} {{ dag_run.conf.get('missing', 'd') }}"))
        .isEqualTo("from_conf d");
    assertThat(r("{{ dag_run.conf.get('missing') }} {{ dag_run.conf.nothing }}")).isEqualTo("None None");
    assertThat(r("{% if dag_run.conf.get('missing') %}yes{% else %}no{% endif %}")).isEqualTo("no");
    assertThat(r("{{ dag_run.conf.get('missing') or ds }}")).isEqualTo("2024-01-01");
    assertThat(r("{{ dag_run.conf.get('missing') is none }}")).isEqualTo("true");
    assertThat(r("{{ dag_run.conf }}"))
        .isEqualTo("{'k': 'from_conf', 'nothing': None, 'x': 10, 'on': True, 'off': False}");
    assertThat(r("{% for k, v in dag_run.conf.items() %}{{ k }}={{ v }};{% endfor %}"))
        .isEqualTo("k=from_conf;nothing=None;x=10;on=True;off=False;");
  }

  @Test
  void booleansPrintLikePythonAndStayBooleans() {
    assertThat(r("{{ params.flag }} {{ dag_run.conf.on }} {{ dag_run.conf.off }}")).isEqualTo("True True False");
    assertThat(r("{% if params.flag %}yes{% endif %}{% if dag_run.conf.off %}no{% endif %}")).isEqualTo("yes");
    assertThat(r("{{ not dag_run.conf.off }} {{ params.flag == true }} {{ dag_run.conf.off == false }}"))
        .isEqualTo("true true true");
    assertThat(r("{{ params.flag | tojson }} {{ [params.flag] }}")).isEqualTo("true [True]");
    assertThat(r("{{ 'on' if dag_run.conf.on else 'off' }}")).isEqualTo("on");
  }

  @Test
  void xcomPull() {
    assertThat(r("{{ ti.xcom_pull(task_ids='a') }}")).isEqualTo("from_a");
    assertThat(r("{{ ti.xcom_pull('a') }}")).isEqualTo("from_a");
    assertThat(r("{{ task_instance.xcom_pull(task_ids='a', key='custom')['k'] }}")).isEqualTo("v");
    assertThat(r("{{ ti.xcom_pull(task_ids=['a', 'b']) }}")).isEqualTo("['from_a', [1, 2]]");
    assertThat(r("{{ ti.xcom_pull(task_ids='nope') }}")).isEqualTo("None");
    assertThat(r("{{ ti.xcom_pull(task_ids='nope', default='dflt') }}")).isEqualTo("dflt");
  }

  @Test
  void xcomPullWithMapIndexesAsksTheSourceWithAirflowsArguments() {
    List<List<Object>> asked = new java.util.ArrayList<>();
    TemplateContext c = ctx().withSources(
        XComSource.of((task, key) -> Optional.empty(), (k, v) -> {}, (ids, key, indexes) -> {
          asked.add(java.util.Arrays.asList(ids, key, indexes));
          return indexes instanceof List<?> ? List.of(4, 1) : null;
        }),
        key -> Optional.empty());
    assertThat(renderer.renderString("{{ ti.xcom_pull(task_ids='sq', map_indexes=[2, 1]) }}", c)).isEqualTo("[4, 1]");
    assertThat(renderer.renderString("{{ ti.xcom_pull(task_ids=['sq'], map_indexes=3, default='none') }}", c))
        .isEqualTo("none");
    assertThat(asked).containsExactly(List.of("sq", "return_value", List.of(2L, 1L)),
        List.of(List.of("sq"), "return_value", 3L));
  }

  @Test
  void macros() {
    assertThat(r("{{ macros.ds_add(ds, 5) }} {{ macros.ds_add('2024-03-01', -1) }}"))
        .isEqualTo("2024-01-06 2024-02-29");
    assertThat(r("{{ macros.ds_format('2024-01-05', '%Y-%m-%d', '%m-%d-%y') }}")).isEqualTo("01-05-24");
    assertThat(r("{{ macros.datetime(2024, 2, 3) }}")).isEqualTo("2024-02-03 00:00:00");
    assertThat(r("{{ macros.datetime.now() }}")).isEqualTo("2024-03-04 05:06:07");
    assertThat(r("{{ macros.timedelta(days=1, hours=2) }}")).isEqualTo("1 day, 2:00:00");
    assertThat(r("{{ logical_date.plus(macros.timedelta(days=2)).strftime('%d') }}")).isEqualTo("03");
  }

  @Test
  void variables() {
    assertThat(r("{{ var.value.env }} {{ var.json.cfg.region }} {{ var.json.cfg['n'] }}"))
        .isEqualTo("prod eu 3");
    assertThat(r("{{ var.value.get('missing', 'dflt') }} {{ var.value.get('env', 'dflt') }}"))
        .isEqualTo("dflt prod");
    assertThatThrownBy(() -> r("{{ var.value.missing }}"))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void jinjaFeatures() {
    assertThat(r("{{ params.y | upper }}")).isEqualTo("WHY");
    assertThat(r("{% if params.x > 3 %}big{% else %}small{% endif %}")).isEqualTo("big");
    assertThat(r("{% for i in range(3) %}{{ i }}{% endfor %}")).isEqualTo("012");
    assertThat(r("{{ params.missing | default('d') }}")).isEqualTo("d");
    assertThat(r("{{ dag_run.conf | tojson }}"))
        .isEqualTo("{\"k\":\"from_conf\",\"nothing\":null,\"x\":10,\"on\":true,\"off\":false}");
  }

  @Test
  void pythonStringMethods() {
    assertThat(r("{{ params.y.upper() }} {{ 'A b'.lower() }} {{ ds.replace('-', '') }} {{ 'xxhixx'.strip('x') }}"))
        .isEqualTo("WHY a b 20240101 hi");
    assertThat(r("{{ 'a.b.c'.split('.') }} {{ ds.split('-')[0] }} {{ ' a  b '.split() }}"))
        .isEqualTo("['a', 'b', 'c'] 2024 ['a', 'b']");
    assertThat(r("{% if run_id.startswith('manual__') %}manual{% endif %} {{ ','.join(['a', 'b']) }}"))
        .isEqualTo("manual a,b");
    assertThat(r("{{ 'hello world'.title() }} {{ '7'.zfill(3) }} {{ '42'.isdigit() }}"))
        .isEqualTo("Hello World 007 True");
    assertThat(r("{{ 'abc'.length() }}")).isEqualTo("3");
  }

  @Test
  void undefinedNamesFailNamingThem() {
    assertThatThrownBy(() -> renderer.renderFields(Map.of("bash_command", "echo {{ nope }}"), List.of("bash_command"), ctx()))
        .isInstanceOf(TemplateException.class)
        .hasMessage("cannot render template field 'bash_command': 'nope' is undefined");
    assertThatThrownBy(() -> r("{{ params.nope }}")).hasMessageContaining("'params.nope' is undefined");
    assertThatThrownBy(() -> r("{{ dag_run.conf.missing }}")).hasMessageContaining("'dag_run.conf.missing' is undefined");
    assertThatThrownBy(() -> r("{% if nope %}x{% endif %}")).hasMessageContaining("'nope' is undefined");
  }

  @Test
  void syntaxErrorsFail() {
    assertThatThrownBy(() -> r("{{ ds ")).isInstanceOf(TemplateException.class);
    assertThatThrownBy(() -> r("{% if true %}a")).hasMessageContaining("endif");
    assertThatThrownBy(() -> r("{% endif %}")).isInstanceOf(TemplateException.class);
  }

  @Test
  void rendersNestedStructuresAndKeepsOtherValues() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("env", Map.of("DAY", "{{ ds }}", "N", 3));
    args.put("cmd", List.of("run", "{{ params.y }}", true));
    args.put("untouched", "{{ ds }}");
    args.put("retries", 2);
    Map<String, Object> out = renderer.renderFields(args, List.of("env", "cmd", "retries", "absent"), ctx());
    assertThat(out.get("env")).isEqualTo(Map.of("DAY", "2024-01-01", "N", 3));
    assertThat(out.get("cmd")).isEqualTo(List.of("run", "why", true));
    assertThat(out.get("untouched")).isEqualTo("{{ ds }}");
    assertThat(out.get("retries")).isEqualTo(2);
    assertThat(out).doesNotContainKey("absent");
  }

  @Test
  void templateFilesAreLoadedFromTheSearchPath(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Files.writeString(dir.resolve("run.sh"), "echo {{ ds }}\n");
    TemplateFiles files = new TemplateFiles(List.of(dir), List.of(".sh", ".bash"));
    Map<String, Object> out =
        renderer.renderFields(Map.of("bash_command", "run.sh", "other", "x.sh "), List.of("bash_command", "other"), files, ctx());
    assertThat(out).containsEntry("bash_command", "echo 2024-01-01").containsEntry("other", "x.sh ");
    assertThatThrownBy(() -> renderer.renderFields(Map.of("bash_command", "missing.sh"), List.of("bash_command"), files, ctx()))
        .hasMessageContaining("template file 'missing.sh' not found");
  }

  @Test
  void xcomReferencesResolveToTheValue() {
    Object v = renderer.render(Map.of("__xcom__", Map.of("task_id", "b", "key", "return_value")), ctx());
    assertThat(v).isEqualTo(List.of(1, 2));
  }

  @Test
  void dropsOneTrailingNewlineLikeJinja2() {
    assertThat(r("echo hi\n")).isEqualTo("echo hi");
    assertThat(r("echo {{ ds }}\n\n")).isEqualTo("echo 2024-01-01\n");
  }
}
