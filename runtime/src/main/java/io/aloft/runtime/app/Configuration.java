package io.aloft.runtime.app;

import io.aloft.runtime.config.AloftConfig;
import io.aloft.sdk.SettingSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The effective configuration for the REST API's {@code /config}: the same settings and values as {@code aloft
 * config} (secrets masked), in one section named {@value #SECTION} since Aloft's settings are not sectioned. Shown
 * only when {@code expose_config} is {@code true} or {@code non-sensitive-only} (Airflow's switch; Aloft masks
 * secrets in both) and only to roles with {@code can_read on Configurations} (Op, Admin). Thread-safe, stateless.
 */
public final class Configuration {

  /** The one section Aloft's settings are shown in. */
  public static final String SECTION = "aloft";

  /** One setting as shown. */
  public record Option(String key, String value) {}

  /** A named group of settings. */
  public record Section(String name, List<Option> options) {}

  private final AloftConfig config;

  Configuration(AloftConfig config) {
    this.config = config;
  }

  /**
   * The sections (all, or the one named; an unknown name gives none), with every setting of Aloft and of
   * {@code pluginSettings}.
   *
   * @throws PermissionDeniedException when the configuration is not exposed, or the actor may not read it
   */
  public List<Section> sections(Actor actor, Collection<SettingSpec> pluginSettings, String section) {
    actor.require(Permission.read(Permission.CONFIG));
    String expose = config.setting("expose_config").orElse("false").trim().toLowerCase(Locale.ROOT);
    if (!expose.equals("true") && !expose.equals("non-sensitive-only")) {
      throw new PermissionDeniedException("the configuration is not exposed (expose_config=" + expose + "): set"
          + " ALOFT_EXPOSE_CONFIG=true (or non-sensitive-only) to show it; `aloft config` prints it on the host",
          Permission.read(Permission.CONFIG));
    }
    if (section != null && !section.equals(SECTION)) {
      return List.of();
    }
    List<Option> options = new ArrayList<>();
    for (Map.Entry<String, String> e : config.describe(pluginSettings).entrySet()) {
      options.add(new Option(e.getKey(), e.getValue()));
    }
    return List.of(new Section(SECTION, List.copyOf(options)));
  }
}
