package io.aloft.plugins.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Engine API's {@code POST /containers/{id}/wait?condition=...}. A try opens it with {@code next-exit}
 * before its container starts (as {@code docker run} does): once {@link #open} returns, the engine has
 * registered the wait, so the exit is reported however soon after the start it happens, nothing has to be
 * asked after the exit, and a container the engine removes as it exits ({@code AutoRemove}) still reports its
 * exit code. docker-java's wait command cannot pass a condition, and without one ({@code not-running}) a wait
 * on a container that has not started yet returns at once.
 *
 * <p>The response body arrives at the exit; a virtual thread reads it, so that the try's thread can wait with
 * a timeout (to heartbeat) and be interrupted. {@link #close} drops the request (the engine forgets the wait).
 */
final class ExitWait implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DockerHttpClient.Response response;
  private final CompletableFuture<Integer> statusCode = new CompletableFuture<>();
  private volatile DockerHttpClient.Response dieEvents;

  private ExitWait(DockerHttpClient.Response response) {
    this.response = response;
  }

  /** When the wait ends: at the next exit (for a container about to start), or once it is not running. */
  enum Condition {
    NEXT_EXIT("next-exit"),
    NOT_RUNNING("not-running");

    private final String query;

    Condition(String query) {
      this.query = query;
    }
  }

  /** Registers the wait; returns once the engine has. */
  static ExitWait open(DockerHttpClient http, String containerId, Condition condition) {
    return open(http, containerId, condition, false);
  }

  /**
   * Like {@link #open(DockerHttpClient, String, Condition)}; with {@code atDie}, the exit code is also taken
   * from the engine's {@code die} event, whichever comes first. The engine sends that event as the process
   * ends, and answers the wait only after its clean-up (network, mounts; about 60 ms here), so a try learns its
   * container's exit code that much sooner. Without the event (it cannot be missed
   * in practice: the stream is open before the start), the wait still answers.
   */
  static ExitWait open(DockerHttpClient http, String containerId, Condition condition, boolean atDie) {
    DockerHttpClient.Response events = atDie ? subscribeToDie(http, containerId) : null;
    ExitWait wait;
    try {
      wait = openWait(http, containerId, condition);
    } catch (RuntimeException e) {
      if (events != null) {
        events.close();
      }
      throw e;
    }
    if (events != null) {
      wait.dieEvents = events;
      Thread.ofVirtual().name("aloft-docker-die-" + DockerTaskRunner.shortId(containerId)).start(() -> wait.readDie(events));
    }
    return wait;
  }

  private static DockerHttpClient.Response subscribeToDie(DockerHttpClient http, String containerId) {
    String filters = "{\"type\":[\"container\"],\"container\":[\"" + containerId + "\"],\"event\":[\"die\"]}";
    DockerHttpClient.Request request = DockerHttpClient.Request.builder()
        .method(DockerHttpClient.Request.Method.GET)
        .path("/events?filters=" + URLEncoder.encode(filters, StandardCharsets.UTF_8))
        .putHeader("accept", "application/json")
        .build();
    DockerHttpClient.Response response = http.execute(request);
    if (response.getStatusCode() < 200 || response.getStatusCode() > 299) {
      response.close();
      return null; // the wait alone will do
    }
    return response;
  }

  /** Completes the exit code from the first {@code die} event with one; a stream that ends early changes nothing. */
  private void readDie(DockerHttpClient.Response events) {
    try (InputStream in = events.getBody(); MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(in)) {
      while (it.hasNextValue() && !statusCode.isDone()) {
        JsonNode code = it.nextValue().path("Actor").path("Attributes").path("exitCode");
        if (code.isTextual() && code.asText().matches("-?\\d+")) {
          statusCode.complete(Integer.parseInt(code.asText()));
          return;
        }
      }
    } catch (IOException | RuntimeException closedOrUnreadable) {
      // Closed at the end of the try, or not readable: the wait answers.
    }
  }

  /**
   * The exit code of a container that has gone (the engine removed it), from the engine's event log: its
   * last {@code die} event within the past day. Empty when the log no longer has it (the engine keeps a
   * bounded number of events, and none across its own restart) or cannot be read.
   */
  static java.util.Optional<Integer> pastExitCode(DockerHttpClient http, String containerId) {
    java.time.Instant clock = java.time.Instant.now();
    long now = clock.getEpochSecond();
    // until with its fraction: a whole second would leave out a die event of the current second
    String until = now + "." + String.format("%09d", clock.getNano());
    String filters = "{\"type\":[\"container\"],\"container\":[\"" + containerId + "\"],\"event\":[\"die\"]}";
    DockerHttpClient.Request request = DockerHttpClient.Request.builder()
        .method(DockerHttpClient.Request.Method.GET)
        .path("/events?since=" + (now - 86_400) + "&until=" + until + "&filters=" + URLEncoder.encode(filters, StandardCharsets.UTF_8))
        .putHeader("accept", "application/json")
        .build();
    Integer last = null;
    try (DockerHttpClient.Response response = http.execute(request)) {
      if (response.getStatusCode() < 200 || response.getStatusCode() > 299) {
        return java.util.Optional.empty();
      }
      try (InputStream in = response.getBody(); MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(in)) {
        while (it.hasNextValue()) {
          JsonNode code = it.nextValue().path("Actor").path("Attributes").path("exitCode");
          if (code.isTextual() && code.asText().matches("-?\\d+")) {
            last = Integer.parseInt(code.asText());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.ofNullable(last);
  }

  private static ExitWait openWait(DockerHttpClient http, String containerId, Condition condition) {
    DockerHttpClient.Request request = DockerHttpClient.Request.builder()
        .method(DockerHttpClient.Request.Method.POST)
        .path("/containers/" + containerId + "/wait?condition=" + condition.query)
        .putHeader("accept", "application/json")
        .build();
    DockerHttpClient.Response response = http.execute(request);
    int status = response.getStatusCode();
    if (status < 200 || status > 299) {
      String body;
      try (InputStream in = response.getBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        body = e.getMessage();
      } finally {
        response.close();
      }
      throw status == 404 ? new NotFoundException(body) : new DockerException(body, status);
    }
    ExitWait wait = new ExitWait(response);
    Thread.ofVirtual().name("aloft-docker-wait-" + DockerTaskRunner.shortId(containerId)).start(wait::read);
    return wait;
  }

  private void read() {
    try (InputStream in = response.getBody()) {
      JsonNode body = JSON.readTree(in);
      JsonNode error = body == null ? null : body.path("Error").path("Message");
      if (error != null && error.isTextual() && !error.asText().isEmpty()) {
        statusCode.completeExceptionally(new DockerException("waiting for the container failed: " + error.asText(), 500));
      } else if (body == null || !body.path("StatusCode").canConvertToInt()) {
        statusCode.completeExceptionally(new DockerException("the engine's wait answered without an exit code: " + body, 500));
      } else {
        statusCode.complete(body.path("StatusCode").asInt());
      }
    } catch (IOException | RuntimeException e) {
      statusCode.completeExceptionally(e);
    }
  }

  /** The exit code, or {@code null} when it has not arrived within the timeout. */
  Integer statusCode(long timeout, TimeUnit unit) throws InterruptedException {
    try {
      return statusCode.get(timeout, unit);
    } catch (TimeoutException notYet) {
      return null;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      throw new DockerException("waiting for the container failed: " + e.getCause(), 500);
    }
  }

  @Override
  public void close() {
    response.close();
    DockerHttpClient.Response events = dieEvents;
    if (events != null) {
      events.close();
    }
  }
}
