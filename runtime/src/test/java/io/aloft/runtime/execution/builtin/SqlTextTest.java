package io.aloft.runtime.execution.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlTextTest {

  @Test
  void splitsAtTopLevelSemicolonsOnly() {
    assertThat(SqlText.split("""
        CREATE TABLE t (a text); -- a comment; still a comment
        INSERT INTO t VALUES ('x;y'), ("q;"), ($$d;d$$), ($tag$e;$tag$);
        /* block; comment */ SELECT 1;
        ;
        -- only a comment;
        """)).containsExactly(
        "CREATE TABLE t (a text)",
        "-- a comment; still a comment\nINSERT INTO t VALUES ('x;y'), (\"q;\"), ($$d;d$$), ($tag$e;$tag$)",
        "/* block; comment */ SELECT 1");
  }

  @Test
  void bindsPsycopgPlaceholdersOutsideQuotes() {
    SqlText.Bound named = SqlText.bind("SELECT %(a)s, '%(a)s 5%%', %(b)s, 100%%, j ? 'k'", Map.of("a", 1, "b", "x"));
    assertThat(named.sql()).isEqualTo("SELECT ?, '%(a)s 5%', ?, 100%, j ?? 'k'");
    assertThat(named.values()).containsExactly(1, "x");
    SqlText.Bound positional = SqlText.bind("INSERT INTO t VALUES (%s, %s)", List.of(1, "two"));
    assertThat(positional.sql()).isEqualTo("INSERT INTO t VALUES (?, ?)");
    assertThat(positional.values()).containsExactly(1, "two");
    assertThat(SqlText.bind("SELECT 5 % 2", null).sql()).as("no parameters: left alone").isEqualTo("SELECT 5 % 2");
  }

  @Test
  void aMissingParameterNamesTheFix() {
    assertThatThrownBy(() -> SqlText.bind("SELECT %(missing)s", Map.of()))
        .hasMessageContaining("no key 'missing'");
    assertThatThrownBy(() -> SqlText.bind("SELECT %s, %s", Arrays.asList(1)))
        .hasMessageContaining("more %s placeholders");
  }

  @Test
  void checkValuesUsePythonTruthAndPrinting() {
    assertThat(SqlCheckOperators.truthy(new java.math.BigDecimal("0.00"))).isFalse();
    assertThat(SqlCheckOperators.truthy("")).isFalse();
    assertThat(SqlCheckOperators.truthy(3L)).isTrue();
    assertThat(SqlCheckOperators.pythonStr(100.0)).isEqualTo("100.0");
    assertThat(SqlCheckOperators.pythonStr(null)).isEqualTo("None");
  }
}
