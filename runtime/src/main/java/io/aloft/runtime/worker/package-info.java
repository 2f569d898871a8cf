/**
 * Aloft on several machines: the processes that run tries register and heart-beat in the {@code worker} table
 * ({@link io.aloft.runtime.worker.WorkerRegistration}), a process without a scheduler claims on its own
 * ({@link io.aloft.runtime.worker.ClaimLoop}), schedulers end the tries of workers that vanished
 * ({@link io.aloft.runtime.worker.LostWorkers}), and a worker ships its try logs to the database so that a web server
 * on another machine can show them ({@link io.aloft.runtime.worker.LogShipper}).
 */
package io.aloft.runtime.worker;
