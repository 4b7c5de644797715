//! EmrCluster and EmrActivity on the EMR engine: an EmrCluster resource instance is a real
//! cluster of the EMR service (RunJobFlow, kept alive while the pipeline uses it), an
//! EmrActivity's attempt submits its `step` fields to it (AddJobFlowSteps) and ends when the
//! steps have, and the cluster is terminated (TerminateJobFlows) once every activity that runs
//! on it is done: a transient cluster, listed in the EMR view like any other.
//!
//! Data Pipeline learns of the cluster's progress by looking again every minute (the
//! sandbox's polling interval: AWS does not document how often the service checks). Boot and
//! step times are the EMR engine's.

use serde_json::{json, Value};

use super::model::Instance;
use super::tick::Run;
use super::work::InstanceScope;

/// How often the pipeline looks at its EMR cluster and steps again.
pub const POLL_MS: i64 = 60_000;

/// What the cluster's state means for the resource instance.
pub(super) enum ClusterPhase {
    Booting,
    Ready,
    /// Ended: its reason, when it ended with errors.
    Ended(Option<String>),
}

impl Run<'_, '_> {
    fn emr_call(&mut self, action: &str, body: &Value) -> Result<Value, String> {
        let out = crate::emr::dispatch(self.services, self.ctx, action, &body.to_string())
            .map_err(|e| format!("{}: {}", e.code, e.message))?;
        Ok(serde_json::from_str(&out).unwrap_or(Value::Null))
    }

    /// RunJobFlow for the resource instance `rid` of the EmrCluster `component`; the new
    /// cluster's id. The cluster stays up with no step (the pipeline submits them) until
    /// the pipeline terminates it.
    pub(super) fn start_emr_cluster(
        &mut self,
        rid: &str,
        component: &str,
    ) -> Result<String, String> {
        let text = |k: &str| self.def.text(component, k).map(str::to_string);
        let core: i64 = text("coreInstanceCount").and_then(|n| n.trim().parse().ok()).unwrap_or(1);
        let master = text("masterInstanceType").unwrap_or_else(|| "m5.xlarge".into());
        let core_type = text("coreInstanceType").unwrap_or_else(|| master.clone());
        // AWS's current default when the definition names no release (the sandbox's choice
        // of a release its EMR engine runs).
        let release = text("releaseLabel").unwrap_or_else(|| "emr-6.15.0".into());
        // Hive is installed when the definition's `applications` lists it or a HiveActivity
        // runs on the cluster (AWS's Data Pipeline AMIs carried Hive; with a releaseLabel the
        // sandbox adds it for the activity that needs it).
        let hive = self
            .def
            .texts(component, "applications")
            .iter()
            .any(|a| a.eq_ignore_ascii_case("hive"))
            || self.def.objects.iter().any(|o| {
                self.def.type_of(&o.id) == Some("HiveActivity")
                    && self.def.reference(&o.id, "runsOn") == Some(component)
            });
        let mut apps = vec![json!({"Name": "Hadoop"})];
        if hive {
            apps.push(json!({"Name": "Hive"}));
        }
        let body = json!({
            "Name": format!("{} {}", self.p.name, rid),
            "ReleaseLabel": release,
            "Applications": apps,
            "Instances": {
                "MasterInstanceType": master,
                "SlaveInstanceType": core_type,
                "InstanceCount": 1 + core.clamp(0, 20),
                "KeepJobFlowAliveWhenNoSteps": true,
            },
            // AWS launches the cluster with the pipeline's `role` and `resourceRole`; the
            // sandbox's account has only the roles `aws emr create-default-roles` makes, so
            // the cluster gets those (a sandbox choice, said in the view).
            "JobFlowRole": "EMR_EC2_DefaultRole",
            "ServiceRole": "EMR_DefaultRole",
            "VisibleToAllUsers": true,
            "Tags": [
                {"Key": "dataPipelineId", "Value": self.p.id.clone()},
                {"Key": "dataPipelineObjectId", "Value": rid},
            ],
        });
        let v = self.emr_call("RunJobFlow", &body)?;
        v["JobFlowId"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| "RunJobFlow gave no JobFlowId".into())
    }

