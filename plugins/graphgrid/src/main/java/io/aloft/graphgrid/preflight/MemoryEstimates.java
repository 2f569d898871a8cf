package io.aloft.graphgrid.preflight;

import java.util.Map;
import java.util.TreeMap;

/**
 * How much GPU memory one training session of each model type is expected to need, in MiB. The defaults
 * follow the size of the networks GraphGrid trains for each task (transformer encoders for tagging, larger
 * encoder-decoders for translation and coreference); operators tune them with the {@code gpu_memory_estimates}
 * setting, e.g. {@code named_entity_recognition=4096,translation=20000}. Immutable.
 */
public final class MemoryEstimates {

  /** Settings key of per-model overrides. */
  public static final String SETTING = "gpu_memory_estimates";
  /** The estimate for models missing from the table. */
  public static final long FALLBACK_MIB = 8192;

  private static final Map<String, Long> DEFAULTS = Map.of(
      "named_entity_recognition", 6144L,
      "part_of_speech_tagging", 4096L,
      "keyphrase_extraction", 6144L,
      "sentiment_analysis_binary", 3072L,
      "sentiment_analysis_categorical", 3072L,
      "relation_extraction", 8192L,
      "coreference_resolution", 10240L,
      "translation", 12288L);

  private final Map<String, Long> table;

  private MemoryEstimates(Map<String, Long> table) {
    this.table = Map.copyOf(table);
  }

  /** The built-in table. */
  public static MemoryEstimates defaults() {
    return new MemoryEstimates(DEFAULTS);
  }

  /** The built-in table with the settings' overrides applied. */
  public static MemoryEstimates fromSettings(Map<String, String> settings) {
    return defaults().withOverrides(settings.getOrDefault(SETTING, ""));
  }

  /**
   * This table with overrides from {@code model=MiB,model=MiB}; blank keeps it as is.
   *
   * @throws IllegalArgumentException naming the bad entry
   */
  public MemoryEstimates withOverrides(String overrides) {
    Map<String, Long> merged = new TreeMap<>(table);
    for (String entry : overrides.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] parts = entry.split("=", 2);
      try {
        long mib = Long.parseLong(parts[1].strip());
        if (parts[0].isBlank() || mib < 1) {
          throw new IllegalArgumentException("out of range");
        }
        merged.put(parts[0].strip(), mib);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("GPU memory estimate '" + entry.strip() + "' is not of the form model=MiB"
            + " (e.g. " + SETTING + "=named_entity_recognition=6144)", e);
      }
    }
    return new MemoryEstimates(merged);
  }

  /** The estimate for one model, in MiB. */
  public long mibFor(String model) {
    return table.getOrDefault(model, FALLBACK_MIB);
  }

  /** The whole table, sorted by model. */
  public Map<String, Long> asMap() {
    return new TreeMap<>(table);
  }
}
