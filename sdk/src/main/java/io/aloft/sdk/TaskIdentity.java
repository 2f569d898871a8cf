package io.aloft.sdk;

/** Identifies one task try. {@code mapIndex} is -1 for an unmapped task; {@code tryNumber} starts at 1. */
public record TaskIdentity(String dagId, String runId, String taskId, int mapIndex, int tryNumber) {}
