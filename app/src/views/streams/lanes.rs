//! The shards as lanes on the hash key space: one lane per shard, its height its share of
//! 0..2^128-1, closed parents to the left of their children with lineage connectors, records
//! flowing through the open lanes as dots placed at their hash key, each lane's write meter, and
//! each consumer's position (how far behind it reads).

use leptos::prelude::*;

use super::activity::Dot;
use super::keyspace::{
    layout, short_id, split_key_at, LaneBox, FLOW_W, LANES_HEIGHT, LANES_TOP, RULER_W, WINDOW_MS,
};
use super::meters::{format_bytes_per_sec, grouped, write_meter, WriteMeter};
use super::StreamsState;

/// Horizontal pixels per virtual millisecond in the flow area.
const PX_PER_MS: f64 = FLOW_W / WINDOW_MS as f64;

/// A partition key's colour: the same key always gets the same hue.
pub fn key_colour(key: &str) -> String {
    // FNV-1a: tiny, stable, spreads similar keys (`key-1`, `key-2`) apart.
    let mut h: u32 = 0x811c_9dc5;
    for b in key.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("hsl({} 85% 62%)", h % 360)
}

/// A batch's dot grows with the records in it, gently.
pub fn dot_radius(count: u32) -> f64 {
    (3.5 + (count as f64).sqrt() * 0.9).min(11.0)
}

/// Where a consumer reading `age_ms` behind sits in the flow area (capped at its far end).
pub fn age_x(flow_x: f64, age_ms: u64) -> f64 {
    flow_x + age_ms.min(WINDOW_MS) as f64 * PX_PER_MS
}

#[component]
pub fn ShardLanes() -> impl IntoView {
    let state = expect_context::<StreamsState>();
    let geometry = Memo::new(move |_| {
        state.stream.with(|s| s.as_ref().map(|s| layout(&s.shards))).unwrap_or_default()
    });
    let width = move || geometry.with(|g| g.width);
    let height = LANES_TOP + LANES_HEIGHT + 26.0;

    view! {
        <figure class="lanes-figure">
            <svg
                class="lanes"
                viewBox=move || format!("0 0 {:.0} {height:.0}", width())
                role="group"
                aria-label="Shards on the hash key space"
            >
                <KeyRuler />
                <text class="axis-title" x=move || geometry.with(|g| g.flow_x + 4.0) y="20">
                    "← just arrived · records age to the right · 20 s ago →"
                </text>
                <Show when=move || geometry.with(|g| g.lanes.is_empty())>
                    <text class="lanes-empty" x=RULER_W + 12.0 y=LANES_TOP + 40.0>
                        {move || {
                            let status = state.stream.with(|s| s.as_ref().map(|s| s.status.clone()).unwrap_or_default());
                            format!("The stream is {status}: its shards open when the clock runs. Press Play (or Step).")
                        }}
                    </text>
                </Show>
                <g class="links">
                    {move || {
                        geometry
                            .with(|g| g.links.clone())
                            .into_iter()
                            .map(|(x1, y1, x2, _)| {
                                view! { <path class="lineage" d=format!("M{x1:.1} {y1:.1} H{x2:.1}") /> }
                            })
                            .collect_view()
                    }}
                </g>
                <For
                    each=move || geometry.with(|g| g.lanes.iter().map(|l| (l.clone(), g.flow_x)).collect::<Vec<_>>())
                    key=|(l, flow_x)| format!("{}:{flow_x:.1}", l.key())
                    let:((lane, flow_x))
                >
                    <Lane lane=lane flow_x=flow_x />
                </For>
            </svg>
            <figcaption class="lanes-caption">
                "Each lane is one shard, as tall as its share of the hash key space (0 at the top, 2"
                <sup>"128"</sup>
                "−1 at the bottom). A dot is a record (or a batch) at the height of its partition key's MD5 hash. Click a lane to pick it for a split or merge; hover or focus a dot for its details."
            </figcaption>
        </figure>
    }
}

