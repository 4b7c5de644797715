//! Option values into request structures, as awscli's emr helpers build them:
//! instancegroupsutils.py (instance groups), steputils.py and emrutils.py `build_step`
//! (steps), createcluster.py `_build_bootstrap_actions`. Keys are inserted in the order the
//! Python builds its dicts.

use super::super::json::Json;
use super::super::CliOutput;
use super::fail;

const COMMAND_RUNNER: &str = "command-runner.jar";
const DEFAULT_FAILURE_ACTION: &str = "CONTINUE";
const MAX_BOOTSTRAP_ACTIONS: usize = 16;

/// emrutils.py `apply_dict`: set only a truthy value.
pub(super) fn apply(params: &mut Json, key: &str, value: Option<&Json>) {
    if let Some(v) = value.filter(|v| v.is_truthy()) {
        params.insert(key, v.clone());
    }
}

/// createcluster.py `_update_cluster_dict`: extend a list that is there, else set a non-empty
/// one.
pub(super) fn extend(params: &mut Json, key: &str, items: Vec<Json>) {
    match params.get_mut(key) {
        Some(Json::Array(list)) => list.extend(items),
        _ if !items.is_empty() => params.insert(key, Json::Array(items)),
        _ => {}
    }
}

fn items(value: Option<&Json>) -> &[Json] {
    match value {
        Some(Json::Array(items)) => items,
        _ => &[],
    }
}

/// Python's `int(text)`, with its error.
pub(super) fn python_int(text: &str) -> Result<i64, CliOutput> {
    super::super::unpack::python_int(text).ok_or_else(|| {
        fail(format!(
            "invalid literal for int() with base 10: {}",
            super::super::argparse::python_repr(text)
        ))
    })
}

/// instancegroupsutils.py `build_instance_groups`.
pub(super) fn instance_groups(value: Option<&Json>) -> Result<Json, CliOutput> {
    let mut out = Vec::new();
    for group in items(value) {
        let key = |k: &str| -> Result<Json, CliOutput> {
            group.get(k).cloned().ok_or_else(|| fail(format!("'{k}'")))
        };
        let mut ig = Json::Object(Vec::new());
        let name = match group.get("Name") {
            Some(name) => name.clone(),
            None => key("InstanceGroupType")?,
        };
        ig.insert("Name", name);
        ig.insert("InstanceType", key("InstanceType")?);
        ig.insert("InstanceCount", key("InstanceCount")?);
        let role = key("InstanceGroupType")?;
        ig.insert("InstanceRole", role.as_str().unwrap_or_default().to_uppercase().as_str().into());
        match group.get("BidPrice") {
            Some(bid) => {
                if bid.as_str() != Some("OnDemandPrice") {
                    ig.insert("BidPrice", bid.clone());
                }
                ig.insert("Market", "SPOT".into());
            }
            None => ig.insert("Market", "ON_DEMAND".into()),
        }
        for k in ["EbsConfiguration", "AutoScalingPolicy", "Configurations", "CustomAmiId"] {
            if let Some(v) = group.get(k) {
                ig.insert(k, v.clone());
            }
        }
        out.push(ig);
    }
    Ok(Json::Array(out))
}

/// instancegroupsutils.py `validate_and_build_instance_groups`: `--instance-groups`, or the
/// `--instance-type`/`--instance-count` shortcut (one primary node, the rest core nodes).
pub(super) fn instance_groups_or_shortcut(
    groups: Option<&Json>,
    instance_type: Option<&str>,
    instance_count: Option<&str>,
) -> Result<Json, CliOutput> {
    if groups.is_none() && instance_type.is_none() {
        return Err(fail("aws: error: Must specify either --instance-groups or --instance-type with --instance-count(optional) to configure instance groups."));
    }
    if groups.is_some() && (instance_type.is_some() || instance_count.is_some()) {
        return Err(fail("aws: error: You may not specify --instance-type or --instance-count with --instance-groups, because --instance-type and --instance-count are shortcut options for --instance-groups."));
    }
    if groups.is_some() {
        return instance_groups(groups);
    }
    let instance_type = instance_type.unwrap_or_default();
    let group = |count: i64, role: &str| {
        Json::Object(vec![
            ("InstanceType".into(), instance_type.into()),
            ("InstanceCount".into(), Json::Int(count.into())),
            ("InstanceRole".into(), role.into()),
            ("Name".into(), role.into()),
            ("Market".into(), "ON_DEMAND".into()),
        ])
    };
    let mut out = vec![group(1, "MASTER")];
    if let Some(count) = instance_count {
        let n = python_int(count)?;
        if n > 1 {
            out.push(group(n - 1, "CORE"));
        }
    }
    Ok(Json::Array(out))
}

