package io.aloft.runtime.execution;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Replaces registered secrets with {@code ***} in text. One per try: whatever the try fetched under a
 * sensitive name (see {@link SensitiveNames}: a variable {@code db_password}, a connection's password or
 * {@code extra} entry {@code api_key}) or declared secret is registered, and every log line is masked before
 * it reaches the disk. Secrets shorter than 4 characters are ignored (masking "a" would ruin every log, as
 * Airflow also decides). A secret spanning several lines also registers each of its lines, since commands
 * print their output line by line. Thread-safe.
 */
public final class SecretMasker {

  private final List<String> secrets = new CopyOnWriteArrayList<>();
  private final SensitiveNames names;

  /** A masker that knows Airflow's default sensitive names. */
  public SecretMasker() {
    this(SensitiveNames.DEFAULT);
  }

  public SecretMasker(SensitiveNames names) {
    this.names = names;
  }

  /** Registers {@code value} when {@code name} is sensitive; returns the value unchanged. */
  public String fetched(String name, String value) {
    if (names.sensitive(name)) {
      add(value);
    }
    return value;
  }

  /** Registers every string leaf of a nested map under a sensitive key (a connection's {@code extra}). */
  public void fetchedDeep(Map<?, ?> values) {
    if (values == null) {
      return;
    }
    values.forEach((k, v) -> {
      if (v instanceof Map<?, ?> m) {
        fetchedDeep(m);
      } else if (v != null && names.sensitive(String.valueOf(k))) {
        add(String.valueOf(v));
      }
    });
  }

  public void add(String secret) {
    if (secret == null) {
      return;
    }
    addOne(secret);
    if (secret.indexOf('\n') >= 0) {
      for (String line : secret.split("\r?\n")) {
        addOne(line.strip());
      }
    }
  }

  private synchronized void addOne(String secret) {
    if (secret.length() >= 4 && !secrets.contains(secret)) {
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
