package io.aloft.sdk;

/**
 * A read-only snapshot of one task instance. {@code state} is Airflow's name ({@code "running"},
 * {@code "success"}, ...) or {@code null} for "no state yet".
 */
public record TaskInstanceView(
    String dagId, String runId, String taskId, int mapIndex, int tryNumber, String state, String hostname) {}
