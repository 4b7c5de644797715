//! Data Pipeline levels: work that waits for something outside the pipeline. An on-premises
//! activity waits for a Task Runner polling its worker group; a copy guarded by a precondition
//! waits until the key it checks exists. Each is fixed by one action, and the tempting action
//! beside it (a runner for another group, the data file uploaded again) changes nothing.

use engine::pipeline::PipelineCommand;
use engine::Command;

use crate::catalog::BOTH;
use crate::commands::create_bucket;
use crate::goal::Goal;
use crate::level::Level;
use crate::questions::pipeline::{copy_definition, object, put, run};
use crate::script::Script;

const HOUR: u64 = 3_600_000;

pub const LEVELS: &[Level] = &[
    Level {
        id: "pipeline-on-premises",
        title: "The export that never starts",
        view: "pipeline",
        story: "A pipeline exports the day's orders from a database in your own data center into s3://lab/onprem/. Its activity names workerGroup warehouse instead of an AWS resource. The data center already runs a Task Runner, for the worker group datacenter-1, and the export still sits in WAITING_FOR_RUNNER. Make the export run.",
        hint: "Data Pipeline does not reach into your network: a Task Runner on your server polls the service for tasks of its --workerGroup (PollForTask) and runs them. A runner only receives the tasks of the group it was started with.",
        covers: &["S31", "S35", "S36"],
        exams: BOTH,
        seed: 1,
        start: || {
            let mut s = Script::new();
            s.push(create_bucket("lab"));
            s.push(PipelineCommand::SetTaskRunner { worker_group: "datacenter-1".into(), running: true });
            let objects = vec![
                object("Default", &[("scheduleType", "ondemand"), ("pipelineLogUri", "s3://lab/logs/")]),
                object("Export", &[("type", "ShellCommandActivity"), ("command", "echo 42 rows > s3://lab/onprem/orders.csv"), ("workerGroup", "warehouse")]),
            ];
            s.push(run("orders-export", objects));
            s.finish()
        },
        opens_at: 60_000,
        goal: Goal::PipelineFinished { component: "Export", bucket: "lab", prefix: "onprem/" },
        solution: || vec![runner("warehouse")],
        tempting: || vec![runner("default")],
        settles_within_ms: HOUR,
    },
    Level {
        id: "pipeline-wait-for-file",
        title: "The copy that waits for a marker",
        view: "pipeline",
        story: "A daily pipeline copies s3://raw/in/ to s3://lab/out/. Its input has an S3KeyExists precondition on s3://raw/in/_SUCCESS, the marker the upstream job writes when the day's data is complete. Today's data is there, but the copy has not run. Get the day's copy into s3://lab/out/ without changing the pipeline.",
        hint: "A precondition is checked again and again until it holds (or preconditionTimeout passes); meanwhile the data node and the copy wait in WAITING_ON_DEPENDENCIES. What exactly does the precondition look for?",
        covers: &["S34", "S35", "S38"],
        exams: BOTH,
        seed: 1,
        start: || {
            let mut s = Script::new();
            s.push(create_bucket("raw")).push(create_bucket("lab"));
            s.push(put("raw", "in/orders.csv", "1,apple\n2,pear\n"));
            let ready = object("Ready", &[("type", "S3KeyExists"), ("role", "DataPipelineDefaultRole"), ("s3Key", "s3://raw/in/_SUCCESS")]);
            s.push(run("daily-copy", copy_definition("1 day", &[ready])));
            s.finish()
        },
        opens_at: 20 * 60_000,
        goal: Goal::PipelineFinished { component: "DailyCopy", bucket: "lab", prefix: "out/" },
        solution: || vec![put("raw", "in/_SUCCESS", "")],
        tempting: || vec![put("raw", "in/orders.csv", "1,apple\n2,pear\n")],
        settles_within_ms: 2 * HOUR,
    },
];

/// `java -jar TaskRunner-1.0.jar --workerGroup=GROUP` started on the on-premises server.
fn runner(group: &str) -> Command {
    PipelineCommand::SetTaskRunner { worker_group: group.into(), running: true }.into()
}
