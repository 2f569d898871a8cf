package io.aloft.sdk;

/**
 * An operator whose work outlives the daemon's process and can be picked up again: calling {@link #execute}
 * with the same {@link TaskIdentity} (same try number) attaches to the work an earlier process started for
 * that try, instead of starting it a second time. The Docker operator is one: its container keeps running
 * while the daemon restarts, and is found again by its labels.
 *
 * <p>The runtime uses this when it finds a try left {@code running} by a daemon that stopped: for a
 * resumable operator it runs the same try again rather than failing it and starting a retry.
 *
 * <pre>{@code
 * if (descriptor.factory().create(args) instanceof ResumableOperator) {
 *   // run try N again with TaskIdentity(..., tryNumber = N)
 * }
 * }</pre>
 */
public interface ResumableOperator extends Operator {}