#[component]
fn KeyRuler() -> impl IntoView {
    let ticks = [(0.0, "0"), (0.25, "2¹²⁶"), (0.5, "2¹²⁷"), (0.75, "3·2¹²⁶"), (1.0, "2¹²⁸−1")];
    view! {
        <g class="ruler">
            <line x1=RULER_W - 8.0 x2=RULER_W - 8.0 y1=LANES_TOP y2=LANES_TOP + LANES_HEIGHT />
            {ticks
                .iter()
                .map(|&(f, label)| {
                    let y = LANES_TOP + f * LANES_HEIGHT;
                    view! {
                        <line x1=RULER_W - 14.0 x2=RULER_W - 8.0 y1=y y2=y />
                        <text x=RULER_W - 16.0 y=y + 5.0>{label}</text>
                    }
                })
                .collect_view()}
            <text class="axis-title" x="4" y="20">"hash key"</text>
        </g>
    }
}

#[component]
fn Lane(lane: LaneBox, flow_x: f64) -> impl IntoView {
    let state = expect_context::<StreamsState>();
    let sim = state.sim;
    let id = lane.shard_id.clone();
    let meter = {
        let id = id.clone();
        Memo::new(move |_| {
            let now = sim.now.get();
            state
                .stream
                .with(|s| {
                    s.as_ref()
                        .and_then(|s| s.shards.iter().find(|x| x.shard_id == id))
                        .map(|x| (write_meter(&x.metrics, now), x.records))
                })
                .unwrap_or_default()
        })
    };
    let picked = {
        let id = id.clone();
        move || state.picked.get().as_deref() == Some(id.as_str())
    };
    let throttled = move || meter.get().0.throttled > 0;
    let (x, y, w, h) = (lane.x, lane.y, lane.w, lane.h);
    let head_w = super::keyspace::COLUMN_W;
    let open = lane.open;
    let parents = lane.parents.clone();
    let lines = label_lines(&lane, h);
    let pick = {
        let id = id.clone();
        move |ev: leptos::ev::MouseEvent| {
            state.picked.set(Some(id.clone()));
            // A click in the flow area of the picked lane picks the split point there.
            if let Some((start, end)) = state.stream.with_untracked(|s| {
                s.as_ref()
                    .and_then(|s| s.shards.iter().find(|x| x.shard_id == id))
                    .map(|x| (x.hash_range.start, x.hash_range.end))
            }) {
                let key = svg_fraction(&ev).map_or_else(
                    || super::keyspace::midpoint(start, end),
                    |f| split_key_at(start, end, f),
                );
                state.split_key.set(key.to_string());
            }
        }
    };
    let status = if open { "OPEN" } else { "CLOSED" };
    let aria = format!(
        "{} {}, {}",
        lane.shard_id,
        status.to_lowercase(),
        if parents.is_empty() {
            String::new()
        } else {
            format!("child of {}", parents.join(" and "))
        }
    );
    view! {
        <g
            class="lane"
            class:open=open
            class:closed=!open
            class:picked=picked
            class:throttled=throttled
            data-testid="shard-lane"
            data-shard-id=id.clone()
            data-status=status
            data-parent=parents.first().cloned().unwrap_or_default()
            aria-label=aria
            on:click=pick
        >
            <rect class="lane-bg" x=x y=y width=w height=h />
            <rect class="lane-head" x=x y=y width=head_w height=h />
            {lines
                .into_iter()
                .enumerate()
                .map(|(i, (class, text))| {
                    view! { <text class=class x=x + 8.0 y=y + 17.0 + i as f64 * 17.0>{text}</text> }
                })
                .collect_view()}
            {open.then(|| view! { <MeterBars x=x + 8.0 y=y + h - 12.0 meter=meter /> })}
            {(!open).then(|| {
                let stored = move || format!("{} stored", grouped(meter.get().1));
                view! { <text class="lane-note" x=x + 8.0 y=y + h - 6.0>{stored}</text> }
            })}
            {open.then(|| view! { <LaneDots shard_id=id.clone() flow_x=flow_x lane_y=y lane_h=h /> })}
            {open.then(|| view! { <ConsumerMarks shard_id=id.clone() flow_x=flow_x lane_y=y lane_h=h /> })}
        </g>
    }
}

