package io.aloft.plugins.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.aloft.sdk.TaskLog;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Writes a container's output into the try's log line by line, in the order Docker delivers it, and keeps
 * what XCom needs (every line, or only the last). Docker frames do not end at line ends, so each stream
 * keeps its unfinished line; multi-byte characters split across frames are decoded once whole.
 * Called on docker-java's thread; the results are read after {@link #awaitCompletion()}.
 */
final class OutputPump extends ResultCallback.Adapter<Frame> {

  /** A longer line is written in pieces, so that output without newlines cannot fill the memory. */
  private static final int MAX_LINE_BYTES = 64 * 1024;
  /** How many last lines a failure carries ({@link DockerTaskException#outputTail()}). */
  static final int TAIL_LINES = 100;

  private final TaskLog log;
  private final boolean keepAll;
  private final Map<StreamType, ByteArrayOutputStream> partial = new EnumMap<>(StreamType.class);
  private final List<String> lines = new ArrayList<>();
  /** The last lines whatever {@code keepAll} says: a failure's cause (e.g. a CUDA out-of-memory) is read from them. */
  private final java.util.ArrayDeque<String> tail = new java.util.ArrayDeque<>();
  private final CountDownLatch open = new CountDownLatch(1);
  private volatile Throwable failure;
  private String lastLine;
  private int lineCount;

  OutputPump(TaskLog log, boolean keepAll) {
    this.log = log;
    this.keepAll = keepAll;
  }

  @Override
  public void onStart(java.io.Closeable stream) {
    super.onStart(stream);
    open.countDown();
  }

  @Override
  public void onError(Throwable throwable) {
    failure = throwable;
    open.countDown();
    super.onError(throwable);
  }

  @Override
  public void close() throws java.io.IOException {
    try {
      super.close();
    } finally {
      open.countDown();
    }
  }

  /**
   * Waits until the engine answered the request: the stream is open (for an attach: it will receive what the
   * container writes from now on), or it failed, which is thrown. docker-java's {@code awaitStarted} would
   * wait forever after a failure.
   */
  void awaitOpen() throws InterruptedException {
    open.await();
    Throwable t = failure;
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t != null) {
      throw new IllegalStateException(t);
    }
  }

  @Override
  public void onNext(Frame frame) {
    byte[] payload = frame.getPayload();
    if (payload == null) {
      return;
    }
    synchronized (this) {
      ByteArrayOutputStream buf = partial.computeIfAbsent(frame.getStreamType(), t -> new ByteArrayOutputStream());
      int start = 0;
      for (int i = 0; i < payload.length; i++) {
        if (payload[i] == '\n') {
          buf.write(payload, start, i - start);
          emit(buf);
          start = i + 1;
        }
      }
      buf.write(payload, start, payload.length - start);
      if (buf.size() > MAX_LINE_BYTES) {
        emit(buf);
      }
    }
  }

  @Override
  public void onComplete() {
    synchronized (this) {
      partial.values().forEach(buf -> {
        if (buf.size() > 0) {
          emit(buf);
        }
      });
    }
    super.onComplete();
  }

  private void emit(ByteArrayOutputStream buf) {
    String line = buf.toString(StandardCharsets.UTF_8);
    buf.reset();
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
    log.output(line);
    lastLine = line;
    lineCount++;
    if (tail.size() == TAIL_LINES) {
      tail.removeFirst();
    }
    tail.addLast(line);
    if (keepAll) {
      lines.add(line);
    }
  }

  synchronized String lastLine() {
    return lastLine;
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /** The last {@link #TAIL_LINES} lines, oldest first. */
  synchronized List<String> tail() {
    return List.copyOf(tail);
  }

  synchronized int lineCount() {
    return lineCount;
  }
}
