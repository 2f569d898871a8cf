package io.aloft.runtime.dagfile;

/**
 * Why a DAG file could not be loaded, as Airflow's import errors show it.
 *
 * @param filename the DAG file
 * @param lineno the line of the DAG file the error points at (from the Python traceback, a syntax error,
 *     or the task an argument check failed for); {@code null} when no line of the file is to blame
 * @param message one line for lists and the UI, e.g. {@code "ModuleNotFoundError: No module named 'foo'"}
 * @param stacktrace the Python traceback (or the detailed explanation), for the error's detail view
 */
public record ImportErrorInfo(String filename, Integer lineno, String message, String stacktrace) {}