/// What the lane head says, as many lines as fit: id, status, parentage, range.
fn label_lines(lane: &LaneBox, h: f64) -> Vec<(&'static str, String)> {
    let mut lines = vec![("lane-title", short_id(&lane.shard_id))];
    let mut more = vec![("lane-status", if lane.open { "open" } else { "closed" }.to_string())];
    if !lane.parents.is_empty() {
        let names: Vec<String> = lane.parents.iter().map(|p| short_id(p)).collect();
        more.push(("lane-parent", format!("from {}", names.join(" + "))));
    }
    // Each line needs 17 px, and the open lanes keep room for the meter.
    let room = ((h - if lane.open { 18.0 } else { 14.0 }) / 17.0).floor().max(1.0) as usize;
    if room == 1 && !lane.parents.is_empty() {
        // One line only: the parent is what the learner is looking for after a reshard.
        lines[0].1 = format!("{} ← {}", lines[0].1, short_id(&lane.parents[0]));
    }
    lines.extend(more);
    lines.truncate(room);
    lines
}

/// The fraction of the key space at the mouse, read from the SVG's coordinate system.
fn svg_fraction(ev: &leptos::ev::MouseEvent) -> Option<f64> {
    use wasm_bindgen::JsCast;
    let target = ev.current_target()?.dyn_into::<web_sys::Element>().ok()?;
    let svg = target.closest("svg").ok()??;
    let rect = svg.get_bounding_client_rect();
    let vb_h = LANES_TOP + LANES_HEIGHT + 26.0;
    if rect.height() <= 0.0 {
        return None;
    }
    let y = (ev.client_y() as f64 - rect.top()) / rect.height() * vb_h;
    let f = (y - LANES_TOP) / LANES_HEIGHT;
    (0.0..=1.0).contains(&f).then_some(f)
}

#[component]
fn MeterBars(x: f64, y: f64, meter: Memo<(WriteMeter, u64)>) -> impl IntoView {
    let bar_w = 90.0;
    let records = move || meter.get().0;
    view! {
        <g class="meter">
            <title>
                {move || {
                    let m = records();
                    format!(
                        "Last second: {} records (limit 1,000/s), {} (limit 1 MiB/s){}",
                        grouped(m.records),
                        format_bytes_per_sec(m.bytes),
                        if m.throttled > 0 { format!(", {} refused", m.throttled) } else { String::new() },
                    )
                }}
            </title>
            <rect class="meter-track" x=x y=y - 7.0 width=bar_w height="7" rx="2" />
            <rect
                class="meter-fill"
                class:full={move || records().fill() >= 0.95}
                x=x
                y=y - 7.0
                width=move || format!("{:.1}", bar_w * records().fill())
                height="7"
                rx="2"
            />
            <text class="meter-text" x=x + bar_w + 6.0 y=y>
                {move || format!("{}/s", grouped(records().records))}
            </text>
        </g>
    }
}

/// The records in flight on one open lane. Dots are placed once at their arrival time; the
/// group slides right as the clock runs, so a frame changes one attribute, not every dot.
#[component]
fn LaneDots(shard_id: String, flow_x: f64, lane_y: f64, lane_h: f64) -> impl IntoView {
    let state = expect_context::<StreamsState>();
    let sim = state.sim;
    let dots = Memo::new(move |_| state.activity.with(|a| a.dots_of(&shard_id)));
    let clip = format!("clip-{}", lane_y.to_bits() ^ flow_x.to_bits());
    let shift = move || format!("translate({:.2} 0)", flow_x + sim.now.get() as f64 * PX_PER_MS);
    view! {
        <clipPath id=clip.clone()>
            <rect x=flow_x y=lane_y width=FLOW_W height=lane_h />
        </clipPath>
        <g class="dots" clip-path=format!("url(#{clip})")>
            <g transform=shift>
                <For each=move || dots.get() key=|d: &Dot| (d.id, d.count) let:dot>
                    <RecordDot dot=dot lane_y=lane_y lane_h=lane_h />
                </For>
            </g>
        </g>
    }
}

