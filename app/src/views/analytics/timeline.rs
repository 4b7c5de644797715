//! The window timeline (SVG): the last minute of ROWTIME, one lane per ticker symbol, the
//! window boundaries of the query's windowing, a dot per source row in its lane, the windows
//! as bars (open ones dashed) and a mark where each window emitted.

use engine::analytics::sql::Windowing;
use engine::analytics::{StreamRow, WindowTimeline};
use leptos::prelude::*;

use super::tables::clock;
use super::AnalyticsState;

const SPAN_MS: i64 = 60_000;
const WIDTH: f64 = 800.0;
const LEFT: f64 = 56.0;
const LANE: f64 = 20.0;
const TOP: f64 = 24.0;
const MAX_LANES: usize = 8;

/// The lane (symbol) a window's key belongs to: the key part naming a known symbol.
pub fn lane_of(key: &str, lanes: &[String]) -> Option<usize> {
    key.split(',').map(str::trim).find_map(|part| lanes.iter().position(|l| l == part))
}

/// Window boundaries inside [from, to] for fixed windowings.
pub fn boundaries(w: &Windowing, from: i64, to: i64) -> Vec<i64> {
    let step = match *w {
        Windowing::Tumbling { size } => size,
        Windowing::Hop { slide, .. } => slide,
        Windowing::Stagger { .. } => return Vec::new(),
    };
    if step <= 0 {
        return Vec::new();
    }
    let mut t = from.div_euclid(step) * step;
    let mut v = Vec::new();
    while t <= to && v.len() < 200 {
        if t >= from {
            v.push(t);
        }
        t += step;
    }
    v
}

fn describe(w: Option<&Windowing>) -> String {
    match w {
        Some(Windowing::Tumbling { size }) => format!(
            "Tumbling windows of {} s: each row falls in exactly one window; a window emits once ROWTIME passes its end.",
            size / 1000
        ),
        Some(Windowing::Hop { slide, size }) => format!(
            "Hopping windows of {} s every {} s: each row falls in several windows.",
            size / 1000,
            slide / 1000
        ),
        Some(Windowing::Stagger { range }) => format!(
            "Stagger windows of {} s: a partition's window opens with its first row and emits when it closes, so windows start at different times per key.",
            range / 1000
        ),
        None => "No window of fixed boundaries: a sliding window (OVER W) emits one row per input row, aggregating the rows of its range before it; a plain SELECT passes rows through.".into(),
    }
}

/// Where things go on the timeline: the last minute of ROWTIME across, a lane per symbol
/// down.
struct Scale {
    from: i64,
    now: i64,
    lanes: Vec<String>,
    height: f64,
}

impl Scale {
    /// The minute up to the newest row, with a lane for each symbol seen in it.
    fn new(rows: &[StreamRow], now: i64) -> Self {
        let from = now - SPAN_MS;
        let mut lanes: Vec<String> = rows
            .iter()
            .filter(|r| r.rowtime >= from)
            .filter_map(|r| r.values.first().map(|v| v.to_string()))
            .collect();
        lanes.sort();
        lanes.dedup();
        lanes.truncate(MAX_LANES);
        let height = TOP + LANE * lanes.len().max(1) as f64 + 26.0;
        Scale { from, now, lanes, height }
    }

    fn x(&self, t: i64) -> f64 {
        LEFT + (t - self.from) as f64 / SPAN_MS as f64 * (WIDTH - LEFT - 8.0)
    }

    fn y(&self, lane: usize) -> f64 {
        TOP + LANE * lane as f64 + LANE / 2.0
    }

    /// A window's bar in its lane (cut at the left edge, and a little past now).
    fn bar(&self, start: i64, end: i64, lane: usize, open: bool) -> impl IntoView {
        let x1 = self.x(start.max(self.from));
        let x2 = self.x(end.min(self.now + SPAN_MS / 6)).max(x1 + 2.0);
        view! {
            <rect class="tl-window" class:open=open x=x1 y=self.y(lane) - LANE / 2.0 + 2.0 width=x2 - x1 height=LANE - 4.0 rx=3 />
        }
    }
}

fn boundary_lines(sc: &Scale, windowing: Option<&Windowing>) -> impl IntoView {
    windowing
        .map(|w| boundaries(w, sc.from, sc.now))
        .unwrap_or_default()
        .into_iter()
        .map(|t| {
            view! {
                <line class="tl-boundary" x1=sc.x(t) x2=sc.x(t) y1=TOP - 6.0 y2=sc.height - 20.0 />
                <text class="tl-tick" x=sc.x(t) y=sc.height - 6.0 text-anchor="middle">{clock(t).get(3..8).unwrap_or_default().to_string()}</text>
            }
        })
        .collect_view()
}

