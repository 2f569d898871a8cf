package io.aloft.runtime.scheduler;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RunIdTest {

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
