//! The legacy query and its Flink SQL twin, replayed over the same rows.

use stream_sql::twin::{compare, destination_count, replay, Arrival, TWIN_ROWS_SHOWN};
use stream_sql::{examples, flink_twin_of, Syntax, Value};

/// 200 ticker rows, 370 ms apart, over three symbols.
fn ticker_rows() -> Vec<(String, i64, Vec<Value>)> {
    (0..200)
        .map(|i| {
            let values = vec![
                Value::str(["AMZN", "ASD", "MMB"][i as usize % 3]),
                Value::str("TECHNOLOGY"),
                Value::Num(0.5),
                Value::Num(10.0 + i as f64),
            ];
            ("SOURCE_SQL_STREAM_001".to_string(), 1_000 + i * 370, values)
        })
        .collect()
}

fn arrivals(rows: &[(String, i64, Vec<Value>)]) -> Vec<Arrival<'_>> {
    rows.iter()
        .map(|(stream, rowtime, values)| Arrival { stream, values, rowtime: *rowtime })
        .collect()
}

fn tumbling() -> &'static str {
    examples().into_iter().find(|e| e.id == "tumbling").map(|e| e.code).unwrap_or_default()
}

#[test]
fn tumbling_twins_count_the_same_rows() {
    let legacy = tumbling();
    let flink = flink_twin_of("tumbling").unwrap();
    let rows = ticker_rows();
    let a = replay(legacy, Syntax::KinesisSql, arrivals(&rows)).unwrap();
    let b = replay(flink, Syntax::Flink, arrivals(&rows)).unwrap();
    assert!(destination_count(&a) > 0);
    assert_eq!(destination_count(&a), destination_count(&b));
}

#[test]
fn a_comparison_counts_both_and_keeps_the_newest_flink_rows_first() {
    let rows = ticker_rows();
    let c = compare(tumbling(), flink_twin_of("tumbling").unwrap(), arrivals(&rows));
    assert_eq!(c.source_rows, 200);
    let n = c.legacy.clone().unwrap();
    assert!(n > TWIN_ROWS_SHOWN, "{n} rows");
    assert_eq!(c.flink, Ok(n));
    assert_eq!(c.flink_rows.len(), TWIN_ROWS_SHOWN);
    // Newest first: the first row shown is the last one the Flink query wrote.
    let flink = replay(flink_twin_of("tumbling").unwrap(), Syntax::Flink, arrivals(&rows)).unwrap();
    let newest: Vec<String> =
        flink.last().unwrap().1.values.iter().map(|v| v.to_string()).collect();
    assert_eq!(c.flink_rows[0], newest);
}

#[test]
fn a_twin_that_does_not_compile_says_why_and_shows_no_rows() {
    let rows = ticker_rows();
    let c = compare(tumbling(), "SELECT nonsense FROM nowhere", arrivals(&rows));
    assert!(c.legacy.is_ok());
    assert_eq!(c.flink, Err("Object 'NOWHERE' not found".to_string()));
    assert!(c.flink_rows.is_empty());
}

#[test]
fn only_paired_examples_have_a_flink_twin() {
    assert!(flink_twin_of("tumbling").is_some_and(|code| code.contains("TUMBLE")));
    assert_eq!(flink_twin_of("filter"), None);
    assert_eq!(flink_twin_of("no-such-example"), None);
}

#[test]
fn no_rows_replay_to_no_output() {
    let c = compare(tumbling(), flink_twin_of("tumbling").unwrap(), Vec::new());
    assert_eq!((c.source_rows, c.legacy, c.flink), (0, Ok(0), Ok(0)));
}
