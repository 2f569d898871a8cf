package io.aloft.runtime.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON in and out of the API: Airflow's date spelling, body parsing, file tokens. */
public final class ApiJson {

  /** Airflow prints dates as {@code 2024-01-01T00:00:00.000000+00:00}. */
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .registerModule(new Jdk8Module())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private ApiJson() {}

  public static String date(Instant i) {
    return i == null ? null : DATE.format(i);
  }

  /** The dates a run may have: Python's {@code datetime} (and so Airflow) stops at year 9999. */
  private static final Instant MIN_DATE = Instant.parse("0001-01-01T00:00:00Z");

  private static final Instant MAX_DATE = Instant.parse("9999-12-31T23:59:59.999999Z");

  /** How deep a request body may nest; deeper ones are refused before anything recurses over them. */
  static final int MAX_BODY_DEPTH = 64;

  private static final ObjectMapper BODY_READER = MAPPER.copy();

  static {
    BODY_READER.getFactory()
        .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_BODY_DEPTH).build());
  }

  /**
   * Parses an ISO-8601 date with offset (or a plain date-time taken as UTC); 400 when it is not one or lies
   * outside years 1 to 9999.
   */
  public static Instant parseDate(String field, String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    Instant parsed = parseIso(field, s);
    if (parsed.isBefore(MIN_DATE) || parsed.isAfter(MAX_DATE)) {
      throw ApiException.badRequest("'" + field + "' must lie between years 1 and 9999, got '" + s + "'");
    }
    return parsed;
  }

  private static Instant parseIso(String field, String s) {
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e2) {
        try {
          return java.time.LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e3) {
          throw ApiException.badRequest("'" + field + "' is not an ISO-8601 date-time: '" + s + "'");
        }
      }
    }
  }

  /**
   * The request body as a JSON object; 400 when it is not one, nests deeper than {@value #MAX_BODY_DEPTH}, or
   * holds something no store can keep: a NUL character in a key or string (PostgreSQL text cannot hold it)
   * or a number too large for a double ({@code 1e999999} would otherwise become {@code "Infinity"}).
   */
  public static JsonNode body(Context ctx) {
    String text = ctx.body();
    if (text.isBlank()) {
      return MAPPER.createObjectNode();
    }
    JsonNode n;
    try {
      n = BODY_READER.readTree(text);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("the request body is not valid JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw ApiException.badRequest("the request body must be a JSON object");
    }
    checkStorable(n, "");
    return n;
  }

  /** 400 for a NUL character or a non-finite number anywhere in the tree. */
  static void checkStorable(JsonNode n, String where) {
    if (n.isTextual() && n.textValue().indexOf('\0') >= 0) {
      throw ApiException.badRequest("the value at '" + where + "' contains a NUL (\\u0000) character: remove it");
    }
    if (n.isNumber() && (n.isDouble() || n.isFloat()) && !Double.isFinite(n.doubleValue())) {
      throw ApiException.badRequest("the number at '" + where + "' is out of range (larger than a double)");
    }
    if (n.isBigDecimal() && !Double.isFinite(n.doubleValue())) {
      throw ApiException.badRequest("the number at '" + where + "' is out of range (larger than a double)");
    }
    if (n.isObject()) {
      var fields = n.fields();
      while (fields.hasNext()) {
        var f = fields.next();
        if (f.getKey().indexOf('\0') >= 0) {
          throw ApiException.badRequest("a key in '" + where + "' contains a NUL (\\u0000) character: remove it");
        }
        checkStorable(f.getValue(), where.isEmpty() ? f.getKey() : where + "." + f.getKey());
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        checkStorable(n.get(i), where + "[" + i + "]");
      }
    }
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> toMap(JsonNode n) {
    return MAPPER.convertValue(n, LinkedHashMap.class);
  }

  public static String write(Object o) {
    try {
      return MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The token that names a DAG file in {@code /dagSources/{file_token}}. */
  public static String fileToken(String fileloc) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(fileloc.getBytes(StandardCharsets.UTF_8));
  }

  public static String fileloc(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("DAG source not found", "no DAG file has the token '" + token + "'");
    }
  }

  public static void problem(Context ctx, ApiException e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("detail", e.detail());
    body.put("status", e.status());
    body.put("title", e.title());
    body.put("type", e.type());
    ctx.status(e.status()).contentType("application/problem+json").result(write(body));
  }

  /** A list of strings from a request body ({@code []} when absent); a 400 naming the field otherwise. */
  static List<String> strings(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw ApiException.badRequest("'" + field + "' must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    n.forEach(e -> out.add(e.asText()));
    return out;
  }

  /** A non-negative whole number from a request body ({@code dflt} when absent); a 400 naming the field otherwise. */
  static int intField(JsonNode body, String field, int dflt) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (!n.isIntegralNumber() || n.asInt() < 0) {
      throw ApiException.badRequest("'" + field + "' must be a non-negative integer");
    }
    return n.asInt();
  }
}
