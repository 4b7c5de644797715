//! Kinesis Data Analytics questions: what a window emits.

use crate::catalog::DEA;
use crate::commands::{
    create_application, create_stream, example_code, start_application, ticker_feed,
};
use crate::question::{Choice, Observation, Question};
use crate::script::Script;

const APP: &str = "ticker-analytics";

pub const QUESTIONS: &[Question] = &[Question {
    id: "window-rows",
    title: "How many rows does a window emit?",
    covers: &["S11"],
    exams: DEA,
    view: "analytics",
    params: |d| vec![("query", d.pick(&[0, 1])), ("rate", d.pick(&[10, 20, 40])), ("seconds", 60)],
    prompt: "A ticker stream brings {rate} rows/s over 5 ticker symbols into an application. Its query is the developer guide's {query|tumbling window (GROUP BY ticker, STEP(ROWTIME BY INTERVAL '10' SECOND))|sliding window (AVG over a 1-minute RANGE, per ticker)}. In {seconds} seconds, about how many rows does it emit?",
    choices: &[
        Choice { label: "About one per ticker for each 10-second window: a few dozen", act: None, holds: |o, _| o.get("rows_out") * 4 < o.get("rows_in") },
        Choice { label: "One for every input row: about as many as came in", act: None, holds: |o, _| o.get("rows_out") * 10 >= o.get("rows_in") * 9 },
    ],
    setup: |p| {
        let code = example_code(if p.get("query") == 0 { "tumbling" } else { "sliding" });
        let mut s = Script::new();
        s.push(create_stream("ticker-stream", 1));
        s.push(create_stream("ticker-results", 1));
        s.at(1_000).push(ticker_feed("ticker-feed", "ticker-stream", p.get("rate") as u32, 5));
        s.push(create_application(APP, &code, "ticker-stream", "ticker-results"));
        s.push(start_application(APP));
        s.finish()
    },
    fork_at: 0,
    run_ms: |p| (p.get("seconds") as u64 + 2) * 1_000,
    observe: |w, _| {
        let mut o = Observation::default();
        let app = w.view().analytics().application(APP);
        o.count("rows_in", "Rows in", app.as_ref().map_or(0, |a| a.rows_in), "");
        o.count("rows_out", "Rows out", app.map_or(0, |a| a.rows_out), "");
        o
    },
    why: "A tumbling window (GROUP BY ticker, STEP(ROWTIME BY INTERVAL '10' SECOND)) emits one row per group when each window closes, so a minute of 5 tickers gives about 30 rows whatever the input rate. A sliding window (OVER a RANGE) emits one row for every input row at once, each carrying the aggregate over the time before it.",
}];
