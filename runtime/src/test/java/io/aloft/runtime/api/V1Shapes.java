package io.aloft.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Airflow 2.10's stable REST API (v1) response schemas, written for Aloft's tests from Airflow's published API
 * reference as compact expectations: per schema, each field as {@code name:type}, where the type is {@code string},
 * {@code int}, {@code number}, {@code bool}, {@code date} (an ISO-8601 date-time string), {@code object} (any JSON
 * object), {@code any}, another schema's name, or {@code [type]} for a list; a trailing {@code ?} allows null.
 * {@code &Other} includes another schema's fields; {@code *:type} says every field of a free-form object has that
 * type. Every listed field must be present (Airflow's serializers write them all, nulls included); fields not
 * listed are allowed, as the reference tells clients to expect them.
 */
final class V1Shapes {

  private V1Shapes() {}

  static final Map<String, String> SCHEMAS = Map.ofEntries(
      Map.entry("Error", "type:string title:string status:number detail:string"),
      Map.entry("Tag", "name:string"),
      Map.entry("DAG", "dag_id:string dag_display_name:string is_paused:bool? is_active:bool? last_parsed_time:date?"
          + " last_pickled:date? last_expired:date? scheduler_lock:bool? pickle_id:string? default_view:string?"
          + " fileloc:string file_token:string owners:[string] description:string? schedule_interval:object?"
          + " timetable_description:string? tags:[Tag]? max_active_tasks:int? max_active_runs:int?"
          + " has_task_concurrency_limits:bool? has_import_errors:bool? next_dagrun:date?"
          + " next_dagrun_data_interval_start:date? next_dagrun_data_interval_end:date? next_dagrun_create_after:date?"),
      Map.entry("DAGDetail", "&DAG timezone:string? catchup:bool? orientation:string? concurrency:number?"
          + " start_date:date? dag_run_timeout:TimeDelta? doc_md:string? params:object end_date:date?"
          + " is_paused_upon_creation:bool? last_parsed:date? template_search_path:[string]?"
          + " render_template_as_native_obj:bool?"),
      Map.entry("DAGCollection", "dags:[DAG] total_entries:int"),
      Map.entry("DAGRun", "dag_run_id:string? dag_id:string logical_date:date? execution_date:date? start_date:date?"
          + " end_date:date? data_interval_start:date? data_interval_end:date? last_scheduling_decision:date?"
          + " run_type:string state:string external_trigger:bool conf:object note:string?"),
      Map.entry("DAGRunCollection", "dag_runs:[DAGRun] total_entries:int"),
      Map.entry("ConnectionCollectionItem", "connection_id:string conn_type:string description:string? host:string?"
          + " login:string? schema:string? port:int?"),
      Map.entry("Connection", "&ConnectionCollectionItem extra:string?"),
      Map.entry("ConnectionCollection", "connections:[ConnectionCollectionItem] total_entries:int"),
      Map.entry("ConnectionTest", "status:bool message:string"),
      Map.entry("Pool", "name:string slots:int occupied_slots:int running_slots:int queued_slots:int open_slots:int"
          + " scheduled_slots:int deferred_slots:int description:string? include_deferred:bool"),
      Map.entry("PoolCollection", "pools:[Pool] total_entries:int"),
      Map.entry("VariableCollectionItem", "key:string description:string?"),
      Map.entry("Variable", "&VariableCollectionItem value:string"),
      Map.entry("VariableCollection", "variables:[VariableCollectionItem] total_entries:int"),
      Map.entry("TaskInstance", "task_id:string task_display_name:string dag_id:string dag_run_id:string"
          + " execution_date:date start_date:date? end_date:date? duration:number? state:string? try_number:int"
          + " map_index:int max_tries:int hostname:string unixname:string pool:string pool_slots:int queue:string?"
          + " priority_weight:int? operator:string? queued_when:string? pid:int? executor:string?"
          + " executor_config:string sla_miss:object? rendered_map_index:string? rendered_fields:object"
          + " trigger:object? triggerer_job:object? note:string?"),
      Map.entry("TaskInstanceCollection", "task_instances:[TaskInstance] total_entries:int"),
      // what Airflow's tries endpoints really send (its TaskInstanceHistory schema), not the reference's TaskInstance
      Map.entry("TaskInstanceHistory", "task_id:string task_display_name:string dag_id:string dag_run_id:string"
          + " start_date:date? end_date:date? duration:number? state:string? try_number:int map_index:int"
          + " max_tries:int hostname:string unixname:string pool:string pool_slots:int queue:string?"
          + " priority_weight:int? operator:string? queued_when:string? pid:int? executor:string?"
          + " executor_config:string"),
      Map.entry("TaskInstanceHistoryCollection", "task_instances:[TaskInstanceHistory] total_entries:int"),
      Map.entry("TaskInstanceReference", "task_id:string dag_id:string execution_date:date dag_run_id:string"),
      Map.entry("TaskInstanceReferenceCollection", "task_instances:[TaskInstanceReference]"),
      Map.entry("TaskFailedDependency", "name:string reason:string"),
      Map.entry("TaskInstanceDependencyCollection", "dependencies:[TaskFailedDependency]"),
      Map.entry("ClassReference", "module_path:string class_name:string"),
      Map.entry("TimeDelta", "__type:string days:int seconds:int microseconds:int"),
      Map.entry("Task", "class_ref:ClassReference task_id:string task_display_name:string owner:string"
          + " start_date:date? end_date:date? trigger_rule:string extra_links:[object] depends_on_past:bool"
          + " is_mapped:bool wait_for_downstream:bool retries:number queue:string? executor:string? pool:string"
          + " pool_slots:number execution_timeout:TimeDelta? retry_delay:TimeDelta? retry_exponential_backoff:bool"
          + " priority_weight:number weight_rule:string ui_color:string ui_fgcolor:string template_fields:[string]"
          + " sub_dag:DAG? downstream_task_ids:[string] doc_md:string?"),
      Map.entry("TaskCollection", "tasks:[Task]"),
      Map.entry("XComCollectionItem", "key:string timestamp:date execution_date:date map_index:int task_id:string"
          + " dag_id:string"),
      Map.entry("XCom", "&XComCollectionItem value:any"),
      Map.entry("XComCollection", "xcom_entries:[XComCollectionItem] total_entries:int"),
      Map.entry("EventLog", "event_log_id:int when:date dag_id:string? task_id:string? run_id:string? map_index:int?"
          + " try_number:int? event:string execution_date:date? owner:string? extra:string?"),
      Map.entry("EventLogCollection", "event_logs:[EventLog] total_entries:int"),
      Map.entry("ImportError", "import_error_id:int timestamp:date filename:string stack_trace:string"),
      Map.entry("ImportErrorCollection", "import_errors:[ImportError] total_entries:int"),
      Map.entry("HealthStatus", "status:string?"),
      Map.entry("HealthInfo", "metadatabase:HealthStatus scheduler:HealthStatus"),
      Map.entry("VersionInfo", "version:string git_version:string?"),
      Map.entry("DagStatsStateCollectionItem", "state:string count:int"),
      Map.entry("DagStatsCollectionItem", "dag_id:string stats:[DagStatsStateCollectionItem]?"),
      Map.entry("DagStatsCollectionSchema", "dags:[DagStatsCollectionItem] total_entries:int"),
      Map.entry("DagWarning", "dag_id:string warning_type:string message:string timestamp:date"),
      Map.entry("DagWarningCollection", "dag_warnings:[DagWarning] total_entries:int"),
      Map.entry("DagScheduleDatasetReference", "dag_id:string? created_at:string updated_at:string"),
      Map.entry("TaskOutletDatasetReference", "dag_id:string? task_id:string? created_at:string updated_at:string"),
      Map.entry("Dataset", "id:int uri:string extra:object? created_at:string updated_at:string"
          + " consuming_dags:[DagScheduleDatasetReference] producing_tasks:[TaskOutletDatasetReference]"),
      Map.entry("DatasetCollection", "datasets:[Dataset] total_entries:int"),
      Map.entry("BasicDAGRun", "run_id:string dag_id:string logical_date:date start_date:date? end_date:date?"
          + " data_interval_start:date? data_interval_end:date? state:string"),
      Map.entry("DatasetEvent", "dataset_id:int dataset_uri:string extra:object? source_dag_id:string?"
          + " source_task_id:string? source_run_id:string? source_map_index:int? created_dagruns:[BasicDAGRun]"
          + " timestamp:string"),
      Map.entry("DatasetEventCollection", "dataset_events:[DatasetEvent] total_entries:int"),
      Map.entry("QueuedEvent", "uri:string dag_id:string created_at:date"),
      Map.entry("QueuedEventCollection", "queued_events:[QueuedEvent] total_entries:int"),
      Map.entry("ConfigOption", "key:string value:string"),
      Map.entry("ConfigSection", "name:string options:[ConfigOption]"),
      Map.entry("Config", "sections:[ConfigSection]"),
      Map.entry("PluginCollectionItem", "name:string hooks:[string] executors:[string] macros:[string]"
          + " flask_blueprints:[string] appbuilder_views:[object] appbuilder_menu_items:[object]"
          + " global_operator_extra_links:[string] operator_extra_links:[string] source:string? ti_deps:[string]"
          + " listeners:[string] timetables:[string]"),
      Map.entry("PluginCollection", "plugins:[PluginCollectionItem] total_entries:int"),
      Map.entry("Provider", "package_name:string description:string version:string"),
      Map.entry("ProviderCollection", "providers:[Provider]"),
      Map.entry("Action", "name:string"),
      Map.entry("Resource", "name:string"),
      Map.entry("ActionResource", "action:Action resource:Resource"),
      Map.entry("Role", "name:string actions:[ActionResource]"),
      Map.entry("RoleCollection", "roles:[Role] total_entries:int"),
      Map.entry("ActionCollection", "actions:[Action] total_entries:int"),
      Map.entry("UserRole", "name:string"),
      Map.entry("UserCollectionItem", "first_name:string last_name:string username:string email:string active:bool?"
          + " last_login:date? login_count:int? failed_login_count:int? roles:[UserRole?] created_on:date?"
          + " changed_on:date?"),
      Map.entry("UserCollection", "users:[UserCollectionItem] total_entries:int"),
      // the answers Airflow's reference leaves unnamed (inline schemas)
      Map.entry("DagSource", "content:string"),
      Map.entry("Log", "continuation_token:string? content:string"),
      // what Airflow's endpoint really sends (an object from link name to URL), not the reference's ExtraLinkCollection
      Map.entry("ExtraLinks", "*:string?"));

  /** Where {@code node} departs from {@code schema}; empty when it conforms. */
  static List<String> check(String schema, JsonNode node) {
    List<String> problems = new ArrayList<>();
    checkObject(schema, node, "$", problems);
    return problems;
  }

  private static void checkObject(String schema, JsonNode node, String at, List<String> problems) {
    String spec = SCHEMAS.get(schema);
    if (spec == null) {
      throw new IllegalArgumentException("no schema " + schema);
    }
    if (node == null || !node.isObject()) {
      problems.add(at + ": expected a " + schema + " object, got " + node);
      return;
    }
    for (String field : spec.split(" ")) {
      if (field.startsWith("&")) {
        checkObject(field.substring(1), node, at, problems);
        continue;
      }
      int colon = field.indexOf(':');
      String name = field.substring(0, colon);
      String type = field.substring(colon + 1);
      if (name.equals("*")) {
        node.fields().forEachRemaining(e -> checkValue(type, e.getValue(), at + "." + e.getKey(), problems));
        continue;
      }
      if (!node.has(name)) {
        problems.add(at + "." + name + ": missing (" + schema + ")");
        continue;
      }
      checkValue(type, node.get(name), at + "." + name, problems);
    }
  }

  private static void checkValue(String type, JsonNode v, String at, List<String> problems) {
    boolean nullable = type.endsWith("?");
    String t = nullable ? type.substring(0, type.length() - 1) : type;
    if (v.isNull()) {
      if (!nullable) {
        problems.add(at + ": null, but " + t + " is not nullable");
      }
      return;
    }
    if (t.startsWith("[")) {
      if (!v.isArray()) {
        problems.add(at + ": expected a list, got " + v.getNodeType());
        return;
      }
      String item = t.substring(1, t.length() - 1);
      for (int i = 0; i < v.size(); i++) {
        checkValue(item, v.get(i), at + "[" + i + "]", problems);
      }
      return;
    }
    boolean ok = switch (t) {
      case "string" -> v.isTextual();
      case "int" -> v.isIntegralNumber();
      case "number" -> v.isNumber();
      case "bool" -> v.isBoolean();
      case "object" -> v.isObject();
      case "any" -> true;
      case "date" -> v.isTextual() && isDate(v.asText());
      default -> {
        checkObject(t, v, at, problems);
        yield true;
      }
    };
    if (!ok) {
      problems.add(at + ": expected " + t + ", got " + v.getNodeType() + " " + abbreviate(v.toString()));
    }
  }

  private static boolean isDate(String s) {
    try {
      OffsetDateTime.parse(s);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }
}
