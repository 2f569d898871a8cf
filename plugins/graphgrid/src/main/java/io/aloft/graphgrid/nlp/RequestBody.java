package io.aloft.graphgrid.nlp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checked {@code nlp_model_training} request body: the model, its datasets (name to train and eval paths,
 * relative to the dataset store; {@code eval} null holds out part of train), whether to train on a GPU, and
 * {@code no_cache}. {@link #toXCom()} is what {@code check_request_body} returns for the later tasks.
 */
public record RequestBody(String model, Map<String, Dataset> datasets, boolean gpu, boolean noCache) {

  /** The eight model names GraphGrid's training pipeline knows. */
  public static final List<String> MODELS = List.of("named_entity_recognition", "part_of_speech_tagging",
      "keyphrase_extraction", "sentiment_analysis_binary", "sentiment_analysis_categorical", "coreference_resolution",
      "translation", "relation_extraction");

  /** One dataset's files. {@code eval} may be null. */
  public record Dataset(String train, String eval) {}

  public RequestBody {
    datasets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(datasets));
  }

  /** Every file the request names, relative to the dataset store, without repeats. */
  public List<String> files() {
    return datasets.values().stream()
        .flatMap(d -> d.eval() == null ? java.util.stream.Stream.of(d.train()) : java.util.stream.Stream.of(d.train(), d.eval()))
        .distinct().toList();
  }

  /** The datasets map as the trainer's {@code --datasets} takes it. */
  public Map<String, Object> datasetsJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    datasets.forEach((name, d) -> {
      Map<String, Object> files = new LinkedHashMap<>();
      files.put("train", d.train());
      files.put("eval", d.eval());
      out.put(name, files);
    });
    return out;
  }

  public Map<String, Object> toXCom() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", model);
    out.put("datasets", datasetsJson());
    out.put("gpu", gpu);
    out.put("no_cache", noCache);
    return out;
  }

  /** Reads back what {@link #toXCom()} wrote. */
  public static RequestBody fromXCom(Object value) {
    if (!(value instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("not a checked request body: " + value);
    }
    Map<String, Dataset> datasets = new LinkedHashMap<>();
    ((Map<?, ?>) m.get("datasets")).forEach((k, v) -> {
      Map<?, ?> files = (Map<?, ?>) v;
      datasets.put(k.toString(), new Dataset(files.get("train").toString(),
          files.get("eval") == null ? null : files.get("eval").toString()));
    });
    return new RequestBody(m.get("model").toString(), datasets, Boolean.TRUE.equals(m.get("gpu")),
        Boolean.TRUE.equals(m.get("no_cache")));
  }
}
