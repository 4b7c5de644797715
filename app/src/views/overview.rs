//! The overview map: every service of the data path and the paths between them. Dots move
//! along a path when the event log shows data crossing it; a service pulses when a command
//! reaches it. Services the sandbox does not simulate yet are dimmed, with what the study
//! notes say about them.

use engine::{Event, EventRecord};
use leptos::prelude::*;

use crate::driver::{perf_now, Sim};
use crate::log_fold::use_log_fold;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Node {
    Producers,
    Streams,
    Consumers,
    Analytics,
    Firehose,
    S3,
    Redshift,
    OpenSearch,
    Emr,
    Pipeline,
    OnPremises,
    Snowball,
}

struct NodeInfo {
    node: Node,
    label: &'static str,
    /// One line from the study notes.
    blurb: &'static str,
    x: f64,
    y: f64,
    /// Simulated by this build of the engine.
    live: bool,
}

const W: f64 = 214.0;
const H: f64 = 60.0;

const NODES: &[NodeInfo] = &[
    NodeInfo {
        node: Node::Producers,
        label: "Producers",
        blurb: "Apps and devices sending records",
        x: 122.0,
        y: 150.0,
        live: true,
    },
    NodeInfo {
        node: Node::Streams,
        label: "Kinesis Data Streams",
        blurb: "Collect and process data records in real time",
        x: 372.0,
        y: 150.0,
        live: true,
    },
    NodeInfo {
        node: Node::Consumers,
        label: "Consumer apps (KCL)",
        blurb: "Read from the shards and run the Streams app",
        x: 632.0,
        y: 50.0,
        live: true,
    },
    NodeInfo {
        node: Node::Analytics,
        label: "Kinesis Data Analytics",
        blurb: "Analyse streaming data in real time with SQL",
        x: 632.0,
        y: 170.0,
        live: true,
    },
    NodeInfo {
        node: Node::Firehose,
        label: "Kinesis Data Firehose",
        blurb: "Load streaming data into S3, Redshift, OpenSearch",
        x: 632.0,
        y: 300.0,
        live: true,
    },
    NodeInfo {
        node: Node::Redshift,
        label: "Amazon Redshift",
        blurb: "Warehouse: Firehose stages to S3, then COPY",
        x: 892.0,
        y: 170.0,
        live: false,
    },
    NodeInfo {
        node: Node::S3,
        label: "Amazon S3",
        blurb: "Object store behind Firehose, EMRFS, Snowball",
        x: 892.0,
        y: 300.0,
        live: true,
    },
    NodeInfo {
        node: Node::OpenSearch,
        label: "Amazon OpenSearch",
        blurb: "Search index fed by Firehose",
        x: 892.0,
        y: 430.0,
        live: false,
    },
    NodeInfo {
        node: Node::Emr,
        label: "Amazon EMR",
        blurb: "Managed, on-demand Hadoop: HDFS and EMRFS",
        x: 1142.0,
        y: 300.0,
        live: false,
    },
    NodeInfo {
        node: Node::Pipeline,
        label: "AWS Data Pipeline",
        blurb: "Batch ETL between stores, at intervals",
        x: 1142.0,
        y: 470.0,
        live: false,
    },
    NodeInfo {
        node: Node::OnPremises,
        label: "On-premises",
        blurb: "Your data center",
        x: 372.0,
        y: 470.0,
        live: false,
    },
    NodeInfo {
        node: Node::Snowball,
        label: "Snowball / Disk",
        blurb: "Ship data on appliances, bypassing the internet",
        x: 632.0,
        y: 470.0,
        live: false,
    },
];

/// The paths data takes, drawn whether or not anything flows yet.
const PATHS: &[(Node, Node)] = &[
    (Node::Producers, Node::Streams),
    (Node::Producers, Node::Firehose),
    (Node::Streams, Node::Consumers),
    (Node::Streams, Node::Analytics),
    (Node::Streams, Node::Firehose),
    (Node::Analytics, Node::Firehose),
    (Node::Analytics, Node::Streams),
    (Node::Firehose, Node::Redshift),
    (Node::Firehose, Node::S3),
    (Node::Firehose, Node::OpenSearch),
    (Node::S3, Node::Emr),
    (Node::Pipeline, Node::S3),
    (Node::Pipeline, Node::Emr),
    (Node::OnPremises, Node::Snowball),
    (Node::Snowball, Node::S3),
    (Node::OnPremises, Node::Pipeline),
];

