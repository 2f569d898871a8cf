package io.aloft.runtime.python;

import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;

/**
 * Python code raised out of a call (rather than returning its error as data): the message, the guest stack
 * frames, and the original error's text. Plain data, so that it crosses from a worker process to the daemon
 * unchanged; nothing of GraalPy is kept. Immutable.
 */
public final class PythonException extends RuntimeException {

  /** One Python stack frame: the source's path (or name) and the line. */
  public record Frame(String source, int line) {}

  private final List<Frame> frames;
  private final String detail;

  public PythonException(String message, List<Frame> frames, String detail) {
    super(message);
    this.frames = List.copyOf(frames);
    this.detail = detail;
  }

  /** The same error as plain data. */
  static PythonException of(PolyglotException e) {
    List<Frame> frames = new ArrayList<>();
    for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
      SourceSection section = frame.getSourceLocation();
      if (frame.isGuestFrame() && section != null && section.getSource() != null) {
        String path = section.getSource().getPath();
        frames.add(new Frame(path != null ? path : section.getSource().getName(), section.getStartLine()));
      }
    }
    PythonException plain = new PythonException(e.getMessage(), frames, String.valueOf(e));
    plain.initCause(e);
    return plain;
  }

  public List<Frame> frames() {
    return frames;
  }

  /** The original error's text (its Python type and message). */
  public String detail() {
    return detail;
  }

  /** The innermost line of {@code filename} in the stack, or null. */
  public Integer lineIn(String filename) {
    for (Frame f : frames) {
      if (filename.equals(f.source())) {
        return f.line();
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return detail;
  }
}
