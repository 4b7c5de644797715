//! The cluster builder: the release and its applications, node groups with their instance
//! types and counts (the primary's type apart from the core and task nodes'; the storage each
//! type brings: instance store or EBS), HDFS's replication, transient or long-running,
//! termination protection, and a first step. The hourly price and the `aws emr
//! create-cluster` line are shown live on every change: the line is the one the console
//! echoes when Create sends the same RunJobFlow.

use std::collections::BTreeMap;

use engine::api::Call;
use engine::emr::catalog::{
    instance_type, node_micros_per_hour, Release, APPLICATIONS, INSTANCE_TYPES,
};
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
    /// `--release-label`: one of [`RELEASES`].
    pub release: String,
    /// `--applications`, in EMR's spelling; Hadoop always among them (the sandbox runs
    /// MapReduce on it).
    pub applications: Vec<&'static str>,
    /// The primary node's instance type.
    pub primary_type: String,
    /// The core and task nodes' instance type.
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
            release: "emr-7.1.0".into(),
            applications: vec!["Hadoop"],
            primary_type: "m5.xlarge".into(),
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

/// The release labels offered: the newest the sandbox knows of each major it runs (emr-5.x,
/// 6.x, 7.x), the last with emr-7.1.0 as AWS's tutorials use it.
pub const RELEASES: [&str; 3] = ["emr-7.1.0", "emr-6.15.0", "emr-5.36.2"];

/// The bucket the sample steps write to (made when missing).
pub const RESULTS_BUCKET: &str = "emr-results";
/// AWS's sample input for the word-count tutorial (the sandbox's own text, at AWS's path).
pub const SAMPLE_INPUT: &str = "s3://elasticmapreduce/samples/wordcount/input";

impl Plan {
    /// Adds or removes an application, keeping EMR's order (alphabetical, as the console
    /// lists them) so the line does not depend on the order of the clicks. Hadoop stays.
    pub fn toggle(&mut self, app: &'static str, on: bool) {
        self.applications.retain(|a| *a != app || app == "Hadoop");
        if on && !self.applications.contains(&app) {
            self.applications.push(app);
        }
        self.applications.sort_by_key(|a| APPLICATIONS.iter().position(|b| b == a));
    }

    /// The API call Create sends.
    pub fn call(&self) -> Call {
        Call::new(&self.input())
    }