    pub(super) fn cluster_phase(&self, cluster: &str) -> ClusterPhase {
        let view =
            crate::emr::Snapshot::new(&self.services.emr, self.ctx.unix_ms()).cluster(cluster);
        let Some(c) = view else {
            return ClusterPhase::Ended(Some(format!("cluster {cluster} not found")));
        };
        match c.state.as_str() {
            "WAITING" | "RUNNING" => ClusterPhase::Ready,
            "TERMINATED" => ClusterPhase::Ended(None),
            "TERMINATED_WITH_ERRORS" => ClusterPhase::Ended(Some(format!(
                "EMR cluster {cluster} terminated with errors: {}",
                c.message.unwrap_or_default()
            ))),
            // STARTING, BOOTSTRAPPING, TERMINATING.
            _ => ClusterPhase::Booting,
        }
    }

    pub(super) fn terminate_cluster(&mut self, cluster: &str) {
        let _ = self.emr_call("TerminateJobFlows", &json!({"JobFlowIds": [cluster]}));
    }

    /// AddJobFlowSteps with the activity's work: an EmrActivity's `step` fields, a
    /// HiveActivity's script, a HadoopActivity's jar. The new steps' ids.
    pub(super) fn submit_steps(
        &mut self,
        cluster: &str,
        inst: &Instance,
    ) -> Result<Vec<String>, String> {
        let scope = InstanceScope::of_instance(self.def, inst, None);
        let steps = match self.def.type_of(&inst.component) {
            Some("HiveActivity") => vec![self.hive_step(&scope)?],
            Some("HadoopActivity") => vec![hadoop_step(&scope)?],
            _ => emr_activity_steps(&scope)?,
        };
        let v = self.emr_call("AddJobFlowSteps", &json!({"JobFlowId": cluster, "Steps": steps}))?;
        Ok(v["StepIds"]
            .as_array()
            .map(|ids| ids.iter().filter_map(|i| i.as_str().map(str::to_string)).collect())
            .unwrap_or_default())
    }

    /// HiveActivity as one HIVE step (`command-runner.jar hive-script --run-hive-script
    /// --args -e <script>`, the form EMR's console submits). With `stage` (true unless
    /// "false") each S3 input and output node becomes an external Hive table named by
    /// `${input1}`, `${input2}`, ... / `${output1}`, ...; its columns are the node's
    /// dataFormat `column` fields, its delimiter the format's (CSV ',', TSV a tab). AWS
    /// documents neither the tables' names nor their DDL: the sandbox names them input1,
    /// output1, ... and drops and recreates them each run, as the step log shows.
    /// A `scriptUri` script is read from S3 when the step is submitted; `scriptVariable`
    /// fields (`NAME=value`) are passed as Hive variables, as AWS passes them.
    fn hive_step(&self, scope: &InstanceScope<'_>) -> Result<Value, String> {
        let script = match scope.field("hiveScript")? {
            Some(s) => s,
            None => {
                let uri = scope.field("scriptUri")?.unwrap_or_default();
                let (b, k) = super::work::split_s3(&uri)
                    .ok_or_else(|| format!("Invalid S3 path for scriptUri: '{uri}'"))?;
                let o = self
                    .services
                    .s3
                    .get_object(b, k)
                    .map_err(|_| format!("The specified key does not exist: {uri}"))?;
                String::from_utf8_lossy(&o.bytes).into_owned()
            }
        };
        let stage = scope.field("stage")?.is_none_or(|s| !s.eq_ignore_ascii_case("false"));
        let mut ddl = String::new();
        let mut args: Vec<String> =
            ["hive-script", "--run-hive-script", "--args"].iter().map(|a| a.to_string()).collect();
        for (field, var) in [("input", "input"), ("output", "output")] {
            for (n, node) in scope.def.refs(scope.object, field).into_iter().enumerate() {
                let name = format!("{var}{}", n + 1);
                if stage {
                    ddl.push_str(&staged_table(&scope.for_object(node), &name)?);
                }
                args.extend(["-d".to_string(), format!("{name}={name}")]);
            }
        }
        for v in scope.def.texts(scope.object, "scriptVariable") {
            args.extend(["-d".to_string(), super::expr::interpolate(v, scope)?]);
        }
        args.extend(["-e".to_string(), format!("{ddl}{script}")]);
        Ok(json!({
            "Name": format!("{} hive", scope.instance_id),
            "ActionOnFailure": "CONTINUE",
            "HadoopJarStep": {"Jar": "command-runner.jar", "Args": args},
        }))
    }

