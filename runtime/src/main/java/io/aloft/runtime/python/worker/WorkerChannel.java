package io.aloft.runtime.python.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aloft.runtime.python.PythonException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One end of the daemon-to-worker connection: a loopback socket carrying frames of one JSON object each (a 4-byte
 * length, then UTF-8 JSON; a message whose {@code raw_field} names one of its fields is followed by that field's text
 * as one more frame of raw UTF-8, so a call's JSON result crosses unescaped). A socket rather than the worker's stdout, because Python code and the processes it
 * starts write to stdout freely.
 *
 * <p>Messages, daemon to worker: {@code init}, {@code evaluate}, {@code run_task}, {@code cancel}, {@code answer}
 * (to a callback), {@code path}, {@code warm_rest}, {@code await_warm}. Worker to daemon: {@code hello} (with the
 * token the daemon gave on the worker's stdin), {@code callback} (a task's XCom, variable or connection, which
 * waits for its {@code answer}, or a batch of its log lines, which does not), and results: {@code {"id", "result"}}, {@code {"id", "error"}} (Python raised), {@code {"id", "stopped"}},
 * {@code {"id", "failure"}} (the host could not run the call).
 *
 * <p>Threading: {@link #send} may be called from any thread (frames never interleave); {@link #read} from one
 * reader thread only.
 */
final class WorkerChannel implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  /** Larger frames are refused: no DAG file or task request comes near it, a corrupt length would. */
  private static final int MAX_FRAME = 512 * 1024 * 1024;
  /** A message's field naming its field that follows as a raw frame ({@link #send(ObjectNode, String, String)}). */
  private static final String RAW_FIELD = "raw_field";

  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;

  WorkerChannel(Socket socket) throws IOException {
    this.socket = socket;
    socket.setTcpNoDelay(true);
    this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
    this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
  }

  void send(JsonNode message) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(message);
    synchronized (out) {
      out.writeInt(bytes.length);
      out.write(bytes);
      out.flush();
    }
  }

  /**
   * Sends {@code message} with {@code text} as its field {@code field}, the text as a raw UTF-8 frame after the
   * message's own: a call's result is JSON already (a parse's DAG specs, tens of KB), which as a JSON string value
   * would be escaped here and unescaped by the reader on every call. {@link #read} puts it back in place.
   */
  void send(ObjectNode message, String field, String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] bytes = JSON.writeValueAsBytes(message.put(RAW_FIELD, field));
    synchronized (out) {
      out.writeInt(bytes.length);
      out.write(bytes);
      out.writeInt(payload.length);
      out.write(payload);
      out.flush();
    }
  }

  /** The next message; {@link EOFException} when the other end closed the connection. */
  JsonNode read() throws IOException {
    int length = in.readInt();
    JsonNode message = JSON.readTree(frame(length));
    if (message instanceof ObjectNode o && o.has(RAW_FIELD)) { // see send(message, field, text)
      String field = o.remove(RAW_FIELD).asText();
      o.put(field, new String(frame(in.readInt()), StandardCharsets.UTF_8));
    }
    return message;
  }

  private byte[] frame(int length) throws IOException {
    if (length < 0 || length > MAX_FRAME) {
      throw new IOException("corrupt frame on the Python worker connection (length " + length + ")");
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }

  static ObjectNode message(String op) {
    return JSON.createObjectNode().put("op", op);
  }

  /** A raised Python error as data: message, detail, frames. */
  static ObjectNode error(PythonException e) {
    ObjectNode node = JSON.createObjectNode().put("message", e.getMessage()).put("detail", e.detail());
    ArrayNode frames = node.putArray("frames");
    e.frames().forEach(f -> frames.addObject().put("source", f.source()).put("line", f.line()));
    return node;
  }

  static PythonException error(JsonNode node) {
    List<PythonException.Frame> frames = new ArrayList<>();
    node.path("frames").forEach(f -> frames.add(new PythonException.Frame(f.path("source").asText(), f.path("line").asInt())));
    return new PythonException(node.path("message").asText(null), frames, node.path("detail").asText(""));
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing is all that is left to do with it.
    }
  }
}
