package io.aloft.runtime.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one JSON mapping of {@link DagSpec}: snake_case names, ISO-8601 instants. */
public final class SpecJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .registerModule(new Jdk8Module())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .setSerializationInclusion(JsonInclude.Include.ALWAYS)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private SpecJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static DagSpec parse(String json) {
    try {
      return MAPPER.readValue(json, DagSpec.class);
    } catch (IOException e) {
      throw new UncheckedIOException("not a DagSpec: " + e.getMessage(), e);
    }
  }

  public static String write(DagSpec spec) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(spec);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
