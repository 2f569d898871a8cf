package io.aloft.runtime.store;

import io.aloft.sdk.Connection;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Airflow's two textual forms of a connection: the URI ({@code postgres://user:pa%40ss@host:5432/db?sslmode=require},
 * the scheme's {@code -} standing for {@code _} in the type, query parameters as {@code extra}, or one
 * {@code __extra__} parameter holding the extra as JSON) and the JSON object ({@code {"conn_type": ..., "host":
 * ..., "extra": {...}}}). Used for {@code AIRFLOW_CONN_*} variables and the CLI's {@code --conn-uri} /
 * {@code --conn-json}. Stateless.
 */
public final class ConnectionUri {

  private ConnectionUri() {}

  /** A connection from an environment value or flag: JSON when it starts with '{', otherwise a URI. */
  public static Connection parseAny(String connId, String text) {
    String t = text.strip();
    return t.startsWith("{") ? parseJson(connId, t) : parse(connId, t);
  }

  /** Airflow's URI form. */
  public static Connection parse(String connId, String uri) {
    int sep = uri.indexOf("://");
    if (sep <= 0) {
      throw new IllegalArgumentException("connection '" + connId + "': '" + redact(uri) + "' is not a connection URI;"
          + " write it as TYPE://LOGIN:PASSWORD@HOST:PORT/SCHEMA?EXTRA=VALUE (e.g. postgres://u:p@db:5432/warehouse)");
    }
    String type = uri.substring(0, sep).replace('-', '_').toLowerCase(Locale.ROOT);
    String rest = uri.substring(sep + 3);
    String query = null;
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    String schema = null;
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      schema = emptyToNull(decode(rest.substring(slash + 1)));
      rest = rest.substring(0, slash);
    }
    String login = null;
    String password = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = rest.substring(0, at);
      rest = rest.substring(at + 1);
      int colon = userInfo.indexOf(':');
      login = emptyToNull(decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo));
      password = colon >= 0 ? emptyToNull(decode(userInfo.substring(colon + 1))) : null;
    }
    Integer port = null;
    int colon = rest.lastIndexOf(':');
    if (colon >= 0 && !rest.endsWith("]")) {
      String p = rest.substring(colon + 1);
      try {
        port = p.isEmpty() ? null : Integer.parseInt(p);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("connection '" + connId + "': port '" + p + "' is not a number", e);
      }
      rest = rest.substring(0, colon);
    }
    String host = emptyToNull(decode(rest));
    Map<String, Object> extra = new LinkedHashMap<>();
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String k = decode(eq >= 0 ? pair.substring(0, eq) : pair);
        String v = eq >= 0 ? decode(pair.substring(eq + 1)) : "";
        if ("__extra__".equals(k)) {
          extra.putAll(Json.readMap(v));
        } else {
          extra.put(k, v);
        }
      }
    }
    return new Connection(connId, type, host, schema, login, password, port, extra);
  }

  /** Airflow's JSON form; {@code extra} may be an object or a JSON string. */
  public static Connection parseJson(String connId, String json) {
    Map<String, Object> m;
    try {
      m = Json.readMap(json);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("connection '" + connId + "': not a JSON object: " + e.getMessage(), e);
    }
    Object type = m.get("conn_type");
    if (type == null) {
      throw new IllegalArgumentException("connection '" + connId + "': the JSON form needs \"conn_type\"");
    }
    Object port = m.get("port");
    return new Connection(connId, String.valueOf(type), str(m.get("host")), str(m.get("schema")),
        str(m.get("login")), str(m.get("password")),
        port == null || "".equals(port) ? null : Integer.valueOf(String.valueOf(port)), extraOf(m.get("extra")));
  }

  /** An {@code extra} given as a map or as JSON text (Airflow stores it as text). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> extraOf(Object extra) {
    if (extra == null || "".equals(extra)) {
      return Map.of();
    }
    if (extra instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    return Json.readMap(String.valueOf(extra));
  }

  /** Airflow's {@code Connection.get_uri()}: string extras as query parameters, others as {@code __extra__}. */
  public static String format(Connection c) {
    StringBuilder sb = new StringBuilder();
    sb.append(c.connType() == null ? "" : c.connType().replace('_', '-')).append("://");
    if (c.login() != null || c.password() != null) {
      sb.append(c.login() == null ? "" : encode(c.login()));
      if (c.password() != null) {
        sb.append(':').append(encode(c.password()));
      }
      sb.append('@');
    }
    if (c.host() != null) {
      sb.append(encode(c.host()));
    }
    if (c.port() != null) {
      sb.append(':').append(c.port());
    }
    if (c.schema() != null) {
      sb.append('/').append(encode(c.schema()));
    }
    Map<String, Object> extra = c.extra() == null ? Map.of() : c.extra();
    if (!extra.isEmpty()) {
      sb.append('?');
      if (extra.values().stream().allMatch(v -> v instanceof String)) {
        StringBuilder q = new StringBuilder();
        extra.forEach((k, v) -> q.append(q.isEmpty() ? "" : "&").append(encode(k)).append('=').append(encode((String) v)));
        sb.append(q);
      } else {
        sb.append("__extra__=").append(encode(Json.write(extra)));
      }
    }
    return sb.toString();
  }

  private static String str(Object o) {
    return o == null ? null : String.valueOf(o);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A URI with its password cut out, for error messages. */
  private static String redact(String uri) {
    return uri.replaceAll(":[^:@/]*@", ":***@");
  }
}
