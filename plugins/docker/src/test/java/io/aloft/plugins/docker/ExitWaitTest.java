package io.aloft.plugins.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExitWaitTest {

  private final List<String> paths = new ArrayList<>();

  private DockerHttpClient answering(int status, InputStream body) {
    return new DockerHttpClient() {
      @Override
      public void close() {}

      @Override
      public Response execute(Request request) {
        paths.add(request.method() + " " + request.path());
        return response(status, body);
      }
    };
  }

  private static DockerHttpClient.Response response(int status, InputStream body) {
    return new DockerHttpClient.Response() {
      @Override
      public int getStatusCode() {
        return status;
      }

      @Override
      public Map<String, List<String>> getHeaders() {
        return Map.of();
      }

      @Override
      public InputStream getBody() {
        return body;
      }

      @Override
      public void close() {}
    };
  }

  private static InputStream json(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A body that blocks its reader until {@code release} opens, as the engine's wait does until the exit. */
  private static InputStream afterRelease(CountDownLatch release, String body) {
    InputStream rest = json(body);
    return new InputStream() {
      @Override
      public int read() throws java.io.IOException {
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new java.io.InterruptedIOException();
        }
        return rest.read();
      }
    };
  }

  @Test
  void asksForTheConditionAndReadsTheExitCode() throws Exception {
    try (ExitWait wait = ExitWait.open(answering(200, json("{\"StatusCode\":3,\"Error\":null}")), "abc", ExitWait.Condition.NEXT_EXIT)) {
      assertThat(wait.statusCode(5, TimeUnit.SECONDS)).isEqualTo(3);
    }
    assertThat(paths).containsExactly("POST /containers/abc/wait?condition=next-exit");
  }

  @Test
  void saysNothingYetWhileTheContainerRuns() throws Exception {
    CountDownLatch exited = new CountDownLatch(1);
    try (ExitWait wait = ExitWait.open(answering(200, afterRelease(exited, "{\"StatusCode\":0}")), "abc",
        ExitWait.Condition.NOT_RUNNING)) {
      assertThat(wait.statusCode(50, TimeUnit.MILLISECONDS)).isNull();
      exited.countDown();
      assertThat(wait.statusCode(5, TimeUnit.SECONDS)).isZero();
    }
  }

  @Test
  void reportsTheEnginesErrors() {
    assertThatThrownBy(() -> ExitWait.open(answering(404, json("{\"message\":\"No such container: abc\"}")), "abc",
            ExitWait.Condition.NEXT_EXIT))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("No such container");

    ExitWait failed = ExitWait.open(answering(200, json("{\"StatusCode\":128,\"Error\":{\"Message\":\"start failed\"}}")), "abc",
        ExitWait.Condition.NEXT_EXIT);
    assertThatThrownBy(() -> failed.statusCode(5, TimeUnit.SECONDS))
        .isInstanceOf(DockerException.class)
        .hasMessageContaining("start failed");
  }

  /** The wait answers only when {@code release} opens; events come from {@code events}. */
  private DockerHttpClient eventsAndWait(InputStream events, CountDownLatch release, String waitBody) {
    return new DockerHttpClient() {
      @Override
      public void close() {}

      @Override
      public Response execute(Request request) {
        paths.add(request.method() + " " + request.path());
        if (request.path().startsWith("/events")) {
          return response(200, events);
        }
        return response(200, afterRelease(release, waitBody));
      }
    };
  }

  @Test
  void theDieEventEndsTheWaitBeforeTheEnginesCleanUp() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    String events = "{\"Type\":\"container\",\"Action\":\"die\",\"Actor\":{\"ID\":\"abc\","
        + "\"Attributes\":{\"exitCode\":\"7\",\"image\":\"busybox\"}}}\n";
    try (ExitWait wait = ExitWait.open(eventsAndWait(json(events), never, "{\"StatusCode\":7}"), "abc",
        ExitWait.Condition.NEXT_EXIT, true)) {
      assertThat(wait.statusCode(5, TimeUnit.SECONDS)).isEqualTo(7);
    }
    assertThat(paths).hasSize(2);
    assertThat(java.net.URLDecoder.decode(paths.get(0), StandardCharsets.UTF_8))
        .isEqualTo("GET /events?filters={\"type\":[\"container\"],\"container\":[\"abc\"],\"event\":[\"die\"]}");
    assertThat(paths.get(1)).isEqualTo("POST /containers/abc/wait?condition=next-exit");
  }

  @Test
  void withoutADieEventTheWaitStillAnswers() throws Exception {
    CountDownLatch exited = new CountDownLatch(1);
    try (ExitWait wait = ExitWait.open(eventsAndWait(json("{\"Action\":\"die\",\"Actor\":{}}\n"), exited,
        "{\"StatusCode\":2}"), "abc", ExitWait.Condition.NEXT_EXIT, true)) {
      assertThat(wait.statusCode(100, TimeUnit.MILLISECONDS)).as("an event without an exit code").isNull();
      exited.countDown();
      assertThat(wait.statusCode(5, TimeUnit.SECONDS)).isEqualTo(2);
    }
  }
}
