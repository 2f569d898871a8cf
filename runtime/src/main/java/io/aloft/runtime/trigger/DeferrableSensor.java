package io.aloft.runtime.trigger;

import io.aloft.sdk.Sensor;
import io.aloft.sdk.TaskContext;
import java.time.Instant;

/**
 * A built-in Java sensor that, with {@code deferrable=True}, names the trigger that waits for its condition (a
 * moment, a file) instead of poking in a held try. A deferrable sensor that is not one of these is woken by a
 * {@link Trigger.DateTime} at its next poke time and pokes once in its resumed try.
 */
public interface DeferrableSensor extends Sensor {

  /** The trigger to wait on after an unsatisfied poke; {@code pokeAgainAt} is when a poke-mode sensor would poke. */
  Trigger trigger(TaskContext ctx, Instant pokeAgainAt) throws Exception;
}
