//! The overview map: every service of the data path and the paths between them. Dots move
//! along a path when the event log shows data crossing it; a service pulses when a command
//! reaches it. Services the sandbox does not simulate yet are dimmed, with what the study
//! notes say about them.

mod describe;
mod map;

use engine::Event;
use leptos::prelude::*;

use crate::driver::{perf_now, Sim};
use crate::log_fold::use_log_fold;
use describe::{describe, live_line, LiveStats};
use map::{flows, info, target_node, Node, H, NODES, PATHS, W};

/// How long a dot takes to cross a path, in real milliseconds (readable at any speed).
const FLIGHT_MS: f64 = 900.0;
/// Most dots on screen at once; beyond it, new batches replace the oldest.
const MAX_FLIGHTS: usize = 120;
/// Lines in the activity list.
const ACTIVITY_LINES: usize = 8;

#[derive(Clone, Debug, PartialEq)]
struct Flight {
    id: u64,
    from: Node,
    to: Node,
    started: f64,
}

/// What moves on the map: dots on their routes, services pulsing, the latest events, and the
/// real time they are drawn at.
#[derive(Clone, Copy)]
struct Motion {
    flights: RwSignal<Vec<Flight>>,
    pulses: RwSignal<Vec<(Node, f64)>>,
    /// (log position, virtual time, what happened).
    activity: RwSignal<Vec<(u64, String, String)>>,
    wall: RwSignal<f64>,
    next_id: StoredValue<u64>,
}

impl Motion {
    fn new() -> Self {
        Motion {
            flights: RwSignal::new(Vec::new()),
            pulses: RwSignal::new(Vec::new()),
            activity: RwSignal::new(Vec::new()),
            wall: RwSignal::new(perf_now()),
            next_id: StoredValue::new(0),
        }
    }

    /// Adds what happened since the last frame; drops what has finished moving.
    fn add(
        &self,
        now: f64,
        new_flights: Vec<(Node, Node)>,
        new_pulses: Vec<Node>,
        lines: Vec<(u64, String, String)>,
    ) {
        self.wall.set(now);
        let flights: Vec<Flight> = new_flights
            .into_iter()
            .map(|(from, to)| {
                let id = self.next_id.get_value();
                self.next_id.set_value(id + 1);
                Flight { id, from, to, started: now }
            })
            .collect();
        self.flights.update(|f| {
            f.retain(|x| now - x.started < FLIGHT_MS);
            f.extend(flights);
            let excess = f.len().saturating_sub(MAX_FLIGHTS);
            f.drain(..excess);
        });
        self.pulses.update(|p| {
            p.retain(|x| now - x.1 < FLIGHT_MS);
            p.extend(new_pulses.into_iter().map(|n| (n, now)));
        });
        if !lines.is_empty() {
            self.activity.update(|a| {
                a.extend(lines);
                let excess = a.len().saturating_sub(ACTIVITY_LINES);
                a.drain(..excess);
            });
        }
    }
}

fn live_stats(sim: Sim) -> Memo<LiveStats> {
    Memo::new(move |_| {
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
    })
}

/// Reads new events whenever the world changes and turns them into dots and pulses. After a
/// load, a rewind or a new seed, it starts again from the recent past.
fn follow_the_log(sim: Sim, motion: Motion) {
    use_log_fold(
        sim,
        || (),
        |total| total.saturating_sub(ACTIVITY_LINES as u64),
        move |_, f| {
            let mut new_flights = Vec::new();
            let mut new_pulses = Vec::new();
            let mut lines = Vec::new();
            let w = f.world;
            f.events(|r| {
                new_flights.extend(flows(&r.event));
                if let Event::World(engine::sim::WorldEvent::CommandApplied { index, .. }) =
                    &r.event
                {
                    if let Some(c) = w.commands().get(*index as usize) {
                        if let engine::Command::Api { target, .. } = &c.command {
                            new_pulses.extend(target_node(target));
                        }
                    }
                }
                lines.push((
                    r.seq,
                    engine::sim::format_iso(w.config().epoch_ms + r.at as i64),
                    describe(r),
                ));
            });
            motion.add(perf_now(), new_flights, new_pulses, lines);
        },
    );
}

#[component]
pub fn Overview() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let motion = Motion::new();
    let stats = live_stats(sim);
    follow_the_log(sim, motion);
    view! {
        <section class="overview" aria-labelledby="overview-title">
            <h2 id="overview-title">"The data path"</h2>
            <p class="lede">
                "Every service of AWS's data path and the routes between them. Dots move when records really cross a route in the simulation; a service pulses when an API call reaches it. Dimmed services are coming to the sandbox."
            </p>
            <svg class="map" viewBox="0 0 1264 530" role="img" aria-label="Map of the data services">
                <Routes />
                <ServiceBoxes motion=motion stats=stats />
                <Flights motion=motion />
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
                    <For each=move || motion.activity.get() key=|a| a.0 let:a>
                        <li><time>{a.1.clone()}</time>" "{a.2.clone()}</li>
                    </For>
                </ol>
            </div>
        </section>
    }
}

#[component]
fn Routes() -> impl IntoView {
    let path_d = |a: Node, b: Node| {
        let (p, q) = (info(a), info(b));
        format!("M{:.1} {:.1} L{:.1} {:.1}", p.x, p.y, q.x, q.y)
    };
    view! {
        <g class="paths">
            {PATHS
                .iter()
                .map(|&(a, b)| {
                    let live = info(a).live && info(b).live;
                    view! { <path class="route" class:live=live d=path_d(a, b) /> }
                })
                .collect_view()}
        </g>
    }
}

#[component]
fn ServiceBoxes(motion: Motion, stats: Memo<LiveStats>) -> impl IntoView {
    view! {
        <g class="nodes">
            {NODES
                .iter()
                .map(|n| {
                    let node = n.node;
                    let pulsing = move || motion.pulses.with(|p| p.iter().any(|x| x.0 == node));
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
    }
}

#[component]
fn Flights(motion: Motion) -> impl IntoView {
    view! {
        <g class="flights">
            <For each=move || motion.flights.get() key=|f| f.id let:f>
                {
                    let (p, q) = (info(f.from), info(f.to));
                    let t = move || ((motion.wall.get() - f.started) / FLIGHT_MS).clamp(0.0, 1.0);
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
    }
}
