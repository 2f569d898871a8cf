package io.aloft.runtime.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeNextTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example",
      "https://evil.example", "http:/evil.example", "%2F%2Fevil.example", "/%0", " /home", "\t//evil.example",
      "/\u0000/evil.example", "/\u3000/evil.example", "javascript:alert(1)", "//", "", "evil.example", "/\u007f/x"})
  void offSiteOrOddTargetsGoHome(String next) {
    assertThat(LoginPage.safeNext(next)).isEqualTo("/home");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/home", "/dags/x/grid?num_runs=5", "/dags/a%2Fb/runs/manual__2024-01-01T00%3A00%3A00%2B00%3A00",
      "/pools#top", "/%2F%2Fevil.example"})
  void pathsOnThisSiteAreKept(String next) {
    assertThat(LoginPage.safeNext(next)).isEqualTo(next);
  }
}
