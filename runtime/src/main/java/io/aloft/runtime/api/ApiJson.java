package io.aloft.runtime.api;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.util.Base64;
import java.util.LinkedHashMap;
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

  /** Parses an ISO-8601 date with offset (or a plain date-time taken as UTC); 400 when it is not one. */
  public static Instant parseDate(String field, String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
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

  /** The request body as a JSON object; 400 when it is not one. */
  public static JsonNode body(Context ctx) {
    String text = ctx.body();
    if (text.isBlank()) {
      return MAPPER.createObjectNode();
    }
    try {
      JsonNode n = MAPPER.readTree(text);
      if (n == null || !n.isObject()) {
        throw ApiException.badRequest("the request body must be a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("the request body is not valid JSON: " + e.getOriginalMessage());
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
}
