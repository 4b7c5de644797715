//! Presets: the demo stock-ticker stream (TICKER_SYMBOL, SECTOR, CHANGE, PRICE, like AWS's
//! demo stream) feeding an application that runs one of the developer guide's queries.
//! Loadable by URL (`#/analytics?preset=tumbling-window`).
//!
//! A preset is only API calls and actor commands applied through the sim, so the console shows
//! every `aws kinesisanalytics ...` command it ran, and a shared link replays it exactly.

use leptos::prelude::*;

use super::editor::pick_example;
use super::run::{deploy, ensure_pipeline};
use super::AnalyticsState;
use crate::driver::Sim;
use crate::widgets::preset_kit::{self, Catalog, PresetInfo};

pub struct Preset {
    pub info: PresetInfo,
    /// The example the application runs.
    pub example: &'static str,
    /// Play speed: a preset whose first result is minutes away plays faster, so a class sees
    /// it within seconds (the learner can slow it down).
    pub speed: f64,
}

pub const PRESETS: &[Preset] = &[
    Preset {
        info: PresetInfo {
            id: "tumbling-window",
            title: "Tumbling window (STEP, 10 s)",
            notice: "Tumbling windows do not overlap: every row lands in exactly one 10-second window (one dot, one bar), and nothing comes out until ROWTIME passes the window's end; then one row per ticker is emitted at once (the ▼ marks line up on the boundaries). The Flink pane runs the same query with TUMBLE over the same rows: the counts are equal.",
            covers: &["S11"],
        },
        example: "tumbling",
        speed: 1.0,
    },
    Preset {
        info: PresetInfo {
            id: "sliding-window",
            title: "Sliding window (OVER 1 minute)",
            notice: "A sliding window has no boundaries: every input row emits one output row at once, carrying the average price of its ticker over the minute before it. Compare the output table with the tumbling preset: as many rows out as in, and no waiting for a window to close.",
            covers: &["S11"],
        },
        example: "sliding",
        speed: 1.0,
    },
    Preset {
        info: PresetInfo {
            id: "stagger-window",
            title: "Stagger window (per-key, 1 minute)",
            notice: "A stagger window opens when the first row of its partition (ticker and minute) arrives and closes one minute later, so windows of different tickers start at different times (the bars are staggered). It suits data that arrives late or out of order better than a tumbling window aligned to the clock. The preset plays at 10x, so the first windows close within seconds.",
            covers: &["S11"],
        },
        example: "stagger",
        speed: 10.0,
    },
    Preset {
        info: PresetInfo {
            id: "price-above-moving-average",
            title: "Price above its moving average",
            notice: "Two pumps chained through an in-application stream: AVERAGE_PUMP computes each ticker's one-minute moving average into AVERAGES; ABOVE_PUMP keeps only the rows whose price is above it and sends them to DESTINATION_SQL_STREAM (and on to the ticker-results Kinesis stream). Roughly half the rows pass.",
            covers: &["S11"],
        },
        example: "above-average",
        speed: 1.0,
    },
];

pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.info.id == id)
}

pub const CATALOG: Catalog =
    Catalog { view: "analytics", all: || PRESETS.iter().map(|p| &p.info).collect() };

fn code_of(example: &str) -> String {
    engine::analytics::examples()
        .into_iter()
        .find(|e| e.id == example)
        .map(|e| e.code.to_string())
        .unwrap_or_default()
}

/// Starts the preset on a clean world (same seed) and plays it.
pub fn load(state: AnalyticsState, id: &str) {
    let Some(preset) = find(id) else { return };
    let reset = || {
        pick_example(state, preset.example);
    };
    let example = preset.example;
    preset_kit::start(CATALOG, state.sim, id, reset, move |sim: Sim| {
        ensure_pipeline(sim, 20, 5);
        let _ = deploy(sim, &code_of(example));
    });
    state.sim.speed.set(engine::scenario::Speed::Times(preset.speed));
}

/// Loads the preset the URL names (see [`preset_kit::follow_the_url`]).
pub fn follow_the_url(state: AnalyticsState) {
    preset_kit::follow_the_url(
        CATALOG,
        state.sim,
        move |id| load(state, id),
        move |id| {
            if let Some(p) = find(id) {
                pick_example(state, p.example);
            }
        },
    );
}

#[component]
pub fn PresetPicker() -> impl IntoView {
    let state = expect_context::<AnalyticsState>();
    preset_kit::preset_picker(CATALOG, move |id| load(state, id))
}

#[component]
pub fn PresetNotice() -> impl IntoView {
    preset_kit::preset_notice(CATALOG, |_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_well_formed_and_their_examples_compile() {
        preset_kit::assert_catalog_is_well_formed(CATALOG);
        for p in PRESETS {
            let code = code_of(p.example);
            assert!(engine::analytics::sql::check(&code).is_empty(), "{}", p.info.id);
        }
    }
}