#[component]
fn RecordDot(dot: Dot, lane_y: f64, lane_h: f64) -> impl IntoView {
    let state = expect_context::<StreamsState>();
    let cx = -(dot.at as f64) * PX_PER_MS;
    // The hash key's height on the key space, kept inside the lane.
    let cy = (LANES_TOP + dot.fraction * LANES_HEIGHT).clamp(lane_y + 2.0, lane_y + lane_h - 2.0);
    let r = dot_radius(dot.count).min(lane_h / 2.0).max(2.0);
    let label = if dot.count > 1 {
        format!("Batch of {} records, first with partition key {}", dot.count, dot.key)
    } else {
        format!("Record with partition key {}", dot.key)
    };
    let show = {
        let dot = dot.clone();
        move || state.tip.set(Some(dot.clone()))
    };
    let show2 = show.clone();
    view! {
        <circle
            class="record"
            class:batch={dot.count > 1}
            cx=format!("{cx:.2}")
            cy=format!("{cy:.2}")
            r=format!("{r:.1}")
            fill=key_colour(&dot.key)
            tabindex="0"
            role="img"
            aria-label=label
            on:mouseenter=move |_| show()
            on:focus=move |_| show2()
        />
    }
}

/// Each consumer's position on the lane: a marker as far right as its iterator age.
#[component]
fn ConsumerMarks(shard_id: String, flow_x: f64, lane_y: f64, lane_h: f64) -> impl IntoView {
    let state = expect_context::<StreamsState>();
    let marks = Memo::new(move |_| {
        let stream = state.stream.get();
        let apps = state.apps.get();
        super::consumers::positions_on(&shard_id, &stream, &apps)
    });
    view! {
        <g class="consumer-marks">
            <For each=move || marks.get() key=|m| m.0.clone() let:mark>
                {
                    let name = mark.0.clone();
                    let x = Memo::new(move |_| {
                        marks.with(|ms| ms.iter().find(|m| m.0 == name).map_or(0, |m| m.1))
                    });
                    let initial = mark.0.clone();
                    let title = mark.0.clone();
                    view! {
                        <g class="consumer-mark">
                            <title>
                                {move || format!("{title}: {} behind", super::meters::format_age(x.get()))}
                            </title>
                            <line
                                x1=move || format!("{:.1}", age_x(flow_x, x.get()))
                                x2=move || format!("{:.1}", age_x(flow_x, x.get()))
                                y1=lane_y + 2.0
                                y2=lane_y + lane_h - 2.0
                            />
                            <text x=move || format!("{:.1}", age_x(flow_x, x.get()) + 4.0) y=lane_y + 14.0>
                                {initial}
                            </text>
                        </g>
                    }
                }
            </For>
        </g>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_always_gets_the_same_colour() {
        assert_eq!(key_colour("key-0"), key_colour("key-0"));
        assert_ne!(key_colour("key-0"), key_colour("key-1"));
    }

    #[test]
    fn batches_are_bigger_but_bounded() {
        assert!(dot_radius(1) < dot_radius(100));
        assert_eq!(dot_radius(1_000_000), 11.0);
    }

    #[test]
    fn consumers_far_behind_stay_at_the_far_end() {
        assert_eq!(age_x(100.0, 0), 100.0);
        assert_eq!(age_x(100.0, 10 * WINDOW_MS), 100.0 + FLOW_W);
    }

    #[test]
    fn a_thin_lane_still_names_its_parent() {
        let lane = LaneBox {
            shard_id: "shardId-000000000005".into(),
            open: true,
            depth: 1,
            x: 0.0,
            y: 0.0,
            w: 10.0,
            h: 24.0,
            parents: vec!["shardId-000000000001".into()],
        };
        let lines = label_lines(&lane, lane.h);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].1, "shard 5 ← shard 1");
    }
}