    /// Every node's price per hour (EC2 on demand plus the EMR fee), in millionths of a dollar.
    pub fn hourly_micros(&self) -> u64 {
        node_micros_per_hour(&self.primary_type)
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
            vec![group("MASTER", &self.primary_type, 1), group("CORE", &self.core_type, self.core)];
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
            release_label: Some(self.release.clone()),
            applications: Some(
                self.applications
                    .iter()
                    .map(|a| Application { name: Some((*a).into()), ..Default::default() })
                    .collect(),
            ),
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
    match state.call(plan.call()) {
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

/// The `aws emr create-cluster` line for the plan, once the CLI's module has come (`None`
/// before: the console loads it on first use, and so does the builder when it opens).
fn command_line(plan: &Plan) -> Option<String> {
    let call = plan.call();
    crate::cli::loaded().map(|cli| cli.command_line_for(&call.target, &call.body))
}

#[component]
pub fn Builder() -> impl IntoView {
    let state = expect_context::<EmrState>();
    let plan = RwSignal::new(Plan::default());
    // The echo needs the CLI's module (fetched on demand); the line appears when it is here.
    let cli_ready = RwSignal::new(crate::cli::loaded().is_some());
    if !cli_ready.get_untracked() {
        leptos::task::spawn_local(async move {
            if crate::on_demand::aws_cli().await.is_ok() {
                cli_ready.set(true);
            }
        });
    }
    let line = Memo::new(move |_| {
        cli_ready.track();
        plan.with(command_line)
    });
    let types = || {
        INSTANCE_TYPES.iter().map(|t| {
        let storage = if t.instance_store_gb.is_empty() { "EBS" } else { "instance store" };
        view! { <option value=t.name>{format!("{} ({} vCPU, {})", t.name, t.vcpus, storage)}</option> }
    }).collect_view()
    };
    let releases = RELEASES
        .iter()
        .map(|r| {
            let hadoop = Release::parse(r).map_or("", |r| r.hadoop_version());
            view! { <option value=*r>{format!("{r} (Hadoop {hadoop})")}</option> }
        })
        .collect_view();
    let apps = APPLICATIONS
        .iter()
        .map(|app| {
            let app: &'static str = app;
            let fixed = app == "Hadoop";
            view! {
                <label class="builder-app"><input type="checkbox" data-testid="builder-app" value=app disabled=fixed
                    prop:checked=move || plan.with(|p| p.applications.contains(&app))
                    on:change=move |ev| plan.update(|p| p.toggle(app, event_target_checked(&ev))) />" "{app}</label>
            }
        })
        .collect_view();
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
                    <input type="text" maxlength="64" data-testid="builder-name" prop:value=move || plan.with(|p| p.name.clone())
                        on:input=move |ev| plan.update(|p| p.name = event_target_value(&ev)) />
                </label>
                <label class="field"><span>"Release"</span>
                    <select data-testid="builder-release" prop:value=move || plan.with(|p| p.release.clone())
                        on:change=move |ev| plan.update(|p| p.release = event_target_value(&ev))>{releases}</select>
                </label>
                <label class="field"><span>"Primary node"</span>
                    <select data-testid="builder-primary-type" prop:value=move || plan.with(|p| p.primary_type.clone())
                        on:change=move |ev| plan.update(|p| p.primary_type = event_target_value(&ev))>{types()}</select>
                </label>
                <label class="field"><span>"Core and task nodes"</span>
                    <select data-testid="builder-type" prop:value=move || plan.with(|p| p.core_type.clone())
                        on:change=move |ev| plan.update(|p| p.core_type = event_target_value(&ev))>{types()}</select>
                </label>
                <label class="field"><span>"Core nodes (HDFS and YARN)"</span>
                    <input type="number" min="1" max="10" data-testid="builder-core" prop:value=move || plan.with(|p| p.core.to_string())
                        on:change=move |ev| plan.update(|p| p.core = number(&event_target_value(&ev), 1, 10)) />
                </label>
                <label class="field"><span>"Task nodes (YARN only)"</span>
                    <input type="number" min="0" max="10" data-testid="builder-task" prop:value=move || plan.with(|p| p.task.to_string())
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
            <details class="builder-apps">
                <summary>{move || format!("Applications: {}", plan.with(|p| p.applications.join(", ")))}</summary>
                <div class="builder-fields">{apps}</div>
                <p class="muted">"The sandbox runs Hadoop MapReduce (and Hive's scripts); the others are installed and reported as EMR does, not run."</p>
            </details>
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
            // The `fsck` look: monospace, and wrapped anywhere so a long option fits the panel.
            <p class="fsck builder-line" data-testid="builder-line" aria-live="polite">
                {move || line.get().unwrap_or_else(|| "Loading the AWS CLI...".to_string())}
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
    fn release_applications_and_primary_type_reach_the_call_and_the_price() {
        let mut plan = Plan {
            release: "emr-6.15.0".into(),
            primary_type: "m5.2xlarge".into(),
            core: 2,
            ..Plan::default()
        };
        plan.toggle("Spark", true);
        plan.toggle("Hive", true);
        plan.toggle("Hadoop", false);
        let body = serde_json::to_value(plan.input()).unwrap();
        assert_eq!(body["ReleaseLabel"], "emr-6.15.0");
        let apps: Vec<&str> = body["Applications"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["Name"].as_str().unwrap())
            .collect();
        assert_eq!(apps, ["Hadoop", "Hive", "Spark"]);
        let groups = body["Instances"]["InstanceGroups"].as_array().unwrap();
        assert_eq!(groups[0]["InstanceType"], "m5.2xlarge");
        assert_eq!(groups[1]["InstanceType"], "m5.xlarge");
        assert_eq!(
            plan.hourly_micros(),
            node_micros_per_hour("m5.2xlarge") + 2 * node_micros_per_hour("m5.xlarge")
        );
    }

    #[test]
    fn every_offered_release_is_one_the_engine_accepts() {
        for r in RELEASES {
            assert!(Release::parse(r).is_some(), "{r}");
        }
    }

    #[test]
    fn storage_says_where_hdfs_lives() {
        let nvme = Plan { core_type: "i3.xlarge".into(), ..Plan::default() };
        assert!(nvme.storage().contains("instance store"), "{}", nvme.storage());
        assert!(Plan::default().storage().contains("EBS"));
    }
}
