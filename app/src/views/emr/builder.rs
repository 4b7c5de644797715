//! The cluster builder: node groups with their instance types and counts (the storage each
//! type brings: instance store or EBS), HDFS's replication, transient or long-running,
//! termination protection, and a first step. The hourly price is shown live; creating the
//! cluster calls RunJobFlow, which the console echoes as `aws emr create-cluster`.

use std::collections::BTreeMap;

use engine::api::Call;
use engine::emr::catalog::{instance_type, node_micros_per_hour, INSTANCE_TYPES};
use engine::emr::wire::{
    Application, Configuration, InstanceGroupConfig, JobFlowInstancesConfig, RunJobFlowInput,
    StepConfig,
};
use leptos::prelude::*;

use super::{dollars, EmrState};
use crate::driver::Sim;

/// What the learner asks for.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub name: String,
    pub core_type: String,
    pub core: u32,
    pub task: u32,
    /// `dfs.replication`; `None`: EMR's default for the core count.
    pub replication: Option<u32>,
    /// `dfs.blocksize` (`1m`); `None`: Hadoop's 128 MB.
    pub block_size: Option<&'static str>,
    pub keep_alive: bool,
    pub protected: bool,
    pub first_step: FirstStep,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FirstStep {
    None,
    /// AWS's sample word count, its output in S3 (EMRFS).
    WordCountToS3,
    /// The same, its output in HDFS.
    WordCountToHdfs,
    /// A copy of AWS's sample logs into HDFS.
    CopyIntoHdfs,
    /// TeraGen writes 20 MB of rows into HDFS: enough blocks to see them spread.
    TeraGen,
}

impl FirstStep {
    const ALL: [(FirstStep, &'static str, &'static str); 5] = [
        (FirstStep::None, "none", "No step"),
        (FirstStep::WordCountToS3, "wordcount-s3", "Word count, output to S3 (EMRFS)"),
        (FirstStep::WordCountToHdfs, "wordcount-hdfs", "Word count, output to HDFS"),
        (FirstStep::CopyIntoHdfs, "copy-hdfs", "Copy the sample logs into HDFS"),
        (FirstStep::TeraGen, "teragen", "TeraGen: 20 MB of rows into HDFS"),
    ];
}

impl Default for Plan {
    fn default() -> Self {
        Plan {
            name: "my-cluster".into(),
            core_type: "m5.xlarge".into(),
            core: 3,
            task: 0,
            replication: None,
            block_size: None,
            keep_alive: true,
            protected: false,
            first_step: FirstStep::None,
        }
    }
}

/// The bucket the sample steps write to (made when missing).
pub const RESULTS_BUCKET: &str = "emr-results";
/// AWS's sample input for the word-count tutorial (the sandbox's own text, at AWS's path).
pub const SAMPLE_INPUT: &str = "s3://elasticmapreduce/samples/wordcount/input";

impl Plan {
    /// Every node's price per hour (EC2 on demand plus the EMR fee), in millionths of a dollar.
    pub fn hourly_micros(&self) -> u64 {
        node_micros_per_hour("m5.xlarge")
            + u64::from(self.core + self.task) * node_micros_per_hour(&self.core_type)
    }

    /// Where HDFS lives on this type's nodes.
    pub fn storage(&self) -> String {
        match instance_type(&self.core_type) {
            Some(t) if !t.instance_store_gb.is_empty() => format!(
                "HDFS on {} x {} GB NVMe instance store (gone when the instance stops)",
                t.instance_store_gb.len(),
                t.instance_store_gb[0]
            ),
            Some(t) => format!(
                "HDFS on {} x {} GiB EBS volumes (EMR deletes them when the cluster terminates)",
                t.default_ebs_gib.len(),
                t.default_ebs_gib.first().copied().unwrap_or(0)
            ),
            None => String::new(),
        }
    }

