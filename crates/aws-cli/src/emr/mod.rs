//! `aws emr`'s high-level commands, as awscli/customizations/emr builds them: `create-cluster`,
//! `add-steps`, `describe-cluster`, `terminate-clusters`, `modify-cluster-attributes` and
//! `add-instance-groups` turn their options into the same API calls, in the same order, and
//! print what the CLI prints (`create-cluster`'s `{"ClusterId", "ClusterArn"}`,
//! `describe-cluster`'s cluster with its instance groups and bootstrap actions). Also the two
//! argument customizations of model commands: `list-clusters --active/--terminated/--failed`
//! and `add-tags --tags k=v`. The removal of the low-level commands these stand in for
//! (`run-job-flow`, ...) is in the model's `HIDDEN_COMMANDS`.
//!
//! Options with a JSON schema (`--instance-groups`, `--steps`, `--ec2-attributes`, ...) go
//! through the ordinary shorthand/JSON unpacking and parameter validation, over the schemas as
//! the CLI turns them into shapes (schemas.json, written by tools/emr_cli_schemas.py).

mod args;
mod build;
mod create;
pub(crate) mod echo;
pub mod ssh;

use std::sync::OnceLock;

use super::argparse::{Nargs, OptSpec};
use super::customization::call_operation;
use super::error::CliError;
use super::json::Json;
use super::lexer;
use super::model::{Cli, Operation, Service};
use super::output;
use super::parse::{self, Arg, ArgKind, OutputFormat};
use super::query::Query;
use super::{ApiError, CliOutput, LocalFiles};

use args::Args;

/// The commands awscli adds to `aws emr`, in the order it registers them (emr.py).
const COMMANDS: &[&str] = &[
    "terminate-clusters",
    "describe-cluster",
    "modify-cluster-attributes",
    "install-applications",
    "create-cluster",
    "add-steps",
    "restore-from-hbase-backup",
    "create-hbase-backup",
    "schedule-hbase-backup",
    "disable-hbase-backups",
    "create-default-roles",
    "add-instance-groups",
    "ssh",
    "socks",
    "get",
    "put",
];

/// The high-level commands a service's CLI adds (EMR's, and Data Pipeline's `list-runs`).
pub fn commands(service: &str) -> &'static [&'static str] {
    match service {
        "emr" => COMMANDS,
        "datapipeline" => super::datapipeline::COMMANDS,
        _ => &[],
    }
}

/// `ClusterStatesFilterValidationError`.
pub const STATES_FILTER_ERROR: &str = "aws: error: You can specify only one of the cluster state filters: --cluster-states, --active, --terminated, --failed.";

/// listclusters.py's state lists.
const ACTIVE_STATES: &[&str] = &["STARTING", "BOOTSTRAPPING", "RUNNING", "WAITING", "TERMINATING"];
const TERMINATED_STATES: &[&str] = &["TERMINATED"];
const FAILED_STATES: &[&str] = &["TERMINATED_WITH_ERRORS"];

/// The argument-table customizations of model commands: `list-clusters` gains `--active`,
/// `--terminated` and `--failed` (and `--cluster-states` takes one or more values); `add-tags`
/// takes `--tags` as `key=value` words.
pub fn modify_argument_table(service: &Service, op: &Operation, table: &mut Vec<Arg>) {
    if service.cli_name != "emr" {
        return;
    }
    let flag = |name: &str, kind: ArgKind, doc: &str| Arg {
        spec: OptSpec {
            name: name.into(),
            nargs: Nargs::Zero,
            required: false,
            choices: Vec::new(),
        },
        kind,
        documentation: doc.into(),
    };
    match op.name.as_str() {
        "ListClusters" => {
            if let Some(states) = table.iter_mut().find(|a| a.spec.name == "cluster-states") {
                states.spec.nargs = Nargs::Plus;
            }
            table.push(flag(
                "active",
                ArgKind::ClusterStates(ACTIVE_STATES),
                "Shortcut options for --cluster-states: --active lists clusters that are STARTING, BOOTSTRAPPING, RUNNING, WAITING or TERMINATING.",
            ));
            table.push(flag(
                "terminated",
                ArgKind::ClusterStates(TERMINATED_STATES),
                "Lists clusters that are TERMINATED.",
            ));
            table.push(flag(
                "failed",
                ArgKind::ClusterStates(FAILED_STATES),
                "Lists clusters that are TERMINATED_WITH_ERRORS.",
            ));
        }
        "AddTags" => {
            if let Some(tags) = table.iter_mut().find(|a| a.spec.name == "tags") {
                tags.spec.nargs = Nargs::Plus;
                tags.spec.required = true;
                tags.kind = ArgKind::KeyValueTags;
                tags.documentation =
                    "A list of tags to associate with a cluster: key=value, or key alone for an empty value.".into();
            }
        }
        _ => {}
    }
}

