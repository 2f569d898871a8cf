package io.aloft.plugins.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aloft.sdk.TaskContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a Docker or Swarm try records in the store ({@link TaskContext#recordWork}) about the work it started: the
 * container's or service's id, and the engine it was created on as the try resolved it (rendered templates
 * included).
 *
 * <p>Why the engine: a try that ends without its thread (the runtime's sweeper, a daemon or worker that died) is
 * stopped by a fresh operator that the runtime builds from the task's <em>unrendered</em> arguments, so a templated
 * {@code docker_url} ({@code '{{ var.value.docker_host }}'}, a connection's host) names no engine there. Rendering
 * it again later could name another one (the Variable changed, the run's context is gone); the record names the
 * engine the try really used, also after a daemon restart.
 *
 * <p>Stored as one JSON object. A bare id (recorded by an Aloft before this record existed) reads as an id without
 * an engine. Nothing secret is stored: the engine's URL only when it carries no user info (else no engine is
 * recorded and the arguments decide, as before), TLS files by their paths, never their content. Immutable.
 */
public record WorkRecord(String id, DockerEndpoint engine) {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** {@code scheme://user[:password]@host}: a URL whose authority carries credentials. */
  private static final Pattern USER_INFO = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://[^/@]*@");

  public WorkRecord {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("a work record needs the container's or service's id");
    }
    if (engine != null && USER_INFO.matcher(engine.url()).find()) {
      engine = null; // a password in the URL is not written to the store in the clear
    }
  }

  /** The text {@link TaskContext#recordWork} stores. */
  public String encode() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", id);
    if (engine != null) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("url", engine.url());
      e.put("tls_ca_cert", engine.tlsCaCert());
      e.put("tls_client_cert", engine.tlsClientCert());
      e.put("tls_client_key", engine.tlsClientKey());
      e.put("tls_verify", engine.tlsVerify());
      out.put("engine", e);
    }
    try {
      return JSON.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a work record of strings", e);
    }
  }

  /** Reads what {@link #encode} stored, or a bare id stored by an older Aloft. */
  public static WorkRecord parse(String stored) {
    String s = stored.strip();
    if (!s.startsWith("{")) {
      return new WorkRecord(s, null);
    }
    try {
      JsonNode node = JSON.readTree(s);
      JsonNode e = node.path("engine");
      DockerEndpoint engine = e.isObject()
          ? new DockerEndpoint(e.path("url").asText(null), text(e, "tls_ca_cert"), text(e, "tls_client_cert"),
              text(e, "tls_client_key"), e.path("tls_verify").asBoolean(true))
          : null;
      return new WorkRecord(node.path("id").asText(null), engine);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the try's recorded work is not a Docker work record: " + stored, e);
    }
  }

  /** What this try recorded, if anything. */
  static Optional<WorkRecord> recorded(TaskContext ctx) {
    return ctx.recordedWork().map(WorkRecord::parse);
  }

  /**
   * The engine on which to stop the work of a try that this operator never ran ({@code args} may be unrendered):
   * the one the try recorded, else (nothing recorded, or a record of an older Aloft) the arguments' one.
   *
   * @throws DockerTaskException when the try recorded work but not its engine and {@code docker_url} is a template
   */
  public static DockerEndpoint engineToStop(TaskContext ctx, Map<String, Object> args) {
    Optional<WorkRecord> work = recorded(ctx);
    if (work.isPresent() && work.get().engine() != null) {
      return work.get().engine();
    }
    DockerEndpoint fromArgs = DockerArguments.endpoint(args, ctx.settings());
    if (!fromArgs.url().contains("{{")) {
      return fromArgs;
    }
    if (work.isEmpty()) {
      // Nothing was started, so no engine is asked anything: the daemon's default one only gives the runner a client.
      return DockerEndpoint.resolve(null, ctx.settings());
    }
    throw new DockerTaskException("cannot stop this try's container or service " + DockerTaskRunner.shortId(work.get().id())
        + ": its docker_url is a template (" + fromArgs.url() + ") and the try recorded no engine (an older Aloft"
        + " recorded it); remove it by hand on that engine (docker rm -f, or docker service rm)");
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
