//! Kinesis Data Analytics levels: choosing the window a question asks for.

use engine::{Command, CommandRecord};

use crate::catalog::DEA;
use crate::commands::{
    create_application, create_stream, example_code, start_application, ticker_feed,
    update_application_code,
};
use crate::goal::Goal;
use crate::level::Level;
use crate::script::Script;

const APP: &str = "ticker-analytics";

pub const LEVELS: &[Level] = &[Level {
    id: "per-ticker-counts",
    title: "Counts per ticker, every 10 seconds",
    view: "analytics",
    story: "ticker-analytics runs a sliding window: every input row emits a row with the average over the minute before it. The dashboard wants one row per ticker per 10 seconds, each row counted in exactly one window. Change the query and let two windows close.",
    hint: "Non-overlapping, clock-aligned windows are tumbling windows: GROUP BY the ticker and STEP(ROWTIME BY INTERVAL '10' SECOND). The examples menu has one.",
    covers: &["S11"],
    exams: DEA,
    seed: 1,
    start: counts_start,
    opens_at: 5_000,
    goal: Goal::TumblingWindows { app: APP, size_s: 10, min_windows: 2 },
    solution: counts_solution,
    tempting: || vec![update_application_code(APP, 1, &example_code("stagger"))],
    settles_within_ms: 40_000,
}];

fn counts_start() -> Vec<CommandRecord> {
    let mut s = Script::new();
    s.push(create_stream("ticker-stream", 1));
    s.push(create_stream("ticker-results", 1));
    s.at(1_000).push(ticker_feed("ticker-feed", "ticker-stream", 20, 5));
    s.push(create_application(APP, &example_code("sliding"), "ticker-stream", "ticker-results"));
    s.push(start_application(APP));
    s.finish()
}

fn counts_solution() -> Vec<Command> {
    vec![update_application_code(APP, 1, &example_code("tumbling"))]
}
