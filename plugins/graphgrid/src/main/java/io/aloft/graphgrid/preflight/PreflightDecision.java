package io.aloft.graphgrid.preflight;

/**
 * What the preflight concluded for one new GPU session.
 *
 * @param fits whether the session can start now
 * @param poolSize the {@code gpu_pool} size to set: sessions admitted plus those that fit now, at least 1
 * @param admittedSessions GPU sessions already admitted
 * @param sessionMiB this session's memory estimate
 * @param largestHeadroomMiB free memory on the roomiest device after the safety margin and the reservations of
 *     starting sessions
 * @param reason one line for the task log
 */
public record PreflightDecision(boolean fits, int poolSize, int admittedSessions, long sessionMiB,
                                long largestHeadroomMiB, String reason) {}
