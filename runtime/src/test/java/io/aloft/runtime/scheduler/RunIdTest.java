package io.aloft.runtime.scheduler;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RunIdTest {

  @Test
  void confsTheStoreCannotKeepAreRefused() {
    assertThatThrownBy(() -> RunTrigger.checkStorable(java.util.Map.of("n", Double.POSITIVE_INFINITY), "conf", 0))
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> RunTrigger.checkStorable(java.util.Map.of("k", java.util.List.of("a\u0000")), "conf", 0))
        .hasMessageContaining("NUL");
    assertThatThrownBy(() -> RunTrigger.checkStorable(java.util.Map.of("k\u0000", 1), "conf", 0)).hasMessageContaining("NUL");
    Object deep = "leaf";
    for (int i = 0; i < 100; i++) {
      deep = java.util.List.of(deep);
    }
    Object tooDeep = deep;
    assertThatThrownBy(() -> RunTrigger.checkStorable(java.util.Map.of("k", tooDeep), "conf", 0)).hasMessageContaining("deeper");
    assertThatCode(() -> RunTrigger.checkStorable(java.util.Map.of("k", java.util.List.of(1.5, "x", java.util.Map.of())), "conf", 0))
        .doesNotThrowAnyException();
  }

  @Test
  void runIdsFollowAirflowsAllowedPattern() {
    for (String ok : new String[] {"manual__2024-01-01T00:00:00.123456+00:00", "my_run-1.2~x", "r".repeat(250)}) {
      assertThatCode(() -> RunTrigger.checkRunId(ok)).doesNotThrowAnyException();
    }
    for (String bad : new String[] {"a/b", "a b", "nul\u0000", "../x", "r".repeat(251), "", "é"}) {
      assertThatThrownBy(() -> RunTrigger.checkRunId(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
