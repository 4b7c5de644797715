//! Guided tours: captions over a running scenario, one step at a time. A step may do something
//! (start a producer) and either waits for Next or for something to happen in the simulation
//! ("until the first throttle"). Going back restores the exact state the earlier step showed
//! (the page rewinds the World to it, forgetting what came after).

use engine::firehose::Event as FirehoseEvent;
use engine::firehose::FlushReason;
use engine::kinesis::{Event as KinesisEvent, KeyDistribution};
use engine::sim::SimTime;
use engine::{Command, CommandRecord, Event, World, WorldConfig};

use crate::commands::{
    clickstream_to_s3, create_application, create_stream, example_code, producer,
    start_application, stop_producer, ticker_feed,
};
use crate::observe::scan;
use crate::script::Script;

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
        }
    }

    /// Whether it happened after `since` (the virtual time the step began).
    pub fn happened(&self, world: &World, since: SimTime) -> bool {
        let mut seen = false;
        match *self {
            Gate::Elapsed { ms } => return world.now() >= since + ms,
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
];