    /// Whether the steps are done: `None` while one is pending or running; their log lines.
    pub(super) fn steps_outcome(
        &self,
        cluster: &str,
        steps: &[String],
    ) -> (Option<Result<(), String>>, String) {
        let view =
            crate::emr::Snapshot::new(&self.services.emr, self.ctx.unix_ms()).cluster(cluster);
        let Some(c) = view else {
            return (Some(Err(format!("EMR cluster {cluster} not found"))), String::new());
        };
        let mine: Vec<_> = c.steps.iter().filter(|s| steps.contains(&s.id)).collect();
        let mut log = String::new();
        for s in &mine {
            log.push_str(&format!("{} {} {}\n", s.id, s.name, s.state));
        }
        if let Some(bad) =
            mine.iter().find(|s| matches!(s.state.as_str(), "FAILED" | "CANCELLED" | "INTERRUPTED"))
        {
            let why = bad
                .failure_message
                .clone()
                .or_else(|| bad.failure_reason.clone())
                .unwrap_or_default();
            return (Some(Err(format!("EMR step {} {}: {why}", bad.id, bad.state))), log);
        }
        if mine.len() == steps.len() && mine.iter().all(|s| s.state == "COMPLETED") {
            return (Some(Ok(())), log);
        }
        (None, log)
    }
}

/// EmrActivity's `step` fields: each `jar,arg,arg,...` as the Developer Guide writes them,
/// expressions evaluated.
fn emr_activity_steps(scope: &InstanceScope<'_>) -> Result<Vec<Value>, String> {
    let mut steps = Vec::new();
    for (n, raw) in scope.def.texts(scope.object, "step").into_iter().enumerate() {
        let text = super::expr::interpolate(raw, scope)?;
        let mut parts = text.split(',').map(|p| p.trim().to_string());
        let jar = parts.next().unwrap_or_default();
        let args: Vec<String> = parts.collect();
        steps.push(json!({
            "Name": format!("{} step {}", scope.instance_id, n + 1),
            "ActionOnFailure": "CONTINUE",
            "HadoopJarStep": {"Jar": jar, "Args": args},
        }));
    }
    Ok(steps)
}

/// HadoopActivity as one CUSTOM_JAR step: `jarUri`, `mainClass` and the `argument` fields
/// in order, expressions evaluated.
fn hadoop_step(scope: &InstanceScope<'_>) -> Result<Value, String> {
    let jar = scope.field("jarUri")?.unwrap_or_default();
    let mut args = Vec::new();
    for a in scope.def.texts(scope.object, "argument") {
        args.push(super::expr::interpolate(a, scope)?);
    }
    let mut step = json!({"Jar": jar, "Args": args});
    if let Some(class) = scope.field("mainClass")? {
        step["MainClass"] = json!(class);
    }
    Ok(json!({
        "Name": format!("{} hadoop", scope.instance_id),
        "ActionOnFailure": "CONTINUE",
        "HadoopJarStep": step,
    }))
}

/// The DDL that stages one S3 data node as the external Hive table `name`.
fn staged_table(node: &InstanceScope<'_>, name: &str) -> Result<String, String> {
    let (bucket, key, dir) = super::work::location_of(node)?;
    // A table's location is a directory: a filePath node stages the directory it is in.
    let dir_key = if dir {
        key.trim_end_matches('/').to_string()
    } else {
        key.rsplit_once('/').map_or(String::new(), |(d, _)| d.to_string())
    };
    let format = node.def.reference(node.object, "dataFormat").ok_or_else(|| {
        format!("HiveActivity: data node '{}' has no dataFormat to give the Hive table {name} its columns", node.object)
    })?;
    let delimiter = match node.def.type_of(format) {
        Some("TSV") => "\\t",
        _ => ",",
    };
    let columns: Vec<String> = node
        .def
        .texts(format, "column")
        .iter()
        .map(|c| {
            let c = c.trim();
            if c.contains(char::is_whitespace) {
                c.to_string()
            } else {
                format!("{c} STRING")
            }
        })
        .collect();
    if columns.is_empty() {
        return Err(format!(
            "HiveActivity: dataFormat '{format}' has no 'column' fields to stage the Hive table {name}"
        ));
    }
    Ok(format!(
        "DROP TABLE IF EXISTS {name};\nCREATE EXTERNAL TABLE {name} ({}) ROW FORMAT DELIMITED FIELDS TERMINATED BY '{delimiter}' LOCATION 's3://{bucket}/{dir_key}/';\n",
        columns.join(", ")
    ))
}
