package io.aloft.runtime.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.SpecJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Keeps the secret values of task arguments out of the stored {@link DagSpec} (issue 17, item 3): before a spec
 * is written, each secret value is replaced by {@code {"__aloft_sealed__": "<AES-GCM text>"}} under the
 * connections' key ({@link SecretCipher}), and a stored spec is opened back into clear values when read, so the
 * task that runs still gets them. A value is secret when it is the whole value of an argument its operator
 * declares secret (Docker's and GraphGrid's {@code private_environment}, given as {@code secretArgument}), or
 * when its argument or dictionary key has a sensitive name ({@code env={"API_KEY": ...}}, {@code
 * op_kwargs={"password": ...}}; see {@code SensitiveNames}), in a task's {@code args} or in its mapped {@code
 * expand}.
 *
 * <p>The content hash of a sealed spec is taken over the spec with each secret replaced by a keyed digest
 * ({@link SecretCipher#digest}): stable from parse to parse (the random nonces of the sealed text would make
 * every parse a new version), yet no guess of a secret can be tested against it without the key. Specs without
 * secrets are written and hashed exactly as before. Thread-safe and stateless beyond its cipher.
 */
final class SpecSecrets {

  /** The one field of an object that stands for a sealed value. */
  static final String SEALED = "__aloft_sealed__";

  private static final ObjectMapper JSON = SpecJson.mapper();

  private final SecretCipher cipher;
  private final Predicate<String> sensitiveName;

  /** What goes into {@code dag_version}: the spec's text and its content hash; {@code sealed}: it holds secrets. */
  record Stored(String json, String hash, boolean sealed) {}

  /** @param sensitiveName whether an argument or dictionary key holds a secret (Airflow's sensitive names) */
  SpecSecrets(SecretCipher cipher, Predicate<String> sensitiveName) {
    this.cipher = cipher;
    this.sensitiveName = sensitiveName;
  }

  /**
   * The text to store for {@code spec} and its hash.
   *
   * @param secretArgument whether (operator, argument name) is declared secret by the operator's descriptor
   */
  Stored seal(DagSpec spec, BiPredicate<String, String> secretArgument) {
    ObjectNode digested = JSON.valueToTree(spec);
    List<Slot> secrets = new ArrayList<>();
    for (JsonNode task : digested.path("tasks")) {
      String operator = task.path("executor").asText("").equals("java") ? task.path("operator").asText("") : null;
      collect(task.path("args"), operator, secretArgument, secrets);
      collect(task.path("mapped").path("expand"), operator, secretArgument, secrets);
    }
    if (secrets.isEmpty()) {
      String json = SpecJson.write(spec);
      return new Stored(json, DagStore.hash(json), false);
    }
    ObjectNode sealed = digested.deepCopy();
    // the same walk over the copy visits the same values in the same order
    List<Slot> sealedSlots = new ArrayList<>();
    for (JsonNode task : sealed.path("tasks")) {
      String operator = task.path("executor").asText("").equals("java") ? task.path("operator").asText("") : null;
      collect(task.path("args"), operator, secretArgument, sealedSlots);
      collect(task.path("mapped").path("expand"), operator, secretArgument, sealedSlots);
    }
    for (int i = 0; i < secrets.size(); i++) {
      Slot d = secrets.get(i);
      Slot s = sealedSlots.get(i);
      String plain = d.value().toString();
      d.replace(JSON.createObjectNode().put(SEALED, "digest:" + cipher.digest(plain)));
      s.replace(JSON.createObjectNode().put(SEALED, cipher.encrypt(plain)));
    }
    try {
      String hashed = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(digested);
      return new Stored(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(sealed), DagStore.hash(hashed), true);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code source} (a DAG file's text, stored for the code view) with every secret value of its {@code specs} that
   * is written in it literally replaced by {@code ***}: the database keeps no clear copy of what the spec seals,
   * and the code view shows none. Values shorter than 4 characters stay, as the log masker decides.
   */
  String maskSource(String source, java.util.Collection<DagSpec> specs, BiPredicate<String, String> secretArgument) {
    if (source == null || specs.isEmpty()) {
      return source;
    }
    java.util.Set<String> texts = new java.util.TreeSet<>(
        java.util.Comparator.comparingInt(String::length).reversed().thenComparing(java.util.Comparator.naturalOrder()));
    for (DagSpec spec : specs) {
      ObjectNode tree = JSON.valueToTree(spec);
      List<Slot> slots = new ArrayList<>();
      for (JsonNode task : tree.path("tasks")) {
        String operator = task.path("executor").asText("").equals("java") ? task.path("operator").asText("") : null;
        collect(task.path("args"), operator, secretArgument, slots);
        collect(task.path("mapped").path("expand"), operator, secretArgument, slots);
      }
      slots.forEach(slot -> leaves(slot.value(), texts));
    }
    String out = source;
    for (String t : texts) {
      out = out.replace(t, "***");
    }
    return out;
  }

  private static void leaves(JsonNode v, java.util.Set<String> out) {
    if (v.isContainerNode()) {
      v.forEach(x -> leaves(x, out));
    } else if (v.isValueNode() && !v.isNull()) {
      String t = v.asText();
      if (t.length() >= 4) {
        out.add(t);
      }
    }
  }

  /** The spec stored as {@code json}, its sealed values opened. */
  DagSpec open(String json) {
    if (!json.contains(SEALED)) {
      return SpecJson.parse(json);
    }
    try {
      JsonNode tree = JSON.readTree(json);
      JsonNode opened = transform(tree, sealedText -> JSON.readTree(decrypt(sealedText, cipher)));
      return JSON.treeToValue(opened, DagSpec.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored DAG spec is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** {@code json} with every sealed value encrypted again under {@code next} (key rotation); null: none sealed. */
  String reseal(String json, SecretCipher next) {
    if (!json.contains(SEALED)) {
      return null;
    }
    try {
      JsonNode tree = JSON.readTree(json);
      JsonNode out = transform(tree,
          sealedText -> JSON.createObjectNode().put(SEALED, next.encrypt(decrypt(sealedText, cipher))));
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored DAG spec is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static String decrypt(String sealedText, SecretCipher cipher) {
    try {
      return cipher.decrypt(sealedText);
    } catch (IllegalStateException e) {
      throw new IllegalStateException("a secret argument of a stored DAG spec cannot be decrypted with this key:"
          + " was ALOFT_FERNET_KEY or <home>/env/" + SecretCipher.KEY_FILE + " changed without `aloft connections"
          + " rotate-key`? Restore the key it was written with, or delete the DAG (`aloft dags delete`) so that"
          + " its file is parsed again under the new key", e);
    }
  }

  /** What replaces a sealed value. */
  private interface Opener {
    JsonNode apply(String sealedText) throws JsonProcessingException;
  }

  private static JsonNode transform(JsonNode node, Opener opener) throws JsonProcessingException {
    if (node instanceof ObjectNode o) {
      if (o.size() == 1 && o.get(SEALED) != null && o.get(SEALED).isTextual()) {
        return opener.apply(o.get(SEALED).asText());
      }
      Iterator<Map.Entry<String, JsonNode>> fields = o.fields();
      List<Map.Entry<String, JsonNode>> all = new ArrayList<>();
      fields.forEachRemaining(all::add);
      for (Map.Entry<String, JsonNode> f : all) {
        o.set(f.getKey(), transform(f.getValue(), opener));
      }
      return o;
    }
    if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        a.set(i, transform(a.get(i), opener));
      }
    }
    return node;
  }

  /** Collects the secret slots of one task's {@code args} (or {@code expand}) object, in a fixed order. */
  private void collect(JsonNode args, String operator, BiPredicate<String, String> secretArgument, List<Slot> out) {
    if (!(args instanceof ObjectNode o)) {
      return;
    }
    List<String> names = new ArrayList<>();
    o.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      JsonNode v = o.get(name);
      if (v == null || v.isNull()) {
        continue;
      }
      if ((operator != null && secretArgument.test(operator, name)) || sensitiveName.test(name)) {
        out.add(new Slot(o, name, v));
      } else {
        walk(v, out);
      }
    }
  }

  /** Values under sensitive keys anywhere inside a non-secret argument. */
  private void walk(JsonNode v, List<Slot> out) {
    if (v instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode x = o.get(name);
        if (x == null || x.isNull()) {
          continue;
        }
        if (sensitiveName.test(name)) {
          out.add(new Slot(o, name, x));
        } else {
          walk(x, out);
        }
      }
    } else if (v instanceof ArrayNode a) {
      a.forEach(x -> walk(x, out));
    }
  }

  /** A field of an object whose value is secret. */
  private record Slot(ObjectNode parent, String field, JsonNode value) {
    void replace(JsonNode with) {
      parent.set(field, with);
    }
  }
}
