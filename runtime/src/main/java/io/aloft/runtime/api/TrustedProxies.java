package io.aloft.runtime.api;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which client address a request comes from, for login throttling and the audit log: the peer's address, unless
 * the peer is one of the configured reverse proxies ({@code trusted_proxies}, {@code ALOFT_TRUSTED_PROXIES}: a
 * comma-separated list of addresses and CIDR ranges, IPv4 or IPv6). Only then is {@code X-Forwarded-For} read,
 * from the right, skipping hops that are trusted proxies too: the first untrusted hop is the client (a client
 * can write anything at the left of the header, but not what the proxies append at its right). With no
 * trusted proxies (the default) the header is never read, so nobody can pick an address to throttle or to be
 * logged under. Immutable and thread-safe.
 */
public final class TrustedProxies {

  /** The setting's name. */
  public static final String SETTING = "trusted_proxies";

  /** No proxy is trusted: the peer address is always the client. */
  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  /** One address range: {@code bits} leading bits of {@code network}. */
  private record Range(byte[] network, int bits) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[full] & mask) == (network[full] & mask);
    }
  }

  private final List<Range> ranges;

  private TrustedProxies(List<Range> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /**
   * Parses the setting's value: addresses ({@code 10.0.0.5}, {@code ::1}) and CIDR ranges ({@code 10.0.0.0/8},
   * {@code fd00::/8}), separated by commas or spaces; null or blank: none.
   *
   * @throws IllegalArgumentException naming the entry that is neither, with the forms that are accepted
   */
  public static TrustedProxies parse(String value) {
    if (value == null || value.isBlank()) {
      return NONE;
    }
    List<Range> out = new ArrayList<>();
    for (String entry : value.split("[,\\s]+")) {
      if (entry.isEmpty()) {
        continue;
      }
      String address = entry;
      Integer bits = null;
      int slash = entry.indexOf('/');
      if (slash >= 0) {
        address = entry.substring(0, slash);
        try {
          bits = Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw bad(entry);
        }
      }
      byte[] bytes = literal(address);
      if (bytes == null || (bits != null && (bits < 0 || bits > bytes.length * 8))) {
        throw bad(entry);
      }
      out.add(new Range(bytes, bits == null ? bytes.length * 8 : bits));
    }
    return new TrustedProxies(out);
  }

  private static IllegalArgumentException bad(String entry) {
    return new IllegalArgumentException("ALOFT_TRUSTED_PROXIES: '" + entry + "' is not an IP address or CIDR range;"
        + " give the reverse proxies' addresses, e.g. ALOFT_TRUSTED_PROXIES=127.0.0.1,10.0.0.0/8,::1");
  }

  /** Whether no proxy is trusted. */
  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /** Whether {@code address} (a literal IP address) is a trusted proxy's. */
  public boolean trusts(String address) {
    byte[] bytes = literal(address);
    return bytes != null && ranges.stream().anyMatch(r -> r.contains(bytes));
  }

  /**
   * The client of a request that arrived from {@code peer} with these {@code X-Forwarded-For} header values
   * (null or empty: none): the rightmost hop that is not a trusted proxy, when the peer is one.
   */
  public String client(String peer, List<String> forwardedFor) {
    if (!trusts(peer) || forwardedFor == null || forwardedFor.isEmpty()) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    for (String header : forwardedFor) {
      for (String hop : header.split(",")) {
        hops.add(hop.trim());
      }
    }
    String client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = stripPort(hops.get(i));
      if (literal(hop) == null) {
        return client; // garbage a trusted proxy passed on: the last address it vouches for is all we know
      }
      client = hop;
      if (!trusts(hop)) {
        return hop;
      }
    }
    return client; // every hop is a trusted proxy: the leftmost one
  }

  /** {@code 1.2.3.4:5678} and {@code [::1]:5678} to the bare address; anything else unchanged. */
  private static String stripPort(String hop) {
    if (hop.startsWith("[")) {
      int end = hop.indexOf(']');
      return end > 0 ? hop.substring(1, end) : hop;
    }
    int colon = hop.indexOf(':');
    return colon > 0 && hop.indexOf(':', colon + 1) < 0 ? hop.substring(0, colon) : hop;
  }

  /** The bytes of a literal IPv4 or IPv6 address (never a DNS lookup); null when it is not one. */
  static byte[] literal(String s) {
    if (s == null || s.isEmpty() || s.length() > 47) {
      return null;
    }
    String t = s.toLowerCase(Locale.ROOT);
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1); // how servlet containers write an IPv6 peer
    }
    boolean v4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = t.indexOf(':') >= 0 && t.matches("[0-9a-f:.]+(%[0-9a-z]+)?");
    if (!v4 && !v6) {
      return null; // InetAddress would resolve a host name
    }
    if (v4 && !java.util.Arrays.stream(t.split("\\.")).allMatch(p -> new BigInteger(p).intValue() <= 255)) {
      return null;
    }
    try {
      byte[] b = InetAddress.getByName(t.replaceFirst("%.*$", "")).getAddress();
      if (b.length == 16 && isV4Mapped(b)) {
        return java.util.Arrays.copyOfRange(b, 12, 16);
      }
      return b;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static boolean isV4Mapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }
}