    pub fn input(&self) -> RunJobFlowInput {
        // As `aws emr create-cluster --instance-groups` sends them (named by role, on demand),
        // so the console's echo is that command.
        let group = |role: &str, ty: &str, count: u32| InstanceGroupConfig {
            name: Some(role.into()),
            market: Some("ON_DEMAND".into()),
            instance_role: Some(role.into()),
            instance_type: Some(ty.into()),
            instance_count: Some(i64::from(count)),
            ..Default::default()
        };
        let mut groups =
            vec![group("MASTER", "m5.xlarge", 1), group("CORE", &self.core_type, self.core)];
        if self.task > 0 {
            groups.push(group("TASK", &self.core_type, self.task));
        }
        let mut hdfs_site = BTreeMap::new();
        if let Some(r) = self.replication {
            hdfs_site.insert("dfs.replication".to_string(), r.to_string());
        }
        if let Some(size) = self.block_size {
            hdfs_site.insert("dfs.blocksize".to_string(), size.to_string());
        }
        let configurations = (!hdfs_site.is_empty()).then(|| {
            vec![Configuration {
                classification: Some("hdfs-site".into()),
                configurations: None,
                properties: Some(hdfs_site),
            }]
        });
        RunJobFlowInput {
            name: Some(self.name.clone()),
            release_label: Some("emr-7.1.0".into()),
            applications: Some(vec![Application {
                name: Some("Hadoop".into()),
                ..Default::default()
            }]),
            configurations,
            service_role: Some("EMR_DefaultRole".into()),
            job_flow_role: Some("EMR_EC2_DefaultRole".into()),
            visible_to_all_users: Some(true),
            tags: Some(Vec::new()),
            instances: Some(JobFlowInstancesConfig {
                instance_groups: Some(groups),
                keep_job_flow_alive_when_no_steps: Some(self.keep_alive),
                termination_protected: Some(self.protected),
                ..Default::default()
            }),
            steps: first_step(self.first_step).map(|s| vec![s]),
            ..Default::default()
        }
    }
}

/// A sample step, as `aws emr add-steps` sends it.
pub fn first_step(kind: FirstStep) -> Option<StepConfig> {
    let (name, args): (&str, Vec<String>) = match kind {
        FirstStep::None => return None,
        FirstStep::WordCountToS3 | FirstStep::WordCountToHdfs => {
            let output = if kind == FirstStep::WordCountToS3 {
                format!("s3://{RESULTS_BUCKET}/wordcount/")
            } else {
                "hdfs:///output/wordcount".to_string()
            };
            let args = [
                "hadoop-streaming",
                "-files",
                "s3://elasticmapreduce/samples/wordcount/wordSplitter.py",
                "-mapper",
                "wordSplitter.py",
                "-reducer",
                "aggregate",
                "-input",
                SAMPLE_INPUT,
                "-output",
                &output,
            ];
            ("Word count", args.iter().map(|a| a.to_string()).collect())
        }
        FirstStep::TeraGen => (
            "TeraGen 20 MB",
            [
                "hadoop",
                "jar",
                "/usr/lib/hadoop-mapreduce/hadoop-mapreduce-examples.jar",
                "teragen",
                "200000",
                "/teragen",
            ]
            .iter()
            .map(|a| a.to_string())
            .collect(),
        ),
        FirstStep::CopyIntoHdfs => (
            "Copy logs into HDFS",
            ["hdfs", "dfs", "-cp", "s3://elasticmapreduce/samples/logs/input", "/logs"]
                .iter()
                .map(|a| a.to_string())
                .collect(),
        ),
    };
    Some(StepConfig {
        name: Some(name.into()),
        action_on_failure: Some("CONTINUE".into()),
        hadoop_jar_step: Some(engine::emr::wire::HadoopJarStepConfig {
            jar: Some("command-runner.jar".into()),
            args: Some(args),
            ..Default::default()
        }),
    })
}

/// Makes the results bucket when a step needs it and it is missing.
pub fn ensure_results_bucket(sim: Sim) {
    let exists =
        sim.with_world(|w| w.view().s3().buckets().iter().any(|b| b.name == RESULTS_BUCKET));
    if !exists {
        let _ = sim.call(Call::new(&engine::s3::wire::CreateBucketInput {
            bucket: RESULTS_BUCKET.into(),
            ..Default::default()
        }));
    }
}

/// Creates the cluster; the new cluster becomes the one shown.
pub fn create(state: EmrState, plan: &Plan) {
    if plan.first_step == FirstStep::WordCountToS3 {
        ensure_results_bucket(state.sim);
    }
    match state.call(Call::new(&plan.input())) {
        Ok(out) => {
            let id = serde_json::from_str::<serde_json::Value>(&out)
                .ok()
                .and_then(|v| v["JobFlowId"].as_str().map(str::to_string));
            state.chosen.set(id);
            state.error.set(None);
        }
        Err(e) => state.error.set(Some(e.message)),
    }
}

