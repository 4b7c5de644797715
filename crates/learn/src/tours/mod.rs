//! Guided tours: captions over a running scenario, one step at a time. A step may do something
//! (start a producer) and either waits for Next or for something to happen in the simulation
//! ("until the first throttle"). Going back restores the exact state the earlier step showed
//! (the page rewinds the World to it, forgetting what came after).

use engine::firehose::Event as FirehoseEvent;
use engine::firehose::FlushReason;
use engine::kinesis::{Event as KinesisEvent, KeyDistribution};
use engine::pipeline::PipelineCommand;
use engine::scenario::Speed;
use engine::sim::SimTime;
use engine::{Command, CommandRecord, Event, World, WorldConfig};

use crate::commands::{
    clickstream_to_s3, create_application, create_bucket, create_stream, example_code, producer,
    start_application, stop_producer, ticker_feed,
};
use crate::observe::scan;
use crate::questions::{emr, pipeline};
use crate::script::Script;
mod snowball;

pub struct Tour {
    /// URL-safe: `#/streams?tour=hot-key`.
    pub id: &'static str,
    pub title: &'static str,
    pub view: &'static str,
    pub covers: &'static [&'static str],
    /// What is there before the first caption.
    pub start: fn() -> Vec<CommandRecord>,
    /// The virtual time the first caption shows (the start has settled: streams are ACTIVE).
    pub opens_at: SimTime,
    /// How fast the tour plays while a step waits: 1x for streams, where seconds matter; faster
    /// where the thing to wait for takes minutes (a cluster boots, a retry waits 10 minutes).
    pub speed: Speed,
    pub steps: &'static [Step],
}

pub struct Step {
    pub caption: &'static str,
    /// What the step does as it begins.
    pub act: Option<fn() -> Vec<Command>>,
    /// What moves the tour on.
    pub until: Until,
}

