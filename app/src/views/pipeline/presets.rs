//! The Data Pipeline view's presets, each loadable by URL (`#/pipeline?preset=...`), covering
//! the study notes S31-S39 between them. Each is a definition in the CLI's file form, run as
//! a learner would run it: `aws datapipeline create-pipeline`, `put-pipeline-definition`,
//! `activate-pipeline` (and the S3 objects it reads, a fault, a Kinesis stream) in the console.
//!
//! The world starts at 2026-01-01T00:00:00 (virtual), so schedules start at
//! FIRST_ACTIVATION_DATE_TIME or at a fixed time within the day before.

use engine::scenario::Speed;
use leptos::prelude::*;

use super::actions::{activate, cli, create, fail_next, put, quote};
use super::PipeState;
use crate::driver::Sim;
use crate::widgets::preset_kit::{self, Catalog, PresetInfo};

pub struct Preset {
    pub info: PresetInfo,
    /// The definition, in the file form the editor shows.
    pub definition: &'static str,
    setup: fn(Sim, &'static str),
}

/// The editor's text before any preset: the Developer Guide's hello world.
pub const STARTER: &str = HELLO;

// The presets' definitions, in the CLI's file form, as files a learner could pass to
// `put-pipeline-definition` (the texts end where their closing brace does, as the editor shows them).
const HELLO: &str = include_str!("definitions/hello.json").trim_ascii_end();
const S3_TO_REDSHIFT: &str = include_str!("definitions/s3-to-redshift.json").trim_ascii_end();
const BACKFILL: &str = include_str!("definitions/backfill.json").trim_ascii_end();
const PRECONDITION: &str = include_str!("definitions/precondition.json").trim_ascii_end();
const RETRIES: &str = include_str!("definitions/retries.json").trim_ascii_end();
const ON_PREMISES: &str = include_str!("definitions/on-premises.json").trim_ascii_end();
const HOURLY_VS_STREAM: &str = include_str!("definitions/hourly-vs-stream.json").trim_ascii_end();
const EMR_WORD_COUNT: &str = include_str!("definitions/emr-word-count.json").trim_ascii_end();
const DYNAMO_PRECONDITION: &str =
    include_str!("definitions/dynamo-precondition.json").trim_ascii_end();

pub const PRESETS: &[Preset] = &[
    Preset {
        info: PresetInfo {
            id: "hello-world",
            title: "Hello world on an Ec2Resource",
            notice: "An on-demand pipeline: one ShellCommandActivity that runsOn an Ec2Resource. Activation makes one instance of each; the activity waits (WAITING_FOR_RUNNER) while the pipeline starts the EC2 instance (CREATING, 5 minutes in the sandbox: AWS does not publish a boot time), then runs the command on it (RUNNING, FINISHED) and the resource shuts down (SHUTTING_DOWN, FINISHED). Open the activity's cell: its attempt, timings and what the command printed. The pipeline then ends FINISHED: run-once.",
            covers: &["S34", "S36", "S37"],
        },
        definition: HELLO,
        setup: |sim, def| {
            let _ = run(sim, "hello-world", def);
        },
    },
    Preset {
        info: PresetInfo {
            id: "hourly-copy-backfill",
            title: "S3-to-S3 copy, backfilled (time series)",
            notice: "A CopyActivity copies s3://raw-orders/in/ into one folder per period of s3://lake/orders/. The schedule starts at 18:00 the day before activation, so the periods already past are backfilled: time-series style, each instance is scheduled at the end of its period, and AWS makes at most one instance per object per 5 minutes until it catches up. Watch the grid fill a column every 5 minutes and the CopiedOrders node fill a folder per period. AWS refuses to activate a schedule that starts more than a day ago (it blocks accidental backfills): that is why a daily copy could backfill only one day.",
            covers: &["S31", "S32", "S34", "S35", "S36"],
        },
        definition: BACKFILL,
        setup: |sim, def| {
            orders(sim);
            let _ = run(sim, "hourly-copy", def);
        },
    },
    Preset {
        info: PresetInfo {
            id: "precondition-waits",
            title: "An S3KeyExists precondition waits for the file",
            notice: "The Orders data node has a precondition: the key s3://raw-orders/in/_SUCCESS must exist. It does not, so the precondition instance checks again every 5 minutes (the sandbox's interval) and everything downstream waits in WAITING_ON_DEPENDENCIES, including the copy and its EC2 resource, which is not started yet. Press Put this key beside the data nodes (an aws s3api put-object): at the next check the precondition is FINISHED, the resource boots and the copy runs. Left alone for 3 hours (preconditionTimeout), the precondition fails and the copy ends CASCADE_FAILED.",
            covers: &["S38", "S35"],
        },
        definition: PRECONDITION,
        setup: |sim, def| {
            orders(sim);
            let _ = run(sim, "waits-for-export", def);
        },
    },
    Preset {
        info: PresetInfo {
            id: "retry-then-cascade",
            title: "A failing copy is retried, then fails downstream (CASCADE) with an SnsAlarm",
            notice: "The copy's next three attempts were made to fail (a fault). maximumRetries is 2, so there are 3 attempts, 5 minutes apart (retryDelay); each failed attempt sends the instance back to WAITING_FOR_RUNNER until the retries are spent, then it is FAILED. failureAndRerunMode CASCADE makes the report that dependsOn it, and the output data node, CASCADE_FAILED; its onFail SnsAlarm publishes a message to the topic (read it under SNS topic). Open the copy's cell to read each attempt's error, then press Rerun: the copy runs again (the fault is spent) and the cascade-failed objects run with it.",
            covers: &["S39", "S36"],
        },
        definition: RETRIES,
        setup: |sim, def| {
            orders(sim);
            if let Ok(id) = create(sim, "retry-cascade") {
                if put(sim, &id, def).is_ok() {
                    fail_next(sim, &id, "DailyCopy", 3);
                    let _ = activate(sim, &id);
                }
            }
        },
    },
    Preset {
        info: PresetInfo {
            id: "on-premises-runner",
            title: "On-premises work through a worker group",
            notice: "The activity has a workerGroup instead of runsOn: it runs on your own machine, where Task Runner polls the service for tasks of that group. No runner is polling, so the instance stays WAITING_FOR_RUNNER, however long you wait. Press Start Task Runner in the on-premises box: the runner takes the task, runs it (the command writes s3://lake/onprem/export.csv) and reports FINISHED. Stop it and rerun the instance: it waits again.",
            covers: &["S31", "S35"],
        },
        definition: ON_PREMISES,
        setup: |sim, def| {
            let _ = cli(sim, "aws s3api create-bucket --bucket lake");
            let _ = run(sim, "on-premises", def);
        },
    },
    Preset {
        info: PresetInfo {
            id: "hourly-vs-stream",
            title: "An hourly pipeline next to a Kinesis stream",
            notice: "The same clicks take two paths. The Kinesis stream (created and written in the console) accepts each record at once: a consumer can read it within a second. The pipeline copies the click logs once an hour: its first copy lands only after the resource has booted and the copy has run, and a click made at 00:05 waits for the 01:00 run. Data Pipeline schedules batch work (ETL) at intervals; it is not for continuous streams: that is Kinesis's job. Compare the console's put-record answer with the HourlyClicks folder filling once per hour.",
            covers: &["S33", "S32"],
        },
        definition: HOURLY_VS_STREAM,
        setup: |sim, def| {
            let _ = cli(sim, "aws s3api create-bucket --bucket raw-clicks");
            let _ = cli(sim, "aws s3api create-bucket --bucket lake");
            let _ = cli(sim, "aws s3api put-object --bucket raw-clicks --key in/clicks-0000.log");
            let _ = run(sim, "hourly-clicks", def);
            let _ = cli(sim, "aws kinesis create-stream --stream-name clicks --shard-count 1");
            sim.skip(1_000);
            let _ = cli(sim, "aws kinesis put-record --stream-name clicks --partition-key user-42 --data Y2xpY2s=");
        },
    },
    Preset {
        info: PresetInfo {
            id: "emr-word-count",
            title: "EmrActivity: a word count on a transient EMR cluster",
            notice: "The activity needs a bigger resource than one EC2 instance: it runsOn an EmrCluster. Activation starts a real cluster on the sandbox's EMR engine (RunJobFlow: one primary and two core nodes; open the EMR view to see it boot), the pipeline submits the activity's step (AddJobFlowSteps: Hadoop streaming with AWS's wordSplitter.py over the sample text), waits for it, then terminates the cluster (TerminateJobFlows): a transient cluster, gone when the work is done, its output kept in S3 (the WordCounts node fills with part files). The pipeline looks at the cluster once a minute (the sandbox's interval). AWS would launch the cluster with the pipeline's roles; the sandbox's account has only EMR_DefaultRole and EMR_EC2_DefaultRole, so it uses those.",
            covers: &["S37", "S36", "S34"],
        },
        definition: EMR_WORD_COUNT,
        setup: |sim, def| {
            let _ = cli(sim, "aws s3api create-bucket --bucket lake");
            let _ = run(sim, "emr-word-count", def);
        },
    },
    Preset {
        info: PresetInfo {
            id: "s3-to-redshift",
            title: "S3 to Redshift: RedshiftCopyActivity insert modes, then an SqlActivity",
            notice: "Batch ETL into a warehouse: the definition file is in the console's files (s3-to-redshift.json) and is put with --pipeline-definition file://s3-to-redshift.json, as on a real machine. LoadMonday COPYs Monday's CSV into the orders table (created from createTableSql, primary key id) with insertMode TRUNCATE: the table is emptied, then loaded (3 rows). MergeTuesday loads Tuesday's file with OVERWRITE_EXISTING: order 2 is in both files, so its row is replaced by Tuesday's (amount 25), order 4 is added (4 rows). KEEP_EXISTING would have kept Monday's row 2; APPEND would have added a second row 2. Then DropSmallOrders (SqlActivity) runs its script with scriptArgument 15 in place of the ? and deletes the orders under 15. The table lives in the sandbox's Redshift, the same one Firehose's Redshift destination loads (cluster warehouse, database dev). Each activity waits for the previous one (dependsOn) and all run on one Ec2Resource.",
            covers: &["S32", "S34", "S35", "S36"],
        },
        definition: S3_TO_REDSHIFT,
        setup: |sim, def| {
            let _ = cli(sim, "aws s3api create-bucket --bucket raw-orders");
            sim.add_local_file("day1.csv", b"1,alice,10\n2,bob,20\n3,carol,12\n".to_vec());
            sim.add_local_file("day2.csv", b"2,bob,25\n4,dan,40\n".to_vec());
            let _ = cli(sim, "aws s3 cp day1.csv s3://raw-orders/day1/orders.csv");
            let _ = cli(sim, "aws s3 cp day2.csv s3://raw-orders/day2/orders.csv");
            sim.add_local_file(REDSHIFT_FILE, def.as_bytes().to_vec());
            let _ = run_file(sim, "s3-to-redshift", REDSHIFT_FILE);
        },
    },
    Preset {
        info: PresetInfo {
            id: "dynamodb-precondition",
            title: "A DynamoDB table as a precondition",
            notice: "The Events data node is a DynamoDB table (events) with a DynamoDBDataExists precondition: the table must exist and hold at least one item. The sandbox has no DynamoDB service, so nothing has made the table: the precondition instance checks again every 5 minutes (the sandbox's interval) and ExportEvents, with its EC2 resource, waits in WAITING_ON_DEPENDENCIES. What to notice: press Create table under DynamoDB tables and the activity still waits (an empty table does not satisfy DynamoDBDataExists; DynamoDBTableExists would have been enough); press Put item and at the next check the precondition is FINISHED, the resource boots and the activity runs (FINISHED, s3://lake/events/ready.txt written). Left alone for 3 hours (preconditionTimeout) the precondition fails and the activity ends CASCADE_FAILED.",
            covers: &["S38", "S35", "S34"],
        },
        definition: DYNAMO_PRECONDITION,
        setup: |sim, def| {
            let _ = cli(sim, "aws s3api create-bucket --bucket lake");
            let _ = run(sim, "dynamodb-precondition", def);
        },
    },
];

/// The console file the S3-to-Redshift preset puts its definition from.
const REDSHIFT_FILE: &str = "s3-to-redshift.json";

/// create-pipeline, put-pipeline-definition `--pipeline-definition file://...` from the
/// console's files, activate-pipeline.
fn run_file(sim: Sim, name: &str, file: &str) -> Result<String, String> {
    let id = create(sim, name)?;
    cli(
        sim,
        &format!(
            "aws datapipeline put-pipeline-definition --pipeline-id {id} --pipeline-definition file://{file}"
        ),
    )?;
    activate(sim, &id)?;
    Ok(id)
}

/// The buckets the copies read and write, with two orders files to copy.
fn orders(sim: Sim) {
    let _ = cli(sim, "aws s3api create-bucket --bucket raw-orders");
    let _ = cli(sim, "aws s3api create-bucket --bucket lake");
    let _ = cli(sim, "aws s3api put-object --bucket raw-orders --key in/orders-eu.csv");
    let _ = cli(sim, "aws s3api put-object --bucket raw-orders --key in/orders-us.csv");
}

/// create-pipeline, put-pipeline-definition, activate-pipeline.
fn run(sim: Sim, name: &str, def: &str) -> Result<String, String> {
    let id = create(sim, name)?;
    put(sim, &id, def)?;
    activate(sim, &id)?;
    Ok(id)
}

fn all() -> Vec<&'static PresetInfo> {
    PRESETS.iter().map(|p| &p.info).collect()
}

