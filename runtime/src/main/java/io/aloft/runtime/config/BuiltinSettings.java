package io.aloft.runtime.config;

import static io.aloft.sdk.SettingSpec.Type.BOOLEAN;
import static io.aloft.sdk.SettingSpec.Type.DURATION;
import static io.aloft.sdk.SettingSpec.Type.INT;
import static io.aloft.sdk.SettingSpec.Type.PATH;
import static io.aloft.sdk.SettingSpec.Type.PATH_LIST;
import static io.aloft.sdk.SettingSpec.Type.POSITIVE_INT;
import static io.aloft.sdk.SettingSpec.Type.STRING;

import io.aloft.sdk.SettingSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Aloft's own settings, the one list {@link ConfigLoader} checks and {@code aloft config} prints. Plugins add
 * theirs through {@link io.aloft.sdk.OperatorProvider#settings()}. A setting that is read by the launcher or the
 * test suite, not by the daemon, is listed too, so that setting it is never mistaken for a typo.
 */
final class BuiltinSettings {

  private BuiltinSettings() {}

  static final List<SettingSpec> ALL = List.of(
      SettingSpec.of("home", PATH, "~/.aloft", "data directory: embedded PostgreSQL (pgdata/), task logs (logs/), env/"),
      SettingSpec.of("config", PATH, "<home>/aloft.properties", "the configuration file (environment only)"),
      SettingSpec.of("dags_folder", PATH, "dags", "where DAG files are read"),
      SettingSpec.of("plugins_folder", PATH, "<home>/plugins", "extra plugin jars and zips"),
      SettingSpec.of("database_url", STRING, null, "an external PostgreSQL (jdbc:postgresql://...); unset: embedded"),
      SettingSpec.of("database_user", STRING, "postgres", "the external PostgreSQL's user"),
      SettingSpec.secret("database_password", "the external PostgreSQL's password"),
      SettingSpec.secret("fernet_key", "key of the connections' encrypted secrets; unset: <home>/env/fernet.key"),
      SettingSpec.of("port", INT, "8081", "UI and API port (0: any free port)"),
      SettingSpec.of("cli_daemon_timeout", DURATION, "60",
          "how long a CLI command waits for a running daemon's answer on <home>/cli.sock before it gives up"),
      SettingSpec.of("dag_import_timeout", DURATION, "30", "how long a DAG file's top-level code may run"),
      SettingSpec.of("dag_dir_list_interval", DURATION, "30",
          "how often the DAGs folder is listed in full where file events (inotify) tell of its changes in between;"
              + " elsewhere (NFS and other shared or FUSE file systems, macOS) it is listed every 2 s"),
      SettingSpec.of("python_contexts", POSITIVE_INT, "2", "warm GraalPy contexts kept for parsing and Python tasks"),
      SettingSpec.of("python_workers", INT, "<python_contexts>",
          "Python worker processes (one GraalPy context each) that parse DAG files and run Python tasks; "
              + "0: inside the daemon (unsafe: a DAG file can then kill or damage the daemon)"),
      SettingSpec.of("python_worker_heap", STRING, "1g", "heap limit of each Python worker process (-Xmx)"),
      SettingSpec.of("python_path", PATH_LIST, null, "extra directories on every GraalPy context's sys.path"),
      SettingSpec.of("venv_python", STRING, "python3", "the CPython that makes PythonVirtualenvOperator environments"),
      SettingSpec.of("scheduler_nice", INT, "-10",
          "CPU priority (nice, -20 to 19) of the scheduler's thread, the embedded PostgreSQL backend serving it and the"
              + " JVM's VM thread, so that busy tasks do not delay its passes; needs root, CAP_SYS_NICE or LimitNICE;"
              + " 0: leave alone"),
      SettingSpec.of("scheduler_realtime", STRING, "auto",
          "auto, true or false: run those three in the real-time class SCHED_FIFO (priority 1), so that a waking pass"
              + " never waits behind busy tasks; auto: with the embedded PostgreSQL only; needs root, CAP_SYS_NICE or"
              + " LimitRTPRIO=1; not with a positive scheduler_nice"),
      SettingSpec.of("parallelism", POSITIVE_INT, "32", "task tries running at once in one daemon"),
      SettingSpec.of("worker_timeout", POSITIVE_INT, "30",
          "seconds without a heartbeat after which a scheduler takes a worker for lost and retries its tries"),
      SettingSpec.of("xcom_max_bytes", POSITIVE_INT, "1048576", "largest XCom value, in bytes"),
      SettingSpec.of("dags_are_paused_at_creation", BOOLEAN, "false", "Airflow's dags_are_paused_at_creation"),
      SettingSpec.of("cache_folder", PATH, "$XDG_CACHE_HOME/aloft or ~/.cache/aloft",
          "files shared by every data directory (extracted airflow package, bytecode, pgdata-template)"),
      SettingSpec.of("sensitive_var_conn_names", STRING, null,
          "extra comma-separated name parts whose variable and connection values are masked"),
      SettingSpec.of("secure_cookies", STRING, "auto",
          "auto: cookies carry Secure over HTTPS or with X-Forwarded-Proto: https; always; never"),
      SettingSpec.of("trusted_proxies", STRING, null,
          "reverse proxies (addresses, CIDRs; comma separated) whose X-Forwarded-For gives the client address of"
              + " login throttling and the audit log; unset: the peer address, the header is ignored"),
      SettingSpec.of("metrics_public", BOOLEAN, "false", "/metrics answers without a login (for a Prometheus on a trusted network)"),
      SettingSpec.of("expose_config", STRING, "false",
          "Airflow's [webserver] expose_config: /api/v1/config answers Op and Admin users (true or non-sensitive-only,"
              + " secrets masked either way); false: it answers 403"),
      SettingSpec.of("retention_days", POSITIVE_INT, null,
          "the daemon deletes history older than this many days once a day, as `aloft db clean`; unset: keep all"),
      SettingSpec.of("smtp_host", STRING, null, "SMTP server for EmailOperator and email_on_failure (or an smtp_default connection)"),
      SettingSpec.of("smtp_port", POSITIVE_INT, "25", "the SMTP server's port"),
      SettingSpec.of("smtp_user", STRING, null, "SMTP login; unset: no AUTH"),
      SettingSpec.secret("smtp_password", "SMTP password"),
      SettingSpec.of("smtp_mail_from", STRING, "airflow@example.com", "the From address of e-mail Aloft sends"),
      SettingSpec.of("smtp_starttls", BOOLEAN, "true", "upgrade to TLS with STARTTLS (a server without it is refused)"),
      SettingSpec.of("smtp_ssl", BOOLEAN, "false", "connect with TLS from the start (SMTPS, usually port 465)"),
      SettingSpec.of("smtp_timeout", POSITIVE_INT, "30", "seconds to wait for the SMTP server"),
      SettingSpec.of("bundled_plugins", PATH, null, "launcher: where the plugins built from this checkout are staged from"),
      SettingSpec.of("aot", STRING, "on", "launcher: off neither records nor uses the JVM's start-up cache"),
      SettingSpec.of("java_opts", STRING, null, "launcher: extra JVM options"),
      SettingSpec.of("jvm_opts", STRING, null, "launcher: internal (the JVM options it computed)"),
      SettingSpec.of("aot_opts", STRING, null, "launcher: internal (the start-up cache option)"),
      SettingSpec.of("java_major", INT, null, "launcher: internal (the JDK's major version)"),
      SettingSpec.of("require_docker", BOOLEAN, "false", "test suite: a Docker test that cannot run fails instead of skipping"),
      SettingSpec.of("require_browser", BOOLEAN, "false", "test suite: a browser test that cannot run fails instead of skipping"));

  static final Map<String, SettingSpec> BY_NAME = index(ALL);

  /** Read by the launcher or the test suite, not by the daemon: known, but not printed by {@code aloft config}. */
  static final Set<String> NOT_THE_DAEMONS =
      Set.of("config", "bundled_plugins", "aot", "java_opts", "jvm_opts", "aot_opts", "java_major", "require_docker",
          "require_browser");

  static Map<String, SettingSpec> index(List<SettingSpec> specs) {
    Map<String, SettingSpec> m = new LinkedHashMap<>();
    specs.forEach(s -> m.putIfAbsent(s.name(), s));
    return m;
  }
}
