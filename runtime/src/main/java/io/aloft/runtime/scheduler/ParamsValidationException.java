package io.aloft.runtime.scheduler;

import java.util.List;

/**
 * A run's conf does not fit the DAG's params; no run is created. Each problem names the param and why,
 * in Airflow's words ({@code Invalid input for param x: ...}).
 */
public final class ParamsValidationException extends RuntimeException {

  private final List<String> problems;

  public ParamsValidationException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
