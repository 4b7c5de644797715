//! Data Pipeline questions: a scheduled batch pipeline retries a failing activity, waits for a
//! precondition, launches the resource its activity runs on, waits for an on-premises Task
//! Runner, and (against a stream) leaves an event waiting for the next period's run. Each
//! upload-and-activates a definition written as AWS's Developer Guide writes them.

use engine::pipeline::expr::parse_datetime;
use engine::pipeline::PipelineCommand;
use engine::s3::S3Command;
use engine::sim::DEFAULT_EPOCH_MS;
use engine::{Command, World};
use serde_json::{json, Value};

use crate::catalog::BOTH;
use crate::commands::create_bucket;
use crate::question::{Choice, Observation, Question};
use crate::script::Script;

const MIN: u64 = 60_000;

pub const QUESTIONS: &[Question] = &[
    Question {
        id: "pipeline-retry",
        title: "A copy that fails",
        covers: &["S34", "S36", "S39"],
        exams: BOTH,
        view: "console",
        params: |d| vec![("fails", d.pick(&[1, 2]))],
        prompt: "A pipeline's daily CopyActivity copies s3://raw/in/ to s3://lab/out/ on an Ec2Resource (maximumRetries 2, retryDelay 10 minutes). Its first {fails} attempt(s) fail with a transient error. What happens to that day's copy?",
        choices: &[
            Choice { label: "Data Pipeline retries it on the same resource after retryDelay: the copy ends FINISHED and the file lands in s3://lab/out/", act: None, holds: |o, p| o.get("finished") == 1 && o.get("attempts") == p.get("fails") + 1 },
            Choice { label: "It fails at once: Data Pipeline does not retry activities, so the copy ends FAILED after one attempt", act: None, holds: |o, _| o.get("finished") == 0 && o.get("attempts") == 1 },
            Choice { label: "It waits, WAITING_FOR_RUNNER, until someone reruns it by hand", act: None, holds: |o, _| o.get("waiting") == 1 },
        ],
        setup: |p| {
            let mut s = Script::new();
            s.push(create_bucket("raw")).push(create_bucket("lab")).push(put("raw", "in/orders.csv", "1,apple\n"));
            s.push(run("daily-copy", copy_definition("1 day", &[])));
            s.push(PipelineCommand::FailActivity { pipeline_id: "daily-copy".into(), object_id: "DailyCopy".into(), times: p.get("fails") as u32 });
            s.finish()
        },
        fork_at: 0,
        run_ms: |_| 2 * 60 * MIN,
        observe: |w, _| {
            let mut o = Observation::default();
            let copy = first_instance(w, "DailyCopy");
            o.count("attempts", "Attempts of the first copy", copy.as_ref().map_or(0, |i| i.attempts.len() as u64), "");
            o.text("status", "Its status", 0, copy.as_ref().map_or("(none)".into(), |i| i.status.to_string()));
            o.count("finished", "Finished copies", copy.as_ref().is_some_and(|i| i.status == "FINISHED") as u64, "");
            o.count("waiting", "Copies waiting for a runner", copy.as_ref().is_some_and(|i| i.status == "WAITING_FOR_RUNNER") as u64, "");
            o
        },
        why: "A failed attempt is retried automatically: each try is an attempt object (@DailyCopy_..._Attempt=1, =2, ...), retried up to maximumRetries times (at most 5), retryDelay apart (at least 2 minutes), on the same resource. Only when the retries are spent does the instance end FAILED and its onFail action (an SnsAlarm) fire. The sandbox's default maximumRetries is 2, as the instance AWS's own CLI tests show (@triesLeft 2).",
    },
    Question {
        id: "pipeline-precondition",
        title: "Waiting for the file",
        covers: &["S35", "S38"],
        exams: BOTH,
        view: "console",
        params: |d| vec![("arrive", d.pick(&[20, 35, 50]))],
        prompt: "The input data node of a daily copy has an S3KeyExists precondition on s3://raw/in/_SUCCESS. The pipeline is activated at midnight; the upstream job writes _SUCCESS {arrive} minutes later. When does the copy start?",
        choices: &[
            Choice { label: "At activation: the schedule decides, the precondition is only a note", act: None, holds: |o, p| o.get("start") >= 0 && o.get("start") < p.get("arrive") },
            Choice { label: "Only after _SUCCESS exists: the input node waits in WAITING_ON_DEPENDENCIES until a check finds the key, then the copy's resource starts", act: None, holds: |o, p| o.get("start") >= p.get("arrive") },
            Choice { label: "Never: a precondition that is false at its first check fails the run", act: None, holds: |o, _| o.get("start") < 0 },
        ],
        setup: |p| {
            let mut s = Script::new();
            s.push(create_bucket("raw")).push(create_bucket("lab")).push(put("raw", "in/orders.csv", "1,apple\n"));
            let extra = [object("Ready", &[("type", "S3KeyExists"), ("role", "DataPipelineDefaultRole"), ("s3Key", "s3://raw/in/_SUCCESS")])];
            s.push(run("waits", copy_definition("1 day", &extra)));
            s.at(p.get("arrive") as u64 * MIN).push(put("raw", "in/_SUCCESS", ""));
            s.finish()
        },
        fork_at: 0,
        run_ms: |_| 2 * 60 * MIN,
        observe: |w, _| {
            let mut o = Observation::default();
            let start = first_instance(w, "DailyCopy").and_then(|i| i.attempts.first().map(|a| minutes(&a.started))).unwrap_or(-1);
            o.text("start", "The copy's first attempt started (minutes after activation)", start, if start < 0 { "never".into() } else { format!("{start} min") });
            o
        },
        why: "A precondition must hold before the work runs. System-managed preconditions (S3KeyExists, S3PrefixNotEmpty, DynamoDBTableExists, DynamoDBDataExists) are checked by the service itself, again and again (the sandbox checks every 5 minutes; AWS does not publish its interval) until they hold or preconditionTimeout passes; meanwhile the data node and everything that reads it wait in WAITING_ON_DEPENDENCIES. Only then does the activity ask for its resource, which boots first.",
    },
    Question {
        id: "pipeline-resource",
        title: "Where an activity runs",
        covers: &["S36", "S37"],
        exams: BOTH,
        view: "console",
        params: |d| vec![("res", d.pick(&[0, 1]))],
        prompt: "A ShellCommandActivity has runsOn pointing at an {res|Ec2Resource|EmrCluster} object, and nothing is running in the account. The pipeline is activated at midnight (cron schedule). When does the command start?",
        choices: &[
            Choice { label: "At once: activities run on Data Pipeline's own servers", act: None, holds: |o, _| o.get("start") == 0 },
            Choice { label: "After Data Pipeline launches the {res|Ec2Resource|EmrCluster} for it (CREATING, then RUNNING); the activity waits in WAITING_FOR_RUNNER meanwhile", act: None, holds: |o, _| o.get("start") > 0 && o.get("launches") == 1 },
            Choice { label: "Never: the resource must be launched by hand first", act: None, holds: |o, _| o.get("start") < 0 },
        ],
        setup: |p| {
            let mut s = Script::new();
            s.push(create_bucket("lab"));
            let (kind, extra): (&str, &[(&str, &str)]) = if p.get("res") == 0 {
                ("Ec2Resource", &[("role", "DataPipelineDefaultRole"), ("resourceRole", "DataPipelineDefaultResourceRole")])
            } else {
                ("EmrCluster", &[("releaseLabel", "emr-6.15.0"), ("coreInstanceCount", "2")])
            };
            let mut box_fields = vec![("type", kind), ("terminateAfter", "1 hour")];
            box_fields.extend_from_slice(extra);
            let objects = vec![
                default_object(),
                object("Daily", &[("type", "Schedule"), ("period", "1 day"), ("startDateTime", "2026-01-01T00:00:00"), ("occurrences", "1")]),
                object("Box", &box_fields),
                object("Hello", &[("type", "ShellCommandActivity"), ("command", "echo hello > s3://lab/hello.txt"), ("runsOn", "@Box")]),
            ];
            s.push(run("hello", objects));
            s.finish()
        },
        fork_at: 0,
        run_ms: |_| 60 * MIN,
        observe: |w, _| {
            let mut o = Observation::default();
            let start = first_instance(w, "Hello").and_then(|i| i.attempts.first().map(|a| minutes(&a.started))).unwrap_or(-1);
            o.text("start", "The command started (minutes after activation)", start, if start < 0 { "never".into() } else { format!("{start} min") });
            o.count("launches", "Resources launched for it", first_instance(w, "Box").map_or(0, |i| i.attempts.len() as u64), "");
            o
        },
        why: "Activities such as CopyActivity, ShellCommandActivity and EmrActivity need a computational resource: runsOn names an Ec2Resource or EmrCluster that Data Pipeline launches for the scheduled run and shuts down after it (terminateAfter caps its life). The sandbox boots an Ec2Resource in 5 minutes and an EmrCluster in 10 (AWS publishes no times). Preconditions such as S3KeyExists, by contrast, are checked by the service without a resource.",
    },
    Question {
        id: "pipeline-onprem",
        title: "On-premises work",
        covers: &["S31", "S35"],
        exams: BOTH,
        view: "console",
        params: |d| vec![("runner", d.pick(&[10, 20, 40]))],
        prompt: "An activity has no runsOn but workerGroup \"datacenter\": it exports rows from a database in your own data center. The Task Runner on the on-premises server is started {runner} minutes after the pipeline is activated. When does the export run?",
        choices: &[
            Choice { label: "When the Task Runner starts polling the worker group: until then the task waits in WAITING_FOR_RUNNER", act: None, holds: |o, p| o.get("start") >= p.get("runner") },
            Choice { label: "At once, on an EC2 instance Data Pipeline launches in the worker group", act: None, holds: |o, p| o.get("start") >= 0 && o.get("start") < p.get("runner") },
            Choice { label: "Never: Data Pipeline can only work with data stored in AWS", act: None, holds: |o, _| o.get("start") < 0 },
        ],
        setup: |p| {
            let mut s = Script::new();
            s.push(create_bucket("lab"));
            let objects = vec![
                object("Default", &[("scheduleType", "ondemand"), ("pipelineLogUri", "s3://lab/logs/")]),
                object("Export", &[("type", "ShellCommandActivity"), ("command", "echo 42 rows > s3://lab/onprem/export.csv"), ("workerGroup", "datacenter")]),
            ];
            s.push(run("onprem", objects));
            s.at(p.get("runner") as u64 * MIN).push(PipelineCommand::SetTaskRunner { worker_group: "datacenter".into(), running: true });
            s.finish()
        },
        fork_at: 0,
        run_ms: |_| 60 * MIN,
        observe: |w, _| {
            let mut o = Observation::default();
            let start = first_instance(w, "Export").and_then(|i| i.attempts.first().map(|a| minutes(&a.started))).unwrap_or(-1);
            o.text("start", "The export started (minutes after activation)", start, if start < 0 { "never".into() } else { format!("{start} min") });
            o
        },
        why: "Data Pipeline moves and processes data between AWS stores and on-premises sources at intervals. For on-premises work you install Task Runner (TaskRunner-1.0.jar) on your own server with --workerGroup; activities that name that workerGroup instead of runsOn wait in WAITING_FOR_RUNNER until a runner polls for them (PollForTask), then it runs them and reports back (SetTaskStatus).",
    },
    Question {
        id: "pipeline-vs-stream",
        title: "Batch or stream?",
        covers: &["S32", "S33"],
        exams: BOTH,
        view: "console",
        params: |d| vec![("m", d.pick(&[10, 25, 40]))],
        prompt: "An hourly pipeline (cron schedule, on an Ec2Resource) copies s3://raw/in/ to s3://lab/out/. A click event lands in s3://raw/in/ at 00:{=m}. How long until a copy of it is in s3://lab/out/?",
        choices: &[
            Choice { label: "A second or so, as a Kinesis stream's consumer would see a record", act: None, holds: |o, _| (0..=1).contains(&o.get("latency")) },
            Choice { label: "Most of an hour: it waits for the next period's run, which also boots its resource first. For continuous data, use a stream", act: None, holds: |o, _| o.get("latency") >= 15 },
            Choice { label: "Never: a pipeline copies only what was there when it was activated", act: None, holds: |o, _| o.get("latency") < 0 },
        ],
        setup: |p| {
            let mut s = Script::new();
            s.push(create_bucket("raw")).push(create_bucket("lab")).push(put("raw", "in/baseline.csv", "0\n"));
            s.push(run("hourly", copy_definition("1 hour", &[])));
            s.at(p.get("m") as u64 * MIN).push(put("raw", "in/click.json", "{\"page\":\"/\"}\n"));
            s.finish()
        },
        fork_at: 0,
        run_ms: |_| 3 * 60 * MIN,
        observe: |w, p| {
            let mut o = Observation::default();
            let m = p.get("m");
            let landed = w
                .view()
                .pipeline()
                .pipeline_ids()
                .first()
                .and_then(|id| w.view().pipeline().pipeline(id))
                .into_iter()
                .flat_map(|v| v.instances)
                .filter(|i| i.component == "DailyCopy" && i.status == "FINISHED")
                .filter_map(|i| i.attempts.last().and_then(|a| a.ended.as_deref().map(minutes)).filter(|_| i.attempts.last().is_some_and(|a| minutes(&a.started) >= m)))
                .min();
            let latency = landed.map_or(-1, |t| t - m);
            o.text("latency", "Minutes until the event was copied", latency, if latency < 0 { "never".into() } else { format!("{latency} min") });
            o
        },
        why: "Data Pipeline is for batch ETL: it runs its activities per scheduled period (at the start of each period for cron, at the end for time series), so new data waits for the next run, and each run may first boot its resource. Data that must be processed as it arrives belongs in a stream: Kinesis Data Streams delivers a record to its consumers within about a second, and Firehose delivers batches within its buffer interval.",
    },
];