/// The options of a high-level command the console runs, required ones flagged, for
/// completion.
pub fn options(service: &str, command: &str) -> Option<Vec<(&'static str, bool)>> {
    if service != "emr" {
        return None;
    }
    args::table(command).map(|t| t.iter().map(|d| (d.name, d.required)).collect())
}

/// emrutils.py `parse_tags`: `k=v` and bare `k` (empty value) into `[{Key, Value}]`.
pub fn parse_tags(words: &[String]) -> Json {
    Json::Array(
        words
            .iter()
            .map(|w| {
                let (k, v) = w.split_once('=').unwrap_or((w, ""));
                Json::Object(vec![
                    ("Key".into(), Json::String(k.into())),
                    ("Value".into(), Json::String(v.into())),
                ])
            })
            .collect(),
    )
}

/// `Some` output when `line` is one of `aws emr`'s high-level commands; `None` leaves the line
/// to the model-driven parser (which also reports any error before the command name).
pub fn run(
    cli: &Cli,
    line: &str,
    send: &mut dyn FnMut(&str, &str) -> Result<String, ApiError>,
    files: &dyn LocalFiles,
    sleep: Option<&mut dyn FnMut(u64)>,
) -> Option<CliOutput> {
    let words: Vec<String> = lexer::split(line).ok()?.into_iter().map(|w| w.text).collect();
    if words.first().map(String::as_str) != Some("aws") {
        return None;
    }
    let front = parse::front(cli, &words[1..]).ok()?;
    if !commands(front.service.cli_name).contains(&front.command.as_str()) {
        return None;
    }
    Some(match run_command(front, send, files, sleep) {
        Ok(out) | Err(out) => out,
    })
}

fn run_command(
    front: parse::Front<'_>,
    send: &mut dyn FnMut(&str, &str) -> Result<String, ApiError>,
    files: &dyn LocalFiles,
    sleep: Option<&mut dyn FnMut(u64)>,
) -> Result<CliOutput, CliOutput> {
    let command = front.command.as_str();
    let Some(table) = args::table(command) else {
        return Err(CliError::unsupported(unsupported_command(command)).into());
    };
    let output = parse::output_format(front.globals.output.as_deref())?;
    let query = match front.globals.query.as_deref().map(Query::compile).transpose() {
        Ok(q) => q,
        Err(e) => return Err(CliError::usage(format!("argument --query: {e}")).into()),
    };
    let args = Args::parse(command, table, &front.rest, front.globals.binary_format)?;
    let mut cx = Ctx {
        service: front.service,
        send,
        output,
        query,
        region: front.globals.region.clone().unwrap_or_else(|| "us-east-1".into()),
        out: CliOutput::default(),
    };
    let result = match command {
        "create-cluster" => create::create_cluster(&mut cx, &args),
        "add-steps" => add_steps(&mut cx, &args),
        "describe-cluster" => describe_cluster(&mut cx, &args),
        "terminate-clusters" => terminate_clusters(&mut cx, &args),
        "modify-cluster-attributes" => modify_cluster_attributes(&mut cx, &args),
        "add-instance-groups" => add_instance_groups(&mut cx, &args),
        "ssh" => ssh::run(&mut cx, &args, files, sleep),
        _ => Err(CliError::unsupported(unsupported_command(command)).into()),
    };
    match result {
        Ok(()) => Ok(cx.out),
        Err(mut failed) => {
            // What was printed before the failure stays printed.
            failed.stdout = std::mem::take(&mut cx.out.stdout) + &failed.stdout;
            Err(failed)
        }
    }
}

/// What the console says for the high-level commands it does not run.
fn unsupported_command(command: &str) -> String {
    let why = match command {
        "socks" | "get" | "put" => {
            "the sandbox's clusters have no network beyond SSH; use aws emr ssh, or run commands on the primary node as steps (command-runner.jar)"
        }
        "create-default-roles" => {
            "the sandbox's EMR already has EMR_DefaultRole and EMR_EC2_DefaultRole (use --use-default-roles)"
        }
        _ => "the sandbox's clusters run Hadoop (HDFS, YARN, MapReduce) only",
    };
    format!("aws emr {command} is not available in this console: {why}.")
}

