package io.aloft.sdk;

import java.util.Locale;
import java.util.Objects;

/**
 * One configuration setting that Aloft or a plugin reads: {@code ALOFT_<NAME>} in the environment, or
 * {@code name=value} in {@code aloft.properties}. Aloft validates every declared setting once at start (an
 * unknown name or a value of the wrong type stops the start with a message that names it), lists it in
 * {@code aloft config}, and hands the values to operators through {@link TaskContext#settings()}.
 *
 * <p>A plugin declares its settings from {@link OperatorProvider#settings()}:
 *
 * <pre>{@code
 * public List<SettingSpec> settings() {
 *   return List.of(SettingSpec.of("hello_greeting", SettingSpec.Type.STRING, "hello", "what HelloOperator says"));
 * }
 * }</pre>
 *
 * @param name lower-case key without the {@code ALOFT_} prefix, e.g. {@code gpu_preflight_interval}
 * @param type how the value is checked
 * @param defaultValue the value used when none is set, as text ({@code null}: unset)
 * @param doc one line for {@code aloft config} and the README
 * @param secret whether {@code aloft config} masks the value
 */
public record SettingSpec(String name, Type type, String defaultValue, String doc, boolean secret) {

  /** How a setting's text is checked. */
  public enum Type {
    STRING("text"),
    INT("a whole number"),
    POSITIVE_INT("a whole number greater than 0"),
    BOOLEAN("true or false"),
    PATH("a path"),
    PATH_LIST("paths separated by ':'"),
    /** Seconds as a number ({@code 30}) or with a unit ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}). */
    DURATION("seconds, or a number with ms, s, m, h or d");

    private final String expected;

    Type(String expected) {
      this.expected = expected;
    }

    /** What a valid value looks like, for error messages. */
    public String expected() {
      return expected;
    }
  }

  public SettingSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(doc, "doc");
    if (!name.equals(name.toLowerCase(Locale.ROOT)) || name.isBlank() || name.startsWith("aloft_")) {
      throw new IllegalArgumentException("a setting name is lower case without the ALOFT_ prefix: " + name);
    }
  }

  public static SettingSpec of(String name, Type type, String defaultValue, String doc) {
    return new SettingSpec(name, type, defaultValue, doc, false);
  }

  public static SettingSpec secret(String name, String doc) {
    return new SettingSpec(name, Type.STRING, null, doc, true);
  }

  /** The environment variable that sets it, e.g. {@code ALOFT_GPU_PREFLIGHT_INTERVAL}. */
  public String variable() {
    return "ALOFT_" + name.toUpperCase(Locale.ROOT);
  }
}