/// What moves a tour from a step to the next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Until {
    /// The learner presses Next.
    Next,
    /// The simulation plays until this happens; then the tour moves on by itself.
    Event(Gate),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    /// A write to the stream is refused (ProvisionedThroughputExceeded).
    FirstThrottle { stream: &'static str },
    /// The delivery stream flushes its buffer (for this reason, or any).
    Flush { delivery_stream: &'static str, by_size: Option<bool> },
    /// The application closes a window and emits it.
    WindowClosed { app: &'static str },
    /// This much virtual time passes.
    Elapsed { ms: SimTime },
    /// Every step of the EMR cluster with this name has COMPLETED.
    EmrStepsCompleted { cluster: &'static str },
    /// The EMR cluster with this name has terminated.
    EmrClusterTerminated { cluster: &'static str },
    /// An instance of this pipeline component has had an attempt end FAILED.
    PipelineAttemptFailed { component: &'static str },
    /// An instance of this pipeline component has reached this status (AWS's name).
    PipelineStatus { component: &'static str, status: &'static str },
    /// The newest Snowball job has reached this state (AWS's name: `WithCustomer`).
    SnowballJobState { state: &'static str },
}

impl Gate {
    /// What the caption's footer says while waiting.
    pub fn waiting_for(&self) -> String {
        match self {
            Gate::FirstThrottle { stream } => format!("Playing until {stream} refuses a write…"),
            Gate::Flush { delivery_stream, by_size: Some(true) } => {
                format!("Playing until {delivery_stream} flushes by size…")
            }
            Gate::Flush { delivery_stream, .. } => {
                format!("Playing until {delivery_stream} flushes its buffer…")
            }
            Gate::WindowClosed { app } => format!("Playing until {app} closes a window…"),
            Gate::Elapsed { ms } => format!("Playing for {} seconds…", ms / 1000),
            Gate::EmrStepsCompleted { cluster } => {
                format!("Playing until every step of {cluster} has completed…")
            }
            Gate::EmrClusterTerminated { cluster } => {
                format!("Playing until {cluster} terminates…")
            }
            Gate::PipelineAttemptFailed { component } => {
                format!("Playing until an attempt of {component} fails…")
            }
            Gate::PipelineStatus { component, status } => {
                format!("Playing until {component} is {status}…")
            }
            Gate::SnowballJobState { state } => format!("Playing until the job is {state}…"),
        }
    }

    /// Whether it happened after `since` (the virtual time the step began).
    pub fn happened(&self, world: &World, since: SimTime) -> bool {
        let mut seen = false;
        match *self {
            Gate::Elapsed { ms } => return world.now() >= since + ms,
            // States, not events: a cluster or an instance is looked at as it is now.
            Gate::EmrStepsCompleted { cluster } => {
                return emr_cluster(world, cluster).is_some_and(|c| {
                    !c.steps.is_empty() && c.steps.iter().all(|s| s.state == "COMPLETED")
                })
            }
            Gate::EmrClusterTerminated { cluster } => {
                return emr_cluster(world, cluster)
                    .is_some_and(|c| c.state.starts_with("TERMINATED"))
            }
            Gate::PipelineAttemptFailed { component } => {
                return pipeline_instances(world, component)
                    .iter()
                    .any(|i| i.attempts.iter().any(|a| a.status == "FAILED"))
            }
            Gate::PipelineStatus { component, status } => {
                return pipeline_instances(world, component).iter().any(|i| i.status == status)
            }
            Gate::SnowballJobState { state } => {
                return world
                    .view()
                    .snowball()
                    .jobs()
                    .last()
                    .is_some_and(|j| j.state.as_str() == state)
            }
            Gate::WindowClosed { app } => {
                return world
                    .view()
                    .analytics()
                    .window_timeline(app)
                    .emitted
                    .iter()
                    .any(|w| w.emitted_at >= world.config().epoch_ms + since as i64)
            }
            Gate::FirstThrottle { stream } => scan(world, since, world.now() + 1, |e| {
                if let Event::Kinesis(KinesisEvent::Throttled { stream: s, operation, .. }) =
                    &e.event
                {
                    seen |= s == stream && operation.starts_with("PutRecord");
                }
            }),
            Gate::Flush { delivery_stream, by_size } => scan(world, since, world.now() + 1, |e| {
                if let Event::Firehose(FirehoseEvent::BufferFlushed { stream, reason, .. }) =
                    &e.event
                {
                    let kind = by_size.is_none_or(|s| s == (*reason == FlushReason::Size));
                    seen |= stream == delivery_stream && kind;
                }
            }),
        }
        seen
    }
}

/// The newest EMR cluster with this name.
fn emr_cluster(world: &World, name: &str) -> Option<engine::emr::ClusterView> {
    let emr = world.view().emr();
    let id = emr.clusters().into_iter().find(|c| c.name == name)?.id;
    emr.cluster(&id)
}

/// The instances of a component, in every pipeline.
fn pipeline_instances(world: &World, component: &str) -> Vec<engine::pipeline::InstanceView> {
    let view = world.view().pipeline();
    view.pipeline_ids().iter().flat_map(|id| view.instances_of(id, component)).collect()
}

impl Tour {
    pub fn open(&self) -> World {
        World::load(WorldConfig::with_seed(1), (self.start)(), self.opens_at)
    }

    /// The scenario the tour opens with.
    pub fn scenario(&self) -> engine::scenario::Scenario {
        engine::scenario::Scenario {
            now: self.opens_at,
            commands: (self.start)(),
            view: self.view.to_string(),
            speed: self.speed,
            ..engine::scenario::Scenario::new(1)
        }
    }
}

pub fn all() -> &'static [Tour] {
    TOURS
}

pub fn find(id: &str) -> Option<&'static Tour> {
    TOURS.iter().find(|t| t.id == id)
}

const STREAM: &str = "orders";

pub const TOURS: &[Tour] = &[
    Tour {
        id: "hot-key",
        title: "A hot partition key, step by step",
        view: "streams",
        covers: &["S1", "S7", "S9"],
        start: || {
            let mut s = Script::new();
            s.push(create_stream(STREAM, 2));
            s.finish()
        },
        opens_at: 1_000,
        speed: Speed::Times(1.0),
        steps: &[
            Step {
                caption: "This is a Kinesis data stream with 2 shards. Each lane is a shard; each takes up to 1,000 records/s (or 1 MiB/s) of writes.",
                act: None,
                until: Until::Next,
            },
            Step {
                caption: "A producer starts writing 1,500 records/s, 80% of them with the partition key key-0. Watch the lane that holds key-0.",
                act: Some(|| vec![producer("producer-1", STREAM, 1_500, 200, KeyDistribution::HotKey { keys: 100, hot_percent: 80 })]),
                until: Until::Event(Gate::FirstThrottle { stream: STREAM }),
            },
            Step {
                caption: "There: that shard refused writes with ProvisionedThroughputExceeded. key-0 alone brings it 1,200 records/s, and every record of one key hashes to the same shard.",
                act: None,
                until: Until::Next,
            },
            Step {
                caption: "More shards would not split one key. Spread the records over 100 partition keys instead, and watch the throttle count.",
                act: Some(|| vec![stop_producer("producer-1"), producer("producer-2", STREAM, 1_500, 200, KeyDistribution::Uniform { keys: 100 })]),
                until: Until::Event(Gate::Elapsed { ms: 10_000 }),
            },
            Step {
                caption: "Both shards now take about 750 records/s each and nothing is refused: the throttle count has stopped.",
                act: None,
                until: Until::Next,
            },
        ],
    },
    Tour {
        id: "buffering",
        title: "How Firehose buffers",
        view: "firehose",
        covers: &["S4", "S5", "S6"],
        start: || clickstream_to_s3(1, 60).finish(),
        opens_at: 2_000,
        speed: Speed::Times(1.0),
        steps: &[
            Step {
                caption: "The delivery stream to-s3 reads the Kinesis stream clickstream and buffers records until 1 MiB or 60 seconds, whichever comes first.",
                act: None,
                until: Until::Next,
            },
            Step {
                caption: "A producer writes 20 records/s of 200 bytes: 4 KB/s. The buffer fills slowly; watch its countdown.",
                act: Some(|| vec![producer("producer-1", "clickstream", 20, 200, KeyDistribution::Uniform { keys: 20 })]),
                until: Until::Event(Gate::Flush { delivery_stream: "to-s3", by_size: None }),
            },
            Step {
                caption: "The interval came first: after 60 seconds one small object landed in S3, holding every record that waited.",
                act: None,
                until: Until::Next,
            },
            Step {
                caption: "Now the producer writes 1,000 records/s of 1,000 bytes: 1 MB/s. The buffer reaches 1 MiB in about a second.",
                act: Some(|| vec![producer("producer-1", "clickstream", 1_000, 1_000, KeyDistribution::Uniform { keys: 20 })]),
                until: Until::Event(Gate::Flush { delivery_stream: "to-s3", by_size: Some(true) }),
            },
            Step {
                caption: "Size came first this time: objects of about 1 MiB, one every second or so. Firehose flushes on whichever hint is reached first.",
                act: None,
                until: Until::Next,
            },
        ],
    },
    Tour {
        id: "tumbling-window",
        title: "A tumbling window closes",
        view: "analytics",
        covers: &["S11"],
        start: || {
            let mut s = Script::new();
            s.push(create_stream("ticker-stream", 1));
            s.push(create_stream("ticker-results", 1));
            s.at(1_000).push(ticker_feed("ticker-feed", "ticker-stream", 20, 5));
            s.push(create_application("ticker-analytics", &example_code("tumbling"), "ticker-stream", "ticker-results"));
            s.push(start_application("ticker-analytics"));
            s.finish()
        },
        opens_at: 2_000,
        speed: Speed::Times(1.0),
        steps: &[
            Step {
                caption: "A ticker feed writes 20 rows/s over 5 symbols. The application counts rows per ticker in tumbling windows of 10 seconds.",
                act: None,
                until: Until::Next,
            },
            Step {
                caption: "Rows gather in the open window. Nothing comes out until ROWTIME passes the window's end.",
                act: None,
                until: Until::Event(Gate::WindowClosed { app: "ticker-analytics" }),
            },
            Step {
                caption: "The window closed: one row per ticker came out at once, and the next window has begun.",
                act: None,
                until: Until::Next,
            },
        ],
    },
    Tour {
        id: "data-path",
        title: "One record's way: producer, stream, Firehose, S3",
        view: "overview",
        covers: &["S1", "S4", "S5"],
        start: || clickstream_to_s3(1, 60).finish(),
        opens_at: 2_000,
        speed: Speed::Times(5.0),
        steps: &[
            Step {
                caption: "The whole path on one map: a Kinesis data stream, clickstream, feeds a Firehose delivery stream, to-s3, which writes into the bucket clickstream-archive. Nothing flows yet.",
                act: None,
                until: Until::Next,
            },
            Step {
                caption: "A producer starts writing 200 records/s into the stream. Watch the dots: records travel from the producer to the stream at once, then wait in Firehose's buffer…",
                act: Some(|| vec![producer("producer-1", "clickstream", 200, 200, KeyDistribution::Uniform { keys: 20 })]),
                until: Until::Event(Gate::Flush { delivery_stream: "to-s3", by_size: None }),
            },
            Step {
                caption: "…until the buffer flushes (60 s or 1 MiB, whichever comes first): one object lands in S3 holding every record that waited. A stream hands records on within about a second; Firehose delivers in batches, near real time.",
                act: None,
                until: Until::Next,
            },
        ],
    },
    Tour {
        id: "s3-deliveries",
        title: "Where Firehose puts its objects",
        view: "s3",
        covers: &["S5", "S6"],
        start: || {
            let mut s = clickstream_to_s3(1, 60);
            s.at(1_500).push(producer("producer-1", "clickstream", 100, 200, KeyDistribution::Uniform { keys: 20 }));
            s.finish()
        },
        opens_at: 2_000,
        speed: Speed::Times(10.0),
        steps: &[
            Step {
                caption: "The bucket clickstream-archive is empty. A delivery stream, to-s3, is buffering 100 records/s from the stream clickstream; its only configuration is the bucket and its buffering hints.",
                act: None,
                until: Until::Next,
            },
            Step {
                caption: "Waiting for the first delivery…",
                act: None,
                until: Until::Event(Gate::Flush { delivery_stream: "to-s3", by_size: None }),
            },
            Step {
                caption: "The first object: under a YYYY/MM/DD/HH/ prefix (UTC, the hour it was written), named after the delivery stream, the version, the time and a random id. Open it: the records of one buffer, one after another. Each flush adds one more object, an hour's prefix at a time.",
                act: None,
                until: Until::Next,
            },
        ],
    },
    Tour {
        id: "hdfs-vs-emrfs",
        title: "What a transient cluster leaves behind",
        view: "emr",
        covers: &["S16", "S18", "S20", "S21", "S24", "S25"],
        start: || {
            let mut s = Script::new();
            s.push(create_bucket(emr::BUCKET));
            let cluster = emr::Cluster { core_type: "i3.xlarge", ..emr::Cluster::default() };
            s.push(emr::run_job_flow(
                &cluster,
                &[
                    emr::copy_step(emr::SAMPLE_INPUT, "/data"),
                    emr::word_count_step("hdfs:///output/wordcount"),
                    emr::word_count_step(&format!("s3://{}/wordcount/", emr::BUCKET)),
                ],
            ));
            s.finish()
        },
        opens_at: 1_000,
        speed: Speed::Times(100.0),
        steps: &[
            Step {
                caption: "A transient cluster, lab: one primary and two core nodes on i3.xlarge, whose HDFS lives on the nodes' own instance-store disks. It has three steps: copy the input into HDFS (/data), count its words into HDFS (/output/wordcount), and count them again into S3 through EMRFS (s3://lab-results/wordcount/).",
                act: None,
                until: Until::Next,
            },
            Step {
                caption: "The cluster starts, bootstraps, then runs the steps one after another. Watch HDFS blocks fill the core nodes' disks, each block on two nodes.",
                act: None,
                until: Until::Event(Gate::EmrStepsCompleted { cluster: emr::CLUSTER }),
            },
            Step {
                caption: "Every step COMPLETED. HDFS holds /data and /output/wordcount, in replicated blocks on the core nodes; s3://lab-results/wordcount/ holds the same counts outside the cluster. The cluster has no steps left, and it is transient…",
                act: None,
                until: Until::Event(Gate::EmrClusterTerminated { cluster: emr::CLUSTER }),
            },
            Step {
                caption: "It terminated by itself (KeepJobFlowAliveWhenNoSteps false), so it costs nothing now. Every HDFS block went with the nodes' disks: /data and /output are gone. The S3 output, written through EMRFS, is still there for the next cluster to read.",
                act: None,
                until: Until::Next,
            },
        ],
    },
    Tour {
        id: "pipeline-retry",
        title: "A pipeline retries a failed copy",
        view: "pipeline",
        covers: &["S34", "S36", "S37", "S39"],
        start: || {
            let mut s = Script::new();
            s.push(create_bucket("raw")).push(create_bucket("lab"));
            s.push(pipeline::put("raw", "in/orders.csv", "1,apple\n2,pear\n"));
            s.push(pipeline::run("daily-copy", pipeline::copy_definition("1 day", &[])));
            s.push(PipelineCommand::FailActivity {
                pipeline_id: "daily-copy".into(),
                object_id: "DailyCopy".into(),
                times: 1,
            });
            s.finish()
        },
        opens_at: 1_000,
        speed: Speed::Times(100.0),
        steps: &[
            Step {
                caption: "A pipeline, daily-copy, copies s3://raw/in/ to s3://lab/out/ once a day with a CopyActivity on an Ec2Resource (maximumRetries 2, retryDelay 10 minutes). The sandbox will make the copy's first attempt fail, as a flaky source would.",
                act: None,
                until: Until::Next,
            },
            Step {
                caption: "Activated: the schedule creates the day's instances. The Ec2Resource boots first (the activity waits for it), then the copy's first attempt runs on it…",
                act: None,
                until: Until::Event(Gate::PipelineAttemptFailed { component: "DailyCopy" }),
            },
            Step {
                caption: "The attempt FAILED. The instance still has tries left, so Data Pipeline waits retryDelay (10 minutes) and tries again, on the same resource.",
                act: None,
                until: Until::Event(Gate::PipelineStatus { component: "DailyCopy", status: "FINISHED" }),
            },
            Step {
                caption: "The second attempt FINISHED: the file is in s3://lab/out/, under the day's prefix. A failed activity is retried automatically; only when every retry is spent does the instance end FAILED and its onFail alarm fire.",
                act: None,
                until: Until::Next,
            },
        ],
    },
    Tour {
        id: "snowball-import",
        title: "A Snowball import, door to door",
        view: "transfer",
        covers: &["S40", "S41", "S43", "S44", "S47", "S48", "S49"],
        start: snowball::start,
        opens_at: snowball::OPENS_AT,
        // Days pass between the steps: the tour plays as fast as the page can.
        speed: Speed::Max,
        steps: &[
            Step {
                caption: "An IMPORT job for a classic 80 TB Snowball, ordered with CreateJob, its data bound for s3://snow-landing. AWS prepares the appliance and ships it to the address on the job; each state follows on the virtual clock.",
                act: None,
                until: Until::Next,
            },
            Step {
                caption: "Days pass: PreparingAppliance, PreparingShipment, InTransitToCustomer…",
                act: None,
                until: Until::Event(Gate::SnowballJobState { state: "WithCustomer" }),
            },
            Step {
                caption: "It is in your data centre (WithCustomer). To use it you need two things AWS keeps apart: the job's manifest (GetJobManifest) and its 29-character unlock code (GetJobUnlockCode). Next: unlock it and copy four files onto it.",
                act: None,
                until: Until::Next,
            },
            Step {
                caption: "Unlocked, and copying at the source. Every file is encrypted with AES-256-GCM on its way onto the appliance, under a key KMS protects: the device on the truck holds only ciphertext.",
                act: Some(snowball::unlock_and_copy),
                until: Until::Event(Gate::Elapsed { ms: 60_000 }),
            },
            Step {
                caption: "Shipped back: InTransitToAWS, WithAWSSortingFacility, WithAWS, then InProgress while AWS copies the data into S3 at the destination…",
                act: Some(snowball::ship_back),
                until: Until::Event(Gate::SnowballJobState { state: "Complete" }),
            },
            Step {
                caption: "Complete: the four files are objects under s3://snow-landing/sensors/. They never crossed the internet: copied at the source, shipped, copied at the destination. AWS then erases the appliance before it serves anyone else.",
                act: None,
                until: Until::Next,
            },
        ],
    },
];