/// One command's run: the calls it makes and what it prints.
pub(crate) struct Ctx<'a> {
    service: &'a Service,
    send: &'a mut dyn FnMut(&str, &str) -> Result<String, ApiError>,
    output: OutputFormat,
    query: Option<Query>,
    /// The region the CLI resolves (`--region`, else the sandbox's).
    pub region: String,
    out: CliOutput,
}

impl Ctx<'_> {
    /// One API call as the CLI's botocore client makes it: the parameters validated against
    /// the operation's input, sent with retries, the answer parsed (timestamps as ISO 8601).
    pub fn call(&mut self, operation: &str, params: Json) -> Result<Json, CliOutput> {
        call_operation(self.service, self.send, operation, params, self.output)
    }

    /// Prints a result as the CLI's `_display_response` does, under `title` (the table's
    /// heading: the name the customization passes, `run_job_flow` or `AddJobFlowSteps`).
    pub fn display(&mut self, title: &str, value: Json) -> Result<(), CliOutput> {
        let value = match &self.query {
            Some(q) => q.search(&value).map_err(|e| CliOutput {
                stdout: String::new(),
                stderr: format!("\n{e}\n"),
                exit_code: 255,
            })?,
            None => value,
        };
        self.out.stdout.push_str(&output::render(self.output, title, &value));
        Ok(())
    }

    /// emrutils.py `call_and_display_response`: the call, its answer printed under the
    /// operation's name.
    pub fn call_and_display(&mut self, operation: &str, params: Json) -> Result<(), CliOutput> {
        let response = self.call(operation, params)?;
        self.display(operation, response)
    }
}

/// An EMR customization's own error (`aws: error: ...`).
pub(crate) fn fail(message: impl Into<String>) -> CliOutput {
    CliError::exception(message).into()
}

/// `aws emr add-steps`: the cluster's release label first (DescribeCluster), then the steps
/// built for it (AddJobFlowSteps).
fn add_steps(cx: &mut Ctx<'_>, args: &Args) -> Result<(), CliOutput> {
    let cluster_id = args.text("cluster-id").unwrap_or_default();
    let described =
        cx.call("DescribeCluster", Json::Object(vec![("ClusterId".into(), cluster_id.into())]))?;
    let release_label = described
        .get("Cluster")
        .and_then(|c| c.get("ReleaseLabel"))
        .and_then(Json::as_str)
        .filter(|l| !l.is_empty())
        .map(str::to_string);
    let steps = build::steps(args.value("steps"), &cx.region, release_label.as_deref())?;
    let mut params =
        Json::Object(vec![("JobFlowId".into(), cluster_id.into()), ("Steps".into(), steps)]);
    if let Some(role) = args.text("execution-role-arn") {
        params.insert("ExecutionRoleArn", role.into());
    }
    cx.call_and_display("AddJobFlowSteps", params)
}

/// `aws emr describe-cluster`: DescribeCluster, then ListInstanceGroups (ListInstanceFleets
/// for a fleet cluster) and ListBootstrapActions, merged into one `Cluster`.
fn describe_cluster(cx: &mut Ctx<'_>, args: &Args) -> Result<(), CliOutput> {
    let id = Json::Object(vec![(
        "ClusterId".into(),
        args.text("cluster-id").unwrap_or_default().into(),
    )]);
    let mut result = cx.call("DescribeCluster", id.clone())?;
    let fleets =
        result.get("Cluster").and_then(|c| c.get("InstanceCollectionType")).and_then(Json::as_str)
            == Some("INSTANCE_FLEET");
    let (list_op, key) = if fleets {
        ("ListInstanceFleets", "InstanceFleets")
    } else {
        ("ListInstanceGroups", "InstanceGroups")
    };
    let groups = cx.call(list_op, id.clone())?;
    let actions = cx.call("ListBootstrapActions", id)?;
    if let Some(cluster) = result.get_mut("Cluster") {
        cluster.insert("BootstrapActions", Json::Array(Vec::new()));
        if let Some(list) = groups.get(key) {
            cluster.insert(key, list.clone());
        }
        if let Some(list) = actions.get("BootstrapActions") {
            cluster.insert("BootstrapActions", list.clone());
        }
    }
    cx.display("describe_cluster", result)
}

