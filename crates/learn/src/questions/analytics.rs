//! Kinesis Data Analytics questions: what a window emits.

use crate::catalog::DEA;
use crate::commands::{
    create_application, create_stream, example_code, put_records, start_application, ticker_feed,
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
},
Question {
    id: "bad-records",
    title: "Records that do not fit the schema",
    covers: &["S11"],
    exams: DEA,
    view: "analytics",
    params: |d| vec![("bad", d.range(3, 15, 1))],
    prompt: "An application reads JSON ticker records with the columns TICKER_SYMBOL, SECTOR, CHANGE and PRICE. {bad} records arrive that are not JSON at all. What happens to them?",
    choices: &[
        Choice { label: "Each becomes a row of the application's error_stream (with the error and the raw data), which an output can send on for inspection", act: None, holds: |o, p| o.get("errors") == p.get("bad") && o.get("running") == 1 },
        Choice { label: "They are dropped without a trace", act: None, holds: |o, _| o.get("errors") == 0 && o.get("running") == 1 },
        Choice { label: "The application stops until they are removed", act: None, holds: |o, _| o.get("running") == 0 },
    ],
    setup: |p| {
        let mut s = Script::new();
        s.push(create_stream("ticker-stream", 1));
        s.push(create_stream("ticker-results", 1));
        s.at(1_000).push(ticker_feed("ticker-feed", "ticker-stream", 10, 5));
        s.push(create_application(APP, &example_code("tumbling"), "ticker-stream", "ticker-results"));
        s.push(start_application(APP));
        let bad: Vec<(String, String)> = (0..p.get("bad")).map(|i| (format!("bad-{i}"), format!("TICKER {i} ??? not json"))).collect();
        s.at(5_000).push(put_records("ticker-stream", &bad));
        s.finish()
    },
    fork_at: 0,
    run_ms: |_| 15_000,
    observe: |w, _| {
        let mut o = Observation::default();
        let view = w.view();
        let a = view.analytics();
        let app = a.application(APP);
        let running = app.as_ref().is_some_and(|x| x.status == engine::analytics::ApplicationStatus::Running);
        o.count("errors", "Rows in error_stream", a.error_rows(APP, 1_000).len() as u64, "");
        o.count("rows_in", "Rows in (mapped)", app.as_ref().map_or(0, |x| x.rows_in), "");
        o.text("running", "The application is", running as i64, if running { "RUNNING".into() } else { "not running".into() });
        if let Some(e) = a.error_rows(APP, 1).first() {
            o.text("first_error", "The first error", 0, format!("{}: {}", e.error_name, e.message));
        }
        o
    },
    why: "A record the input schema cannot map does not stop the application: it goes to the in-application error_stream with the error name (Record_Mapping_Error), its message and the raw data. Add an output named error_stream to send those rows to a stream or Firehose and inspect them.",
},
];