/// How long a dot takes to cross a path, in real milliseconds (readable at any speed).
const FLIGHT_MS: f64 = 900.0;
/// Most dots on screen at once; beyond it, new batches replace the oldest.
const MAX_FLIGHTS: usize = 120;

fn info(node: Node) -> &'static NodeInfo {
    NODES.iter().find(|n| n.node == node).unwrap_or(&NODES[0])
}

/// The paths an event's data travels along.
fn flows(event: &Event) -> Vec<(Node, Node)> {
    use engine::kinesis::Event as K;
    match event {
        Event::Kinesis(K::RecordsPut { .. }) => vec![(Node::Producers, Node::Streams)],
        Event::Kinesis(K::RecordsRead { reader, .. }) if reader.starts_with("firehose/") => {
            vec![(Node::Streams, Node::Firehose)]
        }
        Event::Kinesis(K::RecordsRead { .. }) => vec![(Node::Streams, Node::Consumers)],
        Event::Firehose(engine::firehose::Event::RecordsBuffered { source, .. })
            if source.starts_with("Put") =>
        {
            vec![(Node::Producers, Node::Firehose)]
        }
        // Delivered, not merely flushed: a failed write is retried and lands later.
        Event::S3(engine::s3::Event::ObjectWritten { .. }) => vec![(Node::Firehose, Node::S3)],
        // An application reads its input stream and writes its results on.
        Event::Analytics(engine::analytics::Event::RowsIngested { .. }) => {
            vec![(Node::Streams, Node::Analytics)]
        }
        Event::Analytics(engine::analytics::Event::RecordsDelivered { destination, .. }) => {
            if destination.starts_with("firehose:") {
                vec![(Node::Analytics, Node::Firehose)]
            } else {
                vec![(Node::Analytics, Node::Streams)]
            }
        }
        _ => Vec::new(),
    }
}

/// The service a command addressed, for the pulse.
fn target_node(action_target: &str) -> Option<Node> {
    let service = action_target.split('_').next().unwrap_or_default();
    match service {
        "Kinesis" => Some(Node::Streams),
        "Firehose" => Some(Node::Firehose),
        "KinesisAnalytics" => Some(Node::Analytics),
        _ => None,
    }
}

/// A one-line account of an event for the activity list.
fn describe(record: &EventRecord) -> String {
    match &record.event {
        Event::World(engine::sim::WorldEvent::Started { seed }) => {
            format!("The world started with seed {seed}.")
        }
        Event::World(engine::sim::WorldEvent::CommandApplied { action, error, .. }) => {
            match error {
                None => format!("{action} succeeded."),
                Some(code) => format!("{action} failed: {code}."),
            }
        }
        Event::Kinesis(k) => describe_kinesis(k),
        Event::Firehose(engine::firehose::Event::BufferFlushed {
            stream,
            reason,
            records,
            key,
            ..
        }) => {
            format!(
                "{stream}: buffer flushed ({}), {records} records to {key}.",
                variant_name(reason)
            )
        }
        // Services without their own wording yet are named by the event's kind.
        other => kind_of(other),
    }
}

fn describe_kinesis(event: &engine::kinesis::Event) -> String {
    use engine::kinesis::Event as K;
    match event {
        K::RecordsPut { stream, shard_id, count, bytes, .. } => {
            format!("{count} records ({bytes} bytes) landed on {shard_id} of {stream}.")
        }
        K::RecordsRead { shard_id, reader, count, .. } => {
            format!("{reader} read {count} records from {shard_id}.")
        }
        K::Throttled { shard_id, operation, records, .. } => {
            format!("{operation} throttled on {shard_id}: {records} records refused.")
        }
        K::StreamStatusChanged { stream, status } => format!("Stream {stream} is now {status}."),
        K::ShardSplit { parent, children, .. } => {
            format!("{parent} split into {}.", children.join(" and "))
        }
        K::ShardsMerged { parents, child, .. } => {
            format!("{} merged into {child}.", parents.join(" and "))
        }
        // Other events are named by their kind.
        other => format!("Kinesis: {}.", variant_name(other)),
    }
}

/// `{"Service": {"Kind": {...}}}` -> "Service: Kind."
fn kind_of(event: &Event) -> String {
    let value = serde_json::to_value(event).unwrap_or_default();
    let Some((service, inner)) = value.as_object().and_then(|o| o.iter().next()) else {
        return "Event.".into();
    };
    let kind = inner.as_object().and_then(|o| o.keys().next().cloned()).unwrap_or_default();
    format!("{service}: {kind}.")
}

