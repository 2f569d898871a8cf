package io.aloft.runtime.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;

/**
 * Javalin's JSON through Jackson, serialized straight to bytes. Javalin's own Jackson mapper streams
 * responses through a pipe and a second thread, which costs more than it saves for bodies of a few
 * hundred kilobytes at most, as this API's pages are (limit 100).
 */
final class JsonBytes implements JsonMapper {

  private final ObjectMapper mapper;

  JsonBytes(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  public String toJsonString(Object obj, Type type) {
    try {
      return mapper.writeValueAsString(obj);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public InputStream toJsonStream(Object obj, Type type) {
    try {
      return new ByteArrayInputStream(mapper.writeValueAsBytes(obj));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public <T> T fromJsonString(String json, Type targetType) {
    try {
      return mapper.readValue(json, mapper.constructType(targetType));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public <T> T fromJsonStream(InputStream json, Type targetType) {
    try {
      return mapper.readValue(json, mapper.constructType(targetType));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