pub const CATALOG: Catalog = Catalog { view: "pipeline", all };

fn load(state: PipeState, id: &str) {
    let Some(p) = PRESETS.iter().find(|p| p.info.id == id) else { return };
    preset_kit::start(
        CATALOG,
        state.sim,
        id,
        || {
            state.chosen.set(None);
            state.cell.set(None);
            state.problems.set(Vec::new());
            state.error.set(None);
            state.editor.set(p.definition.to_string());
        },
        move |sim| {
            // 100x: a 5-minute boot takes 3 seconds, an hourly period 36.
            sim.speed.set(Speed::Times(100.0));
            (p.setup)(sim, p.definition);
        },
    );
}

pub fn follow_the_url(state: PipeState) {
    preset_kit::follow_the_url(
        CATALOG,
        state.sim,
        move |id| load(state, id),
        move |id| {
            if let Some(p) = PRESETS.iter().find(|p| p.info.id == id) {
                state.editor.set(p.definition.to_string());
            }
        },
    );
}

#[component]
pub fn PresetPicker() -> impl IntoView {
    let state = expect_context::<PipeState>();
    preset_kit::preset_picker(CATALOG, move |id| load(state, id))
}

#[component]
pub fn PresetNotice() -> impl IntoView {
    preset_kit::preset_notice(CATALOG, |_| ())
}

/// `aws s3api put-object` of an empty object at `s3://bucket/key` (a precondition's key).
pub fn put_key_line(s3_key: &str) -> Option<String> {
    let (bucket, key) = s3_key.strip_prefix("s3://")?.split_once('/')?;
    Some(format!("aws s3api put-object --bucket {bucket} --key {}", quote(key)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_well_formed() {
        preset_kit::assert_catalog_is_well_formed(CATALOG);
        for p in PRESETS {
            assert!(
                serde_json::from_str::<serde_json::Value>(p.definition).is_ok(),
                "{}",
                p.info.id
            );
        }
    }

    #[test]
    fn between_them_the_presets_cover_s31_to_s39() {
        let covered: std::collections::BTreeSet<&str> =
            PRESETS.iter().flat_map(|p| p.info.covers.iter().copied()).collect();
        for n in 31..=39 {
            let w = format!("S{n}");
            assert!(covered.contains(w.as_str()), "{w} not covered");
        }
    }

    #[test]
    fn a_precondition_key_becomes_its_put_object_line() {
        assert_eq!(
            put_key_line("s3://raw-orders/in/_SUCCESS").as_deref(),
            Some("aws s3api put-object --bucket raw-orders --key 'in/_SUCCESS'")
        );
    }
}