fn lane_labels(sc: &Scale) -> impl IntoView {
    sc.lanes
        .iter()
        .enumerate()
        .map(|(i, l)| view! { <text class="tl-lane" x=4 y=sc.y(i) + 4.0>{l.clone()}</text> })
        .collect_view()
}

/// Windows that emitted (a bar and a mark where they emitted), then the open ones (dashed).
fn window_bars(sc: &Scale, tl: &WindowTimeline) -> impl IntoView {
    let emitted = tl
        .emitted
        .iter()
        .filter(|e| e.end >= sc.from)
        .filter_map(|e| {
            let lane = lane_of(&e.key, &sc.lanes)?;
            Some(view! {
                {sc.bar(e.start, e.end, lane, false)}
                <path class="tl-emit" d=format!("M{} {} l-5 -8 h10 z", sc.x(e.emitted_at.min(sc.now)), sc.y(lane) - 2.0)>
                    <title>{format!("{} emitted at {}: {} rows", e.key, clock(e.emitted_at), e.rows)}</title>
                </path>
            })
        })
        .collect_view();
    let open = tl
        .open
        .iter()
        .filter_map(|o| Some(sc.bar(o.start, o.end, lane_of(&o.key, &sc.lanes)?, true)))
        .collect_view();
    view! { {emitted} {open} }
}

fn row_dots(sc: &Scale, rows: &[StreamRow]) -> impl IntoView {
    rows.iter()
        .filter(|r| r.rowtime >= sc.from)
        .filter_map(|r| {
            let symbol = r.values.first().map(|v| v.to_string());
            let lane = sc.lanes.iter().position(|l| Some(l) == symbol.as_ref())?;
            Some(view! { <circle class="tl-row" cx=sc.x(r.rowtime) cy=sc.y(lane) r=3 /> })
        })
        .collect_view()
}

#[component]
pub fn WindowTimelinePanel() -> impl IntoView {
    let state = expect_context::<AnalyticsState>();
    let sim = state.sim;
    let svg = move || {
        let tl: WindowTimeline = state.timeline.get();
        let rows = state.source.get();
        let now =
            rows.last().map(|r| r.rowtime).unwrap_or_else(|| sim.with_world(|w| w.now_unix_ms()));
        let sc = Scale::new(&rows, now);
        let windowing = tl.windowing.first().map(|w| w.1);
        let height = sc.height;
        view! {
            <p class="hint">{describe(windowing.as_ref())}</p>
            <svg
                class="tl-svg"
                data-testid="window-timeline"
                viewBox=format!("0 0 {WIDTH} {height}")
                role="img"
                aria-label="Window timeline: rows by ROWTIME, windows and when they emit"
            >
                <line class="tl-axis" x1=LEFT x2=WIDTH - 8.0 y1=height - 20.0 y2=height - 20.0 />
                {boundary_lines(&sc, windowing.as_ref())}
                {lane_labels(&sc)}
                {window_bars(&sc, &tl)}
                {row_dots(&sc, &rows)}
                <text class="tl-tick" x=WIDTH - 8.0 y=14 text-anchor="end">"ROWTIME →"</text>
            </svg>
        }
    };
    view! {
        <section class="panel kda-timeline" aria-labelledby="kda-tl-title">
            <h3 id="kda-tl-title">"Window timeline (last minute)"</h3>
            <div class="tl-legend">
                <span class="lg-row">"● row"</span>
                <span class="lg-win">"▭ window"</span>
                <span class="lg-open">"┅ open window"</span>
                <span class="lg-emit">"▼ emitted"</span>
            </div>
            {svg}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_and_lanes() {
        assert_eq!(
            boundaries(&Windowing::Tumbling { size: 10_000 }, 5_000, 32_000),
            vec![10_000, 20_000, 30_000]
        );
        assert!(boundaries(&Windowing::Stagger { range: 60_000 }, 0, 60_000).is_empty());
        let lanes = vec!["AMZN".to_string(), "ASD".to_string()];
        assert_eq!(lane_of("2026-01-01 11:00:00.000, ASD", &lanes), Some(1));
        assert_eq!(lane_of("XYZ", &lanes), None);
    }
}