/// emrutils.py `check_required_field`.
fn required<'a>(
    structure: &str,
    name: &str,
    value: Option<&'a Json>,
) -> Result<&'a Json, CliOutput> {
    match value.filter(|v| v.is_truthy()) {
        Some(v) => Ok(v),
        None => Err(fail(format!(
            "aws: error: The following required parameters are missing for {structure}: {name}."
        ))),
    }
}

/// emrutils.py `check_empty_string_list`.
fn not_empty(name: &str, value: &Json) -> Result<(), CliOutput> {
    let blank = match value {
        Json::Array(list) => {
            list.is_empty()
                || (list.len() == 1 && list[0].as_str().is_some_and(|s| s.trim().is_empty()))
        }
        other => !other.is_truthy(),
    };
    if blank {
        return Err(fail(format!("aws: error: The prameter {name} cannot be an empty list.")));
    }
    Ok(())
}

/// emrutils.py `build_step`.
fn step(
    jar: &str,
    name: &Json,
    action_on_failure: &Json,
    args: Vec<Json>,
    main_class: Option<&Json>,
    properties: Option<Json>,
) -> Result<Json, CliOutput> {
    if jar.is_empty() {
        return Err(fail(
            "aws: error: The following required parameters are missing for HadoopJarStep: Jar.",
        ));
    }
    let mut step = Json::Object(Vec::new());
    apply(&mut step, "Name", Some(name));
    apply(&mut step, "ActionOnFailure", Some(action_on_failure));
    let mut jar_config = Json::Object(vec![("Jar".into(), jar.into())]);
    apply(&mut jar_config, "Args", Some(&Json::Array(args)));
    apply(&mut jar_config, "MainClass", main_class);
    apply(&mut jar_config, "Properties", properties.as_ref());
    step.insert("HadoopJarStep", jar_config);
    Ok(step)
}

/// `s3://<region>.elasticmapreduce<path>` (emrutils.py `build_s3_link`).
fn s3_link(region: &str, path: &str) -> String {
    format!("s3://{region}.elasticmapreduce{path}")
}

/// emrutils.py `parse_key_value_string`: `k1=v1,k2` into `[{Key, Value}]`.
fn key_values(text: &str) -> Json {
    Json::Array(
        text.split(',')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                Json::Object(vec![("Key".into(), k.into()), ("Value".into(), v.into())])
            })
            .collect(),
    )
}

