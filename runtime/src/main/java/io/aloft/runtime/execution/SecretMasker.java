package io.aloft.runtime.execution;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Replaces registered secrets with {@code ***} in text. Secrets shorter than 4 characters are ignored
 * (masking "a" would ruin every log, as Airflow also decides). Thread-safe.
 */
public final class SecretMasker {

  private final List<String> secrets = new CopyOnWriteArrayList<>();

  public void add(String secret) {
    if (secret != null && secret.length() >= 4 && !secrets.contains(secret)) {
      secrets.add(secret);
      secrets.sort(Comparator.comparingInt(String::length).reversed());
    }
  }

  public String mask(String text) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, "***");
    }
    return out;
  }

  /** Masks every string inside a nested JSON shape. */
  public Object maskDeep(Object value) {
    if (secrets.isEmpty()) {
      return value;
    }
    if (value instanceof String s) {
      return mask(s);
    }
    if (value instanceof java.util.Map<?, ?> m) {
      java.util.Map<Object, Object> out = new java.util.LinkedHashMap<>();
      m.forEach((k, v) -> out.put(k, maskDeep(v)));
      return out;
    }
    if (value instanceof List<?> l) {
      return l.stream().map(this::maskDeep).toList();
    }
    return value;
  }
}
