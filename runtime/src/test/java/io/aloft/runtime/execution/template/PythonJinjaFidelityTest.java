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

/** Python behaviour of Airflow's Jinja that Jinjava lacks on its own: kwargs, date arithmetic, macros modules. */
class PythonJinjaFidelityTest {

  private static final Instant LOGICAL = Instant.parse("2024-01-01T00:00:00Z");

  private final TemplateRenderer renderer =
      new TemplateRenderer(Clock.fixed(Instant.parse("2024-03-04T05:06:07Z"), ZoneOffset.UTC));

  private final Map<String, Object> pushed = new LinkedHashMap<>();

  private TemplateContext ctx() {
    return TemplateContext.of("etl", "load", "manual__1", LOGICAL)
        .withRun("manual", LOGICAL, Instant.parse("2024-01-02T00:00:00Z"))
        .withConfAndParams(Map.of("k", "v"), Map.of())
        .withSources(
            XComSource.of((task, key) -> Optional.ofNullable(pushed.get(key)), pushed::put),
            key -> Optional.empty());
  }

  private String r(String template) {
    return renderer.renderString(template, ctx());
  }

  @Test
  void xcomPushWithKeywordArgumentsStoresTheValueAndRendersNone() {
    assertThat(r("{{ ti.xcom_push(key='k', value=ds) }}")).isEqualTo("None");
    assertThat(r("{{ task_instance.xcom_push('n', {'a': [1, true, none]}) }}")).isEqualTo("None");
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("a", java.util.Arrays.asList(1L, true, null));
    assertThat(pushed).containsEntry("k", "2024-01-01").containsEntry("n", inner);
    assertThat(r("{{ ti.xcom_pull(key='k') }}")).isEqualTo("2024-01-01");
    assertThatThrownBy(() -> r("{{ ti.xcom_push(key='k') }}")).hasMessageContaining("value=v");
  }

  @Test
  void xcomPushOutsideATaskIsRefusedWithAReason() {
    TemplateContext readOnly = ctx().withSources((t, k) -> Optional.empty(), k -> Optional.empty());
    assertThatThrownBy(() -> renderer.renderString("{{ ti.xcom_push(key='k', value=1) }}", readOnly))
        .hasMessageContaining("xcom_push is not available");
  }

  @Test
  void datesAndTimedeltasAddAndSubtractLikePython() {
    assertThat(r("{{ logical_date + macros.timedelta(days=1) }}")).isEqualTo("2024-01-02T00:00:00+00:00");
    assertThat(r("{{ (logical_date - macros.timedelta(hours=1)).strftime('%Y-%m-%d %H') }}"))
        .isEqualTo("2023-12-31 23");
    assertThat(r("{{ macros.timedelta(days=2) + data_interval_start }}")).isEqualTo("2024-01-03T00:00:00+00:00");
    assertThat(r("{{ data_interval_end - data_interval_start }}")).isEqualTo("1 day, 0:00:00");
    assertThat(r("{{ macros.timedelta(days=1) - macros.timedelta(hours=1) }}")).isEqualTo("23:00:00");
    assertThat(r("{{ (macros.datetime(2024, 2, 28) + macros.timedelta(days=1)).day }}")).isEqualTo("29");
    // Jinjava's own + and - are kept for everything else.
    assertThat(r("{{ 5 - 2 }} {{ 1 + 2 }} {{ 'a' + 'b' }} {{ [1] + [2] }} {{ 1.5 - 1 }}"))
        .isEqualTo("3 3 ab [1, 2] 0.5");
  }

  @Test
  void dictGetAndStringMethods() {
    assertThat(r("{{ dag_run.conf.get('k') }} {{ dag_run.conf.get('x', 'd') }} {{ params.get('k', 'd') }}"))
        .isEqualTo("v d v");
    assertThat(r("{{ 'a-b'.replace('-', '_').upper() }} {{ ' x '.strip() }} {{ 'a,b'.split(',') | length }}"))
        .isEqualTo("A_B x 2");
  }

  @Test
  void macrosRandomUuidAndTime() {
    double random = Double.parseDouble(r("{{ macros.random() }}"));
    assertThat(random).isBetween(0.0, 1.0);
    assertThat(r("{{ macros.uuid.uuid4() }}")).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(r("{{ macros.uuid.uuid4().hex }}")).matches("[0-9a-f]{32}");
    assertThat(r("{{ macros.time.time() | int }}")).isEqualTo("1709528767");
    assertThat(r("{{ macros.time.strftime('%H:%M') }}")).isEqualTo("05:06");
  }

  @Test
  void macrosDateutil() {
    assertThat(r("{{ logical_date + macros.dateutil.relativedelta.relativedelta(months=1) }}"))
        .isEqualTo("2024-02-01T00:00:00+00:00");
    assertThat(r("{{ (macros.datetime(2024, 1, 31) + macros.dateutil.relativedelta.relativedelta(months=1)).day }}"))
        .isEqualTo("29");
    assertThat(r("{{ (logical_date - macros.dateutil.relativedelta.relativedelta(years=1, day=31)).to_date_string() }}"))
        .isEqualTo("2023-01-31");
    assertThat(r("{{ macros.dateutil.relativedelta.relativedelta(months=-2, day=1) }}"))
        .isEqualTo("relativedelta(months=-2, day=1)");
    assertThat(r("{{ macros.dateutil.parser.parse('2024-05-06') }} {{ macros.dateutil.parser.parse('2024-05-06T07:08:09+02:00') }}"))
        .isEqualTo("2024-05-06 00:00:00 2024-05-06 07:08:09+02:00");
    assertThat(r("{{ macros.dateutil.parser.parse('2024-05-06 07:08').hour }}")).isEqualTo("7");
    assertThatThrownBy(() -> r("{{ macros.dateutil.parser.parse('May 6th') }}")).hasMessageContaining("strptime");
  }

  @Test
  void valuesLeavingATemplateLoseTheirPythonWrappers() {
    assertThat(PyDict.toJava(List.of(PyBool.of(true), PyNone.NONE.toString()))).isEqualTo(List.of(true, "None"));
  }
}