pub(crate) fn put(bucket: &str, key: &str, body: &str) -> Command {
    S3Command::PutObject { bucket: bucket.into(), key: key.into(), body: body.into() }.into()
}

/// `{"id", "name", "fields"}` from `(key, value)` pairs; a value `@X` is a reference to X.
pub(crate) fn object(id: &str, fields: &[(&str, &str)]) -> Value {
    let fields: Vec<Value> = fields
        .iter()
        .map(|(k, v)| match v.strip_prefix('@') {
            Some(r) => json!({"key": k, "refValue": r}),
            None => json!({"key": k, "stringValue": v}),
        })
        .collect();
    json!({"id": id, "name": id, "fields": fields})
}

fn default_object() -> Value {
    object(
        "Default",
        &[
            ("scheduleType", "cron"),
            ("failureAndRerunMode", "CASCADE"),
            ("pipelineLogUri", "s3://lab/logs/"),
            ("role", "DataPipelineDefaultRole"),
            ("resourceRole", "DataPipelineDefaultResourceRole"),
            ("schedule", "@Daily"),
        ],
    )
}

/// A copy of s3://raw/in/ into s3://lab/out/<period>/ every `period` from midnight, on an
/// Ec2Resource; `extra` objects are preconditions of the input node.
pub(crate) fn copy_definition(period: &str, extra: &[Value]) -> Vec<Value> {
    let occurrences = if period == "1 day" { "1" } else { "3" };
    let mut raw = vec![("type", "S3DataNode"), ("directoryPath", "s3://raw/in/")];
    let refs: Vec<String> =
        extra.iter().filter_map(|o| o["id"].as_str().map(|id| format!("@{id}"))).collect();
    for r in &refs {
        raw.push(("precondition", r.as_str()));
    }
    let mut objects = vec![
        default_object(),
        object(
            "Daily",
            &[
                ("type", "Schedule"),
                ("period", period),
                ("startDateTime", "2026-01-01T00:00:00"),
                ("occurrences", occurrences),
            ],
        ),
        object("Raw", &raw),
        object(
            "Copied",
            &[
                ("type", "S3DataNode"),
                ("directoryPath", "s3://lab/out/#{format(@scheduledStartTime,'YYYY-MM-dd-HH')}/"),
            ],
        ),
        object("Worker", &[("type", "Ec2Resource"), ("terminateAfter", "2 hours")]),
        object(
            "DailyCopy",
            &[
                ("type", "CopyActivity"),
                ("input", "@Raw"),
                ("output", "@Copied"),
                ("runsOn", "@Worker"),
                ("maximumRetries", "2"),
                ("retryDelay", "10 minutes"),
            ],
        ),
    ];
    objects.extend(extra.iter().cloned());
    objects
}

pub(crate) fn run(name: &str, objects: Vec<Value>) -> Command {
    PipelineCommand::RunDefinition { name: name.into(), objects: Value::Array(objects).to_string() }
        .into()
}

/// The first instance of a component in the (only) pipeline.
fn first_instance(w: &World, component: &str) -> Option<engine::pipeline::InstanceView> {
    let view = w.view().pipeline();
    let id = view.pipeline_ids().into_iter().next()?;
    view.instances_of(&id, component).into_iter().next()
}

/// Minutes after the world's start of a `YYYY-MM-DDTHH:MM:SS` time.
fn minutes(t: &str) -> i64 {
    parse_datetime(t).map_or(-1, |ms| (ms - DEFAULT_EPOCH_MS) / MIN as i64)
}
