/**
 * Aloft on several machines: the processes that run tries register and heart-beat in the {@code worker} table
 * ({@link io.aloft.runtime.worker.WorkerRegistration}), a process without a scheduler claims on its own
 * ({@link io.aloft.runtime.worker.ClaimLoop}), schedulers end the tries of workers that vanished
 * ({@link io.aloft.runtime.worker.LostWorkers}), and a worker ships its try logs to the database so that a web server
 * on another machine can show them ({@link io.aloft.runtime.worker.LogShipper}). A worker refuses Python tries whose
 * DAG file is not the version the scheduler parsed ({@link io.aloft.runtime.worker.DagVersions}), and a scheduler
 * records its loop's and triggerer's heartbeats for web servers elsewhere
 * ({@link io.aloft.runtime.worker.ComponentHeartbeats}).
 */
package io.aloft.runtime.worker;