/// `aws emr terminate-clusters`: TerminateJobFlows.
fn terminate_clusters(cx: &mut Ctx<'_>, args: &Args) -> Result<(), CliOutput> {
    let ids = args.value("cluster-ids").cloned().unwrap_or(Json::Array(Vec::new()));
    cx.call_and_display("TerminateJobFlows", Json::Object(vec![("JobFlowIds".into(), ids)]))
}

/// `aws emr modify-cluster-attributes`: one Set* call per attribute given.
fn modify_cluster_attributes(cx: &mut Ctx<'_>, args: &Args) -> Result<(), CliOutput> {
    let pairs = [
        ("visible-to-all-users", "no-visible-to-all-users"),
        ("termination-protected", "no-termination-protected"),
        ("auto-terminate", "no-auto-terminate"),
        ("unhealthy-node-replacement", "no-unhealthy-node-replacement"),
    ];
    for (yes, no) in pairs {
        if args.flag(yes) && args.flag(no) {
            return Err(fail(mutually_exclusive(&format!("--{yes}"), &format!("--{no}"), "")));
        }
    }
    if !pairs.iter().any(|(yes, no)| args.flag(yes) || args.flag(no)) {
        return Err(fail("aws: error: Must specify one of the following boolean options: --visible-to-all-users|--no-visible-to-all-users, --termination-protected|--no-termination-protected, --auto-terminate|--no-auto-terminate, --unhealthy-node-replacement|--no-unhealthy-node-replacement."));
    }
    let ids = Json::Array(vec![args.text("cluster-id").unwrap_or_default().into()]);
    let calls = [
        ("SetVisibleToAllUsers", "VisibleToAllUsers", pairs[0], false),
        ("SetTerminationProtection", "TerminationProtected", pairs[1], false),
        ("SetKeepJobFlowAliveWhenNoSteps", "KeepJobFlowAliveWhenNoSteps", pairs[2], true),
        ("SetUnhealthyNodeReplacement", "UnhealthyNodeReplacement", pairs[3], false),
    ];
    for (operation, member, (yes, no), inverted) in calls {
        if args.flag(yes) || args.flag(no) {
            let on = args.flag(yes) && !args.flag(no);
            let params = Json::Object(vec![
                ("JobFlowIds".into(), ids.clone()),
                (member.into(), Json::Bool(on != inverted)),
            ]);
            cx.call_and_display(operation, params)?;
        }
    }
    Ok(())
}

/// `aws emr add-instance-groups`: AddInstanceGroups, printed as `{ClusterId,
/// InstanceGroupIds, ClusterArn}`.
fn add_instance_groups(cx: &mut Ctx<'_>, args: &Args) -> Result<(), CliOutput> {
    let groups = build::instance_groups(args.value("instance-groups"))?;
    let params = Json::Object(vec![
        ("JobFlowId".into(), args.text("cluster-id").unwrap_or_default().into()),
        ("InstanceGroups".into(), groups),
    ]);
    let response = cx.call("AddInstanceGroups", params)?;
    let id = response.get("JobFlowId").cloned();
    let groups = response.get("InstanceGroupIds").cloned();
    let result = match (id, groups) {
        (Some(id), Some(groups)) if id != Json::Null && groups != Json::Null => Json::Object(vec![
            ("ClusterId".into(), id),
            ("InstanceGroupIds".into(), groups),
            ("ClusterArn".into(), response.get("ClusterArn").cloned().unwrap_or(Json::Null)),
        ]),
        _ => Json::Object(Vec::new()),
    };
    cx.display("add_instance_groups", result)
}

/// `MutualExclusiveOptionError`.
pub(crate) fn mutually_exclusive(option1: &str, option2: &str, message: &str) -> String {
    format!(
        "aws: error: You cannot specify both {option1} and {option2} options together.{message}"
    )
}

/// The schemas of the options that have one, as a model (see tools/emr_cli_schemas.py):
/// one pseudo-operation per option, whose input shape is the option's.
pub(crate) fn schemas() -> &'static Service {
    static SCHEMAS: OnceLock<Service> = OnceLock::new();
    SCHEMAS.get_or_init(|| {
        let model = Json::parse(include_str!("schemas.json")).unwrap_or(Json::Null);
        Service::from_json("emr", &model, &Json::Object(Vec::new()))
    })
}
