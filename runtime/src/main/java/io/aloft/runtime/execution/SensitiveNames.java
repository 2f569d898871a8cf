package io.aloft.runtime.execution;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which variable, connection-extra and argument names hold secrets, as Airflow's secrets masker decides: a
 * name is sensitive when, lower-cased, it contains one of the listed words ({@code db_password},
 * {@code API_SECRET}, {@code my_apikey} ...). The built-in words are Airflow's; more come from the setting
 * {@code sensitive_var_conn_names} ({@code ALOFT_SENSITIVE_VAR_CONN_NAMES}, comma separated, the counterpart
 * of {@code AIRFLOW__CORE__SENSITIVE_VAR_CONN_NAMES}). Immutable.
 *
 * @param words lower-case words a sensitive name contains
 */
public record SensitiveNames(Set<String> words) {

  /** Airflow's default sensitive fields. */
  public static final Set<String> DEFAULT_WORDS =
      Set.of(
          "access_token", "api_key", "apikey", "authorization", "passphrase", "passwd", "password", "private_key",
          "secret", "token", "keyfile_dict", "service_account");

  /** The setting that adds words. */
  public static final String SETTING = "sensitive_var_conn_names";

  public static final SensitiveNames DEFAULT = new SensitiveNames(DEFAULT_WORDS);

  public SensitiveNames {
    words = Set.copyOf(words);
  }

  /** The defaults plus the words of {@link #SETTING} in these settings ({@code AloftConfig.settings()}). */
  public static SensitiveNames of(Map<String, String> settings) {
    String extra = settings == null ? null : settings.get(SETTING);
    if (extra == null || extra.isBlank()) {
      return DEFAULT;
    }
    return new SensitiveNames(
        Stream.concat(
                DEFAULT_WORDS.stream(),
                Arrays.stream(extra.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()))
            .collect(Collectors.toUnmodifiableSet()));
  }

  /** Whether a value stored under this name must be masked. */
  public boolean sensitive(String name) {
    if (name == null) {
      return false;
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (String w : words) {
      if (n.contains(w)) {
        return true;
      }
    }
    return false;
  }
}