/// The serde name of an enum value: its variant.
fn variant_name(value: &impl serde::Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| match v {
            serde_json::Value::String(s) => Some(s),
            serde_json::Value::Object(o) => o.keys().next().cloned(),
            _ => None,
        })
        .unwrap_or_default()
}

/// What the live services hold right now, for their one-line status on the map.
#[derive(Clone, Debug, Default, PartialEq)]
struct LiveStats {
    streams: usize,
    open_shards: u32,
    producers: usize,
    consumer_apps: usize,
    delivery_streams: usize,
    buckets: usize,
    objects: u64,
    analytics_apps: usize,
    analytics_running: usize,
}

fn live_line(node: Node, s: &LiveStats) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    match node {
        Node::Producers => plural(s.producers, "producer", "producers"),
        Node::Streams => format!(
            "{} · {}",
            plural(s.streams, "stream", "streams"),
            plural(s.open_shards as usize, "open shard", "open shards")
        ),
        Node::Consumers => plural(s.consumer_apps, "app", "apps"),
        Node::Firehose => plural(s.delivery_streams, "delivery stream", "delivery streams"),
        Node::Analytics => format!(
            "{} · {} running",
            plural(s.analytics_apps, "application", "applications"),
            s.analytics_running
        ),
        Node::S3 => format!(
            "{} · {}",
            plural(s.buckets, "bucket", "buckets"),
            plural(s.objects as usize, "object", "objects")
        ),
        _ => String::new(),
    }
}

#[derive(Clone, Debug, PartialEq)]
struct Flight {
    id: u64,
    from: Node,
    to: Node,
    started: f64,
}

