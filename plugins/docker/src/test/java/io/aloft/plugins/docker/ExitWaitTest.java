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
    InputStream blocking = new InputStream() {
      private final InputStream rest = json("{\"StatusCode\":0}");

      @Override
      public int read() throws java.io.IOException {
        try {
          exited.await();
        } catch (InterruptedException e) {
          throw new java.io.InterruptedIOException();
        }
        return rest.read();
      }
    };
    try (ExitWait wait = ExitWait.open(answering(200, blocking), "abc", ExitWait.Condition.NOT_RUNNING)) {
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
}