#[component]
pub fn Builder() -> impl IntoView {
    let state = expect_context::<EmrState>();
    let plan = RwSignal::new(Plan::default());
    let types = INSTANCE_TYPES.iter().map(|t| {
        let storage = if t.instance_store_gb.is_empty() { "EBS" } else { "instance store" };
        view! { <option value=t.name>{format!("{} ({} vCPU, {})", t.name, t.vcpus, storage)}</option> }
    }).collect_view();
    let steps = FirstStep::ALL
        .iter()
        .map(|(_, value, label)| view! { <option value=*value>{*label}</option> })
        .collect_view();
    let number = |v: &str, low: u32, high: u32| v.parse::<u32>().unwrap_or(low).clamp(low, high);
    view! {
        <section class="panel emr-builder" aria-labelledby="builder-title">
            <h3 id="builder-title">"New cluster"</h3>
            <div class="builder-fields">
                <label class="field"><span>"Name"</span>
                    <input type="text" maxlength="64" prop:value=move || plan.with(|p| p.name.clone())
                        on:change=move |ev| plan.update(|p| p.name = event_target_value(&ev)) />
                </label>
                <label class="field"><span>"Core and task nodes"</span>
                    <select data-testid="builder-type" prop:value=move || plan.with(|p| p.core_type.clone())
                        on:change=move |ev| plan.update(|p| p.core_type = event_target_value(&ev))>{types}</select>
                </label>
                <label class="field"><span>"Core nodes (HDFS and YARN)"</span>
                    <input type="number" min="1" max="10" data-testid="builder-core" prop:value=move || plan.with(|p| p.core.to_string())
                        on:change=move |ev| plan.update(|p| p.core = number(&event_target_value(&ev), 1, 10)) />
                </label>
                <label class="field"><span>"Task nodes (YARN only)"</span>
                    <input type="number" min="0" max="10" prop:value=move || plan.with(|p| p.task.to_string())
                        on:change=move |ev| plan.update(|p| p.task = number(&event_target_value(&ev), 0, 10)) />
                </label>
                <label class="field"><span>"dfs.replication"</span>
                    <select data-testid="builder-replication" on:change=move |ev| plan.update(|p| p.replication = event_target_value(&ev).parse().ok())>
                        <option value="default">"EMR's default"</option>
                        <option value="1">"1"</option>
                        <option value="2">"2"</option>
                        <option value="3">"3"</option>
                    </select>
                </label>
                <label class="field"><span>"First step"</span>
                    <select data-testid="builder-step" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let kind = FirstStep::ALL.iter().find(|(_, value, _)| *value == v).map_or(FirstStep::None, |(k, _, _)| *k);
                        plan.update(|p| p.first_step = kind);
                    }>{steps}</select>
                </label>
            </div>
            <fieldset class="builder-kind">
                <legend>"When its steps are done"</legend>
                <label><input type="radio" name="emr-kind" prop:checked=move || plan.with(|p| p.keep_alive)
                    on:change=move |_| plan.update(|p| p.keep_alive = true) />" Keep running (long-running: waits for steps, billed while it waits)"</label>
                <label><input type="radio" name="emr-kind" data-testid="builder-transient" prop:checked=move || plan.with(|p| !p.keep_alive)
                    on:change=move |_| plan.update(|p| p.keep_alive = false) />" Terminate (transient: ends after the last step)"</label>
                <label><input type="checkbox" prop:checked=move || plan.with(|p| p.protected)
                    on:change=move |ev| plan.update(|p| p.protected = event_target_checked(&ev)) />" Termination protection"</label>
            </fieldset>
            <p class="muted">{move || plan.with(Plan::storage)}</p>
            <p class="builder-price" data-testid="builder-price">
                {move || format!("{} an hour for {} nodes (EC2 on demand plus the EMR fee)",
                    dollars(plan.with(Plan::hourly_micros)), plan.with(|p| 1 + p.core + p.task))}
            </p>
            <button class="primary" data-testid="create-cluster" on:click=move |_| create(state, &plan.get_untracked())>
                "Create cluster"
            </button>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_becomes_run_job_flow_with_its_numbers() {
        let plan =
            Plan { core: 4, task: 2, replication: Some(2), keep_alive: false, ..Plan::default() };
        let body = serde_json::to_value(plan.input()).unwrap();
        let groups = body["Instances"]["InstanceGroups"].as_array().unwrap();
        let counts: Vec<(&str, i64)> = groups
            .iter()
            .map(|g| (g["InstanceRole"].as_str().unwrap(), g["InstanceCount"].as_i64().unwrap()))
            .collect();
        assert_eq!(counts, [("MASTER", 1), ("CORE", 4), ("TASK", 2)]);
        assert_eq!(body["Configurations"][0]["Properties"]["dfs.replication"], "2");
        assert_eq!(body["Instances"]["KeepJobFlowAliveWhenNoSteps"], false);
        // Seven m5.xlarge at $0.192 + $0.048 an hour.
        assert_eq!(plan.hourly_micros(), 7 * 240_000);
    }

    #[test]
    fn storage_says_where_hdfs_lives() {
        let nvme = Plan { core_type: "i3.xlarge".into(), ..Plan::default() };
        assert!(nvme.storage().contains("instance store"), "{}", nvme.storage());
        assert!(Plan::default().storage().contains("EBS"));
    }
}