#[component]
pub fn Overview() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let flights = RwSignal::new(Vec::<Flight>::new());
    let pulses = RwSignal::new(Vec::<(Node, f64)>::new());
    let activity = RwSignal::new(Vec::<(u64, String, String)>::new());
    let wall = RwSignal::new(perf_now());
    let next_id = StoredValue::new(0u64);
    let stats = Memo::new(move |_| {
        sim.version.track();
        sim.with_world(|w| {
            let k = &w.view().kinesis();
            let streams = k.streams();
            let apps = w.view().analytics().applications();
            LiveStats {
                streams: streams.len(),
                open_shards: streams.iter().map(|s| s.open_shards).sum(),
                producers: k.producers().len(),
                consumer_apps: k.kcl_apps().len()
                    + streams.iter().map(|s| s.consumers.len()).sum::<usize>(),
                delivery_streams: w.view().firehose().delivery_stream_names().len(),
                buckets: w.view().s3().buckets().len(),
                objects: w.view().s3().buckets().iter().map(|b| b.objects).sum(),
                analytics_apps: apps.len(),
                analytics_running: apps
                    .iter()
                    .filter(|a| a.status == engine::analytics::ApplicationStatus::Running)
                    .count(),
            }
        })
    });

    // Read new events whenever the world changes; turn them into dots and pulses. After a
    // load, a rewind or a new seed, start again from the recent past.
    use_log_fold(
        sim,
        || (),
        |total| total.saturating_sub(8),
        move |_, f| {
            let now = perf_now();
            wall.set(now);
            let mut new_flights = Vec::new();
            let mut new_pulses = Vec::new();
            let mut lines = Vec::new();
            let w = f.world;
            f.events(|r| {
                for (a, b) in flows(&r.event) {
                    let id = next_id.get_value();
                    next_id.set_value(id + 1);
                    new_flights.push(Flight { id, from: a, to: b, started: now });
                }
                if let Event::World(engine::sim::WorldEvent::CommandApplied { index, .. }) =
                    &r.event
                {
                    if let Some(c) = w.commands().get(*index as usize) {
                        if let engine::Command::Api { target, .. } = &c.command {
                            if let Some(n) = target_node(target) {
                                new_pulses.push((n, now));
                            }
                        }
                    }
                }
                lines.push((
                    r.seq,
                    engine::sim::format_iso(w.config().epoch_ms + r.at as i64),
                    describe(r),
                ));
            });
            flights.update(|f| {
                f.retain(|x| now - x.started < FLIGHT_MS);
                f.extend(new_flights);
                let excess = f.len().saturating_sub(MAX_FLIGHTS);
                f.drain(..excess);
            });
            pulses.update(|p| {
                p.retain(|x| now - x.1 < FLIGHT_MS);
                p.extend(new_pulses);
            });
            if !lines.is_empty() {
                activity.update(|a| {
                    a.extend(lines);
                    let excess = a.len().saturating_sub(8);
                    a.drain(..excess);
                });
            }
        },
    );

    let path_d = |a: Node, b: Node| {
        let (p, q) = (info(a), info(b));
        format!("M{:.1} {:.1} L{:.1} {:.1}", p.x, p.y, q.x, q.y)
    };

    view! {
        <section class="overview" aria-labelledby="overview-title">
            <h2 id="overview-title">"The data path"</h2>
            <p class="lede">
                "Every service of AWS's data path and the routes between them. Dots move when records really cross a route in the simulation; a service pulses when an API call reaches it. Dimmed services are coming to the sandbox."
            </p>
            <svg class="map" viewBox="0 0 1264 530" role="img" aria-label="Map of the data services">
                <g class="paths">
                    {PATHS
                        .iter()
                        .map(|&(a, b)| {
                            let live = info(a).live && info(b).live;
                            view! { <path class="route" class:live=live d=path_d(a, b) /> }
                        })
                        .collect_view()}
                </g>
                <g class="nodes">
                    {NODES
                        .iter()
                        .map(|n| {
                            let node = n.node;
                            let pulsing = move || pulses.with(|p| p.iter().any(|x| x.0 == node));
                            view! {
                                <g
                                    class="node"
                                    class:live=n.live
                                    class:dim=!n.live
                                    class:pulse=pulsing
                                    data-node=format!("{node:?}").to_lowercase()
                                >
                                    <title>{format!("{}: {}", n.label, n.blurb)}</title>
                                    <rect x=n.x - W / 2.0 y=n.y - H / 2.0 width=W height=H rx="10" />
                                    <text class="label" x=n.x y=n.y - 6.0>
                                        {n.label}
                                    </text>
                                    <text class="blurb" x=n.x y=n.y + 16.0>
                                        {move || {
                                            if n.live {
                                                live_line(node, &stats.get())
                                            } else {
                                                "coming soon".to_string()
                                            }
                                        }}
                                    </text>
                                </g>
                            }
                        })
                        .collect_view()}
                </g>
                <g class="flights">
                    <For each=move || flights.get() key=|f| f.id let:f>
                        {
                            let (p, q) = (info(f.from), info(f.to));
                            let t = move || ((wall.get() - f.started) / FLIGHT_MS).clamp(0.0, 1.0);
                            view! {
                                <circle
                                    class="dot"
                                    r="7"
                                    cx=move || p.x + (q.x - p.x) * t()
                                    cy=move || p.y + (q.y - p.y) * t()
                                />
                            }
                        }
                    </For>
                </g>
            </svg>
            <div class="legend">
                <h3>"What the study notes say"</h3>
                <ul class="blurbs">
                    {NODES
                        .iter()
                        .map(|n| view! { <li class:dim=!n.live><strong>{n.label}</strong>" — "{n.blurb}</li> })
                        .collect_view()}
                </ul>
            </div>
            <div class="activity" aria-live="polite">
                <h3>"Latest events"</h3>
                <ol>
                    <For each=move || activity.get() key=|a| a.0 let:a>
                        <li><time>{a.1.clone()}</time>" "{a.2.clone()}</li>
                    </For>
                </ol>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_lines_count_what_exists() {
        let s = LiveStats {
            streams: 1,
            open_shards: 3,
            producers: 2,
            consumer_apps: 1,
            delivery_streams: 1,
            buckets: 2,
            objects: 1,
            analytics_apps: 2,
            analytics_running: 1,
        };
        assert_eq!(live_line(Node::Analytics, &s), "2 applications · 1 running");
        assert_eq!(live_line(Node::Streams, &s), "1 stream · 3 open shards");
        assert_eq!(live_line(Node::Producers, &s), "2 producers");
        assert_eq!(live_line(Node::Consumers, &s), "1 app");
        assert_eq!(live_line(Node::S3, &s), "2 buckets · 1 object");
        assert_eq!(live_line(Node::Firehose, &s), "1 delivery stream");
        assert_eq!(live_line(Node::Emr, &s), "");
    }

    #[test]
    fn data_events_travel_their_routes() {
        let put = Event::Kinesis(engine::kinesis::Event::StreamDeleted { stream: "s".into() });
        assert!(flows(&put).is_empty());
        use engine::api::Call;
        let kinesis = Call::new(&engine::kinesis::wire::PutRecordInput::default()).target;
        let firehose = Call::new(&engine::firehose::wire::PutRecordInput::default()).target;
        assert_eq!(target_node(&kinesis), Some(Node::Streams));
        assert_eq!(target_node(&firehose), Some(Node::Firehose));
        assert_eq!(target_node("nonsense"), None);
    }
}