/// steputils.py `build_step_config_list`: each `--steps` item into a StepConfig for a cluster
/// with `release_label` (or an AMI-based one without).
pub(super) fn steps(
    value: Option<&Json>,
    region: &str,
    release_label: Option<&str>,
) -> Result<Json, CliOutput> {
    let mut out = Vec::new();
    for parsed in items(value) {
        let step_type =
            parsed.get("Type").and_then(Json::as_str).unwrap_or("custom_jar").to_lowercase();
        let name_or = |default: &str| match parsed.get("Name") {
            Some(Json::Null) | None => Json::String(default.into()),
            Some(name) => name.clone(),
        };
        let action = match parsed.get("ActionOnFailure") {
            Some(Json::Null) | None => Json::String(DEFAULT_FAILURE_ACTION.into()),
            Some(a) => a.clone(),
        };
        let args = || items(parsed.get("Args")).to_vec();
        let runner = match release_label {
            Some(_) => COMMAND_RUNNER.to_string(),
            None => s3_link(region, "/libs/script-runner/script-runner.jar"),
        };
        let config = match step_type.as_str() {
            "custom_jar" => {
                let name = name_or("Custom JAR");
                let jar = required("CustomJARStepConfig", "Jar", parsed.get("Jar"))?;
                let properties = parsed.get("Properties").and_then(Json::as_str).map(key_values);
                step(
                    jar.as_str().unwrap_or_default(),
                    &name,
                    &action,
                    args(),
                    parsed.get("MainClass"),
                    properties,
                )?
            }
            "streaming" => {
                let name = name_or("Streaming program");
                let given = required("StreamingStepConfig", "Args", parsed.get("Args"))?;
                not_empty("Args", given)?;
                let (jar, mut list) = match release_label {
                    Some(_) => (COMMAND_RUNNER.to_string(), vec![Json::from("hadoop-streaming")]),
                    None => (
                        "/home/hadoop/contrib/streaming/hadoop-streaming.jar".to_string(),
                        Vec::new(),
                    ),
                };
                list.extend(args());
                step(&jar, &name, &action, list, None, None)?
            }
            "hive" | "pig" => {
                let (structure, default_name, script, run) = if step_type == "hive" {
                    ("HiveStepConfig", "Hive program", "hive", "--run-hive-script")
                } else {
                    ("PigStepConfig", "Pig program", "pig", "--run-pig-script")
                };
                let given = required(structure, "Args", parsed.get("Args"))?;
                not_empty("Args", given)?;
                let name = name_or(default_name);
                let mut list = Vec::new();
                match release_label {
                    Some(_) => list.push(Json::String(format!("{script}-script"))),
                    None => list.push(Json::String(s3_link(
                        region,
                        &format!("/libs/{script}/{script}-script"),
                    ))),
                }
                list.push(run.into());
                if release_label.is_none() {
                    list.push(Json::String(format!("--{script}-versions")));
                    list.push("latest".into());
                }
                list.push("--args".into());
                list.extend(args());
                step(&runner, &name, &action, list, None, None)?
            }
            "impala" => {
                if release_label.is_some() {
                    return Err(fail("aws: error: The step type impala is not supported."));
                }
                let name = name_or("Impala program");
                let mut list = vec![
                    Json::String(s3_link(region, "/libs/impala/setup-impala")),
                    "--run-impala-script".into(),
                ];
                required("ImpalaStepConfig", "Args", parsed.get("Args"))?;
                list.extend(args());
                step(&runner, &name, &action, list, None, None)?
            }
            "spark" => {
                let name = name_or("Spark application");
                required("SparkStepConfig", "Args", parsed.get("Args"))?;
                let submit = match release_label {
                    Some(_) => "spark-submit",
                    None => "/home/hadoop/spark/bin/spark-submit",
                };
                let mut list = vec![Json::from(submit)];
                list.extend(args());
                step(&runner, &name, &action, list, None, None)?
            }
            other => {
                return Err(fail(format!("aws: error: The step type {other} is not supported.")));
            }
        };
        out.push(config);
    }
    Ok(Json::Array(out))
}

/// createcluster.py `_build_bootstrap_actions`.
pub(super) fn bootstrap_actions(params: &mut Json, value: Option<&Json>) -> Result<(), CliOutput> {
    let given = items(value);
    let existing = items(params.get("BootstrapActions")).len();
    if existing + given.len() > MAX_BOOTSTRAP_ACTIONS {
        return Err(fail(
            "aws: error: maximum number of bootstrap actions for a cluster exceeded.",
        ));
    }
    let mut actions = Vec::new();
    for ba in given {
        let mut config = Json::Object(Vec::new());
        let name = match ba.get("Name") {
            Some(Json::Null) | None => Json::from("Bootstrap action"),
            Some(name) => name.clone(),
        };
        config.insert("Name", name);
        let mut script = Json::Object(Vec::new());
        apply(&mut script, "Path", ba.get("Path"));
        apply(&mut script, "Args", ba.get("Args"));
        apply(&mut config, "ScriptBootstrapAction", Some(&script));
        actions.push(config);
    }
    extend(params, "BootstrapActions", actions);
    Ok(())
}
