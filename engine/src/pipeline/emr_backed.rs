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
        let body = json!({
            "Name": format!("{} {}", self.p.name, rid),
            "ReleaseLabel": release,
            "Applications": [{"Name": "Hadoop"}],
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

    /// AddJobFlowSteps with the activity's `step` fields, expressions evaluated: each is
    /// `jar,arg,arg,...` as the Developer Guide writes them. The new steps' ids.
    pub(super) fn submit_steps(
        &mut self,
        cluster: &str,
        inst: &Instance,
    ) -> Result<Vec<String>, String> {
        let scope = InstanceScope {
            def: self.def,
            object: &inst.component,
            start_ms: inst.scheduled_start_ms,
            end_ms: inst.scheduled_end_ms,
            instance_id: &inst.id,
            node: None,
            depth: 0,
        };
        let mut steps = Vec::new();
        for (n, raw) in self.def.texts(&inst.component, "step").into_iter().enumerate() {
            let text = super::expr::interpolate(raw, &scope)?;
            let mut parts = text.split(',').map(|p| p.trim().to_string());
            let jar = parts.next().unwrap_or_default();
            let args: Vec<String> = parts.collect();
            steps.push(json!({
                "Name": format!("{} step {}", inst.id, n + 1),
                "ActionOnFailure": "CONTINUE",
                "HadoopJarStep": {"Jar": jar, "Args": args},
            }));
        }
        let v = self.emr_call("AddJobFlowSteps", &json!({"JobFlowId": cluster, "Steps": steps}))?;
        Ok(v["StepIds"]
            .as_array()
            .map(|ids| ids.iter().filter_map(|i| i.as_str().map(str::to_string)).collect())
            .unwrap_or_default())
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
