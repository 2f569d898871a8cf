package io.aloft.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 17: X-Forwarded-For counts only from trusted proxies, read from the right. */
class TrustedProxiesTest {

  @Test
  void withoutTrustedProxiesTheHeaderIsIgnored() {
    assertThat(TrustedProxies.NONE.client("203.0.113.7", List.of("1.2.3.4"))).isEqualTo("203.0.113.7");
    assertThat(TrustedProxies.parse(" ").isEmpty()).isTrue();
  }

  @Test
  void anUntrustedPeerCannotPickItsAddress() {
    TrustedProxies p = TrustedProxies.parse("10.0.0.0/8, 127.0.0.1");
    assertThat(p.client("203.0.113.7", List.of("1.2.3.4"))).isEqualTo("203.0.113.7");
  }

  @Test
  void theRightmostUntrustedHopIsTheClient() {
    TrustedProxies p = TrustedProxies.parse("10.0.0.0/8,127.0.0.1");
    // the client wrote "6.6.6.6" itself; the outer proxy 10.1.1.1 appended the real 198.51.100.4
    assertThat(p.client("127.0.0.1", List.of("6.6.6.6, 198.51.100.4, 10.1.1.1"))).isEqualTo("198.51.100.4");
    assertThat(p.client("127.0.0.1", List.of("6.6.6.6", "198.51.100.4:5123"))).isEqualTo("198.51.100.4");
    assertThat(p.client("127.0.0.1", List.of("10.2.2.2, 10.1.1.1"))).isEqualTo("10.2.2.2");
    assertThat(p.client("127.0.0.1", List.of())).isEqualTo("127.0.0.1");
    // garbage from a trusted proxy: the last address a trusted hop vouches for
    assertThat(p.client("127.0.0.1", List.of("evil.example, 10.1.1.1"))).isEqualTo("10.1.1.1");
  }

  @Test
  void ipv6RangesAndMappedAddresses() {
    TrustedProxies p = TrustedProxies.parse("fd00::/8 ::1 192.168.0.0/16");
    assertThat(p.trusts("fd12:3456::1")).isTrue();
    assertThat(p.trusts("fe80::1")).isFalse();
    assertThat(p.trusts("::1")).isTrue();
    assertThat(p.trusts("::ffff:192.168.3.4")).isTrue();
    assertThat(p.client("[0:0:0:0:0:0:0:1]", List.of("[2001:db8::5]:443"))).isEqualTo("2001:db8::5");
    assertThat(p.client("::1", List.of("[2001:db8::5]:443"))).isEqualTo("2001:db8::5");
    assertThat(p.trusts("localhost")).as("never a DNS lookup").isFalse();
  }

  @Test
  void aBadEntryNamesItselfAndTheForm() {
    assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33"))
        .hasMessageContaining("'10.0.0.0/33'").hasMessageContaining("ALOFT_TRUSTED_PROXIES=");
    assertThatThrownBy(() -> TrustedProxies.parse("proxy.example")).hasMessageContaining("'proxy.example'");
    assertThatThrownBy(() -> TrustedProxies.parse("300.1.1.1")).hasMessageContaining("'300.1.1.1'");
  }
}
