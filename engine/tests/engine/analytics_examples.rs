//! The worked examples of the Kinesis Data Analytics developer guide, exactly, run on the
//! query engine without the API.

use engine::analytics::sql::{
    format_timestamp, parse_timestamp, Catalog, Column, OutputRow, Program, SqlType, StreamSchema,
    Syntax, Value,
};

fn t(hms: &str) -> i64 {
    parse_timestamp(&format!("2026-01-01 {hms}")).unwrap()
}

fn hms(v: &Value) -> String {
    match v {
        Value::Time(ms) => format_timestamp(*ms)[11..19].to_string(),
        other => other.to_string(),
    }
}

/// The stagger-window page's source: (EVENT_TIME, TICKER_SYMBOL) with ROWTIME.
fn event_catalog() -> Catalog {
    Catalog {
        streams: vec![StreamSchema {
            name: "SOURCE_SQL_STREAM_001".into(),
            columns: vec![
                Column::new("EVENT_TIME", SqlType::Timestamp),
                Column::new("TICKER_SYMBOL", SqlType::Varchar(4)),
            ],
        }],
        tables: vec![],
    }
}

/// The four AMZN rows: (ROWTIME, EVENT_TIME).
const ROWS: [(&str, &str); 4] = [
    ("11:00:20", "11:00:10"),
    ("11:00:30", "11:00:20"),
    ("11:01:05", "11:00:55"),
    ("11:01:15", "11:01:05"),
];

fn run(code: &str, end: &str) -> Vec<(String, String, String, String)> {
    let mut p = Program::compile_with(code, &event_catalog(), Syntax::KinesisSql).unwrap();
    let mut out: Vec<OutputRow> = Vec::new();
    for (rowtime, event) in ROWS {
        out.extend(p.push(
            "SOURCE_SQL_STREAM_001",
            vec![Value::Time(t(event)), Value::str("AMZN")],
            t(rowtime),
        ));
    }
    out.extend(p.advance_to(t(end)));
    out.iter()
        .map(|r| {
            let ts = format_timestamp(r.rowtime)[11..19].to_string();
            (ts, hms(&r.values[0]), hms(&r.values[1]), hms(&r.values[2]))
        })
        .collect()
}

const STAGGER: &str = r#"
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    EVENT_TIME TIMESTAMP,
    TICKER_SYMBOL VARCHAR(4),
    TICKER_COUNT INTEGER);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS
  INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM
        FLOOR(EVENT_TIME TO MINUTE),
        TICKER_SYMBOL,
        COUNT(*) AS TICKER_COUNT
    FROM "SOURCE_SQL_STREAM_001"
    WINDOWED BY STAGGER (
        PARTITION BY FLOOR(EVENT_TIME TO MINUTE), TICKER_SYMBOL RANGE INTERVAL '1' MINUTE);
"#;

const TUMBLING: &str = r#"
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    EVENT_TIME TIMESTAMP,
    TICKER_SYMBOL VARCHAR(4),
    TICKER_COUNT INTEGER);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS
  INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM
        FLOOR(EVENT_TIME TO MINUTE),
        TICKER_SYMBOL,
        COUNT(TICKER_SYMBOL) AS TICKER_COUNT
    FROM "SOURCE_SQL_STREAM_001"
    GROUP BY ticker_symbol, FLOOR(EVENT_TIME TO MINUTE),
        STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' MINUTE);
"#;

fn row(a: &str, b: &str, c: &str, d: &str) -> (String, String, String, String) {
    (a.into(), b.into(), c.into(), d.into())
}

#[test]
fn stagger_window_page_gives_two_rows() {
    let out = run(STAGGER, "11:05:00");
    assert_eq!(
        out,
        vec![row("11:01:20", "11:00:00", "AMZN", "3"), row("11:02:15", "11:01:00", "AMZN", "1")]
    );
}

#[test]
fn stagger_window_emits_when_the_partition_closes_not_before() {
    let mut p = Program::compile_with(STAGGER, &event_catalog(), Syntax::KinesisSql).unwrap();
    for (rowtime, event) in ROWS {
        assert!(p
            .push(
                "SOURCE_SQL_STREAM_001",
                vec![Value::Time(t(event)), Value::str("AMZN")],
                t(rowtime)
            )
            .is_empty());
    }
    assert!(p.advance_to(t("11:01:19")).is_empty());
    assert_eq!(p.advance_to(t("11:01:20")).len(), 1);
    assert!(p.advance_to(t("11:02:14")).is_empty());
    assert_eq!(p.advance_to(t("11:02:15")).len(), 1);
}

#[test]
fn tumbling_version_of_the_stagger_page_gives_three_rows() {
    let out = run(TUMBLING, "11:05:00");
    assert_eq!(
        out,
        vec![
            row("11:01:00", "11:00:00", "AMZN", "2"),
            row("11:02:00", "11:00:00", "AMZN", "1"),
            row("11:02:00", "11:01:00", "AMZN", "1"),
        ]
    );
}

#[test]
fn tumbling_window_emits_on_the_first_row_past_its_end() {
    let mut p = Program::compile_with(TUMBLING, &event_catalog(), Syntax::KinesisSql).unwrap();
    let push = |p: &mut Program, (rt, ev): (&str, &str)| {
        p.push("SOURCE_SQL_STREAM_001", vec![Value::Time(t(ev)), Value::str("AMZN")], t(rt))
    };
    assert!(push(&mut p, ROWS[0]).is_empty());
    assert!(push(&mut p, ROWS[1]).is_empty());
    let first = push(&mut p, ROWS[2]);
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].rowtime, t("11:01:00"));
}

#[test]
fn step_23_by_5_is_20() {
    let code = r#"
        CREATE OR REPLACE STREAM "D" (S INTEGER, T TIMESTAMP);
        CREATE OR REPLACE PUMP "P" AS INSERT INTO "D"
        SELECT STREAM STEP(23 BY 5), STEP(ROWTIME BY INTERVAL '10' SECOND) FROM "SOURCE_SQL_STREAM_001";
    "#;
    let mut p = Program::compile(code).unwrap();
    let out = p.push(
        "SOURCE_SQL_STREAM_001",
        vec![Value::str("AMZN"), Value::str("TECHNOLOGY"), Value::Num(0.5), Value::Num(84.5)],
        t("11:00:27"),
    );
    assert_eq!(out[0].values[0], Value::Int(20));
    assert_eq!(out[0].values[1], Value::Time(t("11:00:20")));
}

fn ticker(sym: &str, price: f64) -> Vec<Value> {
    vec![Value::str(sym), Value::str("TECHNOLOGY"), Value::Num(0.0), Value::Num(price)]
}

#[test]
fn sliding_window_emits_one_row_per_input_row() {
    let code = r#"
        CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), avg_price DOUBLE, n INTEGER);
        CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM ticker_symbol, AVG(price) OVER W1 AS avg_price, COUNT(*) OVER W1
        FROM "SOURCE_SQL_STREAM_001"
        WINDOW W1 AS (PARTITION BY ticker_symbol RANGE INTERVAL '1' MINUTE PRECEDING);
    "#;
    let mut p = Program::compile(code).unwrap();
    let a = p.push("SOURCE_SQL_STREAM_001", ticker("AMZN", 10.0), t("11:00:00"));
    let b = p.push("SOURCE_SQL_STREAM_001", ticker("AMZN", 20.0), t("11:00:30"));
    let c = p.push("SOURCE_SQL_STREAM_001", ticker("IBM", 5.0), t("11:00:40"));
    let d = p.push("SOURCE_SQL_STREAM_001", ticker("AMZN", 40.0), t("11:01:10"));
    assert_eq!(a[0].values, vec![Value::str("AMZN"), Value::Num(10.0), Value::Int(1)]);
    assert_eq!(b[0].values, vec![Value::str("AMZN"), Value::Num(15.0), Value::Int(2)]);
    assert_eq!(c[0].values, vec![Value::str("IBM"), Value::Num(5.0), Value::Int(1)]);
    // 11:00:00 fell out of the minute before 11:01:10.
    assert_eq!(d[0].values, vec![Value::str("AMZN"), Value::Num(30.0), Value::Int(2)]);
    assert_eq!(d[0].rowtime, t("11:01:10"));
}

#[test]
fn rows_preceding_window_counts_rows() {
    let code = r#"
        CREATE OR REPLACE STREAM "D" (ticker_symbol VARCHAR(4), s DOUBLE);
        CREATE OR REPLACE PUMP "P" AS INSERT INTO "D"
        SELECT STREAM ticker_symbol, SUM(price) OVER (PARTITION BY ticker_symbol ROWS 1 PRECEDING)
        FROM "SOURCE_SQL_STREAM_001";
    "#;
    let mut p = Program::compile(code).unwrap();
    let mut last = Vec::new();
    for (i, price) in [1.0, 2.0, 4.0].iter().enumerate() {
        last = p.push("SOURCE_SQL_STREAM_001", ticker("AMZN", *price), i as i64 * 1000);
    }
    assert_eq!(last[0].values[1], Value::Num(6.0));
}

#[test]
fn flink_tumble_gives_the_same_counts_as_step() {
    let kda = r#"
        CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (window_end TIMESTAMP, ticker_symbol VARCHAR(4), ticker_count BIGINT);
        CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM ROWTIME, ticker_symbol, COUNT(*) FROM "SOURCE_SQL_STREAM_001"
        GROUP BY ticker_symbol, STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' MINUTE);
    "#;
    let flink = "SELECT window_start, window_end, ticker_symbol, COUNT(*) AS ticker_count
        FROM TABLE(TUMBLE(TABLE source, DESCRIPTOR(rowtime), INTERVAL '1' MINUTE))
        GROUP BY window_start, window_end, ticker_symbol";
    let mut a = Program::compile(kda).unwrap();
    let mut b = Program::compile_flink(flink).unwrap();
    let syms = ["AMZN", "IBM", "MSFT"];
    let (mut oa, mut ob) = (Vec::new(), Vec::new());
    for i in 0..500i64 {
        let row = ticker(syms[(i * 7 % 3) as usize], 1.0);
        let at = t("11:00:00") + i * 997;
        oa.extend(a.push("SOURCE_SQL_STREAM_001", row.clone(), at));
        ob.extend(b.push("SOURCE_SQL_STREAM_001", row, at));
    }
    oa.extend(a.advance_to(t("12:00:00")));
    ob.extend(b.advance_to(t("12:00:00")));
    let ka: Vec<(i64, Value, Value)> =
        oa.iter().map(|r| (r.rowtime, r.values[1].clone(), r.values[2].clone())).collect();
    let kb: Vec<(i64, Value, Value)> =
        ob.iter().map(|r| (r.rowtime, r.values[2].clone(), r.values[3].clone())).collect();
    assert_eq!(ka, kb);
    assert!(!ka.is_empty());
    // window_end of Flink equals the ROWTIME KDA gives the row.
    for r in &ob {
        assert_eq!(r.values[1], Value::Time(r.rowtime));
    }
}

#[test]
fn flink_hop_puts_a_row_in_size_over_slide_windows() {
    let flink = "SELECT window_start, window_end, COUNT(*) AS n
        FROM TABLE(HOP(TABLE source, DESCRIPTOR(rowtime), INTERVAL '10' SECOND, INTERVAL '30' SECOND))
        GROUP BY window_start, window_end";
    let mut p = Program::compile_flink(flink).unwrap();
    let mut out = p.push("SOURCE_SQL_STREAM_001", ticker("AMZN", 1.0), 15_000);
    out.extend(p.advance_to(100_000));
    let ends: Vec<i64> = out.iter().map(|r| r.rowtime).collect();
    assert_eq!(ends, vec![20_000, 30_000, 40_000]);
    assert!(out.iter().all(|r| r.values[2] == Value::Int(1)));
}

#[test]
fn reference_table_join_adds_the_company_name() {
    let mut catalog = Catalog::ticker();
    catalog.tables.push(engine::analytics::sql::TableData {
        name: "CompanyName".into(),
        columns: vec![
            Column::new("Ticker", SqlType::Varchar(4)),
            Column::new("Company", SqlType::Varchar(20)),
        ],
        rows: vec![
            vec![Value::str("AMZN"), Value::str("Amazon")],
            vec![Value::str("WSB"), Value::str("Ocean Blue")],
        ],
    });
    let code = r#"
        CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), "Company" varchar(20), price DOUBLE);
        CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM ticker_symbol, "c"."Company", price
        FROM "SOURCE_SQL_STREAM_001" LEFT JOIN "CompanyName" AS "c"
        ON "SOURCE_SQL_STREAM_001".ticker_symbol = "c"."Ticker";
    "#;
    let mut p = Program::compile_with(code, &catalog, Syntax::KinesisSql).unwrap();
    let a = p.push("SOURCE_SQL_STREAM_001", ticker("AMZN", 84.5), 1);
    let b = p.push("SOURCE_SQL_STREAM_001", ticker("XYZ", 1.0), 2);
    assert_eq!(a[0].values, vec![Value::str("AMZN"), Value::str("Amazon"), Value::Num(84.5)]);
    assert_eq!(b[0].values, vec![Value::str("XYZ"), Value::Null, Value::Num(1.0)]);
}

#[test]
fn string_functions_and_filters() {
    let code = r#"
        CREATE OR REPLACE STREAM "D" (a VARCHAR(32), b INTEGER, c VARCHAR(8), d INTEGER);
        CREATE OR REPLACE PUMP "P" AS INSERT INTO "D"
        SELECT STREAM LOWER(ticker_symbol) || '-' || UPPER(sector), CHAR_LENGTH(sector),
               SUBSTRING(sector FROM 1 FOR 4), POSITION('NO' IN sector)
        FROM "SOURCE_SQL_STREAM_001"
        WHERE price > 50 AND (change < 0 OR ticker_symbol = 'AMZN');
    "#;
    let mut p = Program::compile(code).unwrap();
    let out = p.push("SOURCE_SQL_STREAM_001", ticker("AMZN", 84.5), 1);
    assert_eq!(
        out[0].values,
        vec![Value::str("amzn-TECHNOLOGY"), Value::Int(10), Value::str("TECH"), Value::Int(5)]
    );
    assert!(p.push("SOURCE_SQL_STREAM_001", ticker("IBM", 84.5), 2).is_empty());
    assert!(p.push("SOURCE_SQL_STREAM_001", ticker("AMZN", 10.0), 3).is_empty());
}

#[test]
fn examples_all_compile_with_their_catalogs() {
    for ex in engine::analytics::examples() {
        let r = Program::compile_with(ex.code, &ex.catalog(), ex.syntax);
        assert!(r.is_ok(), "{}: {:?}", ex.title, r.err());
    }
}

#[test]
fn step_in_the_select_list_is_the_window_start_and_rowtime_its_end() {
    let code = r#"
        CREATE OR REPLACE STREAM "D" (window_start TIMESTAMP, window_end TIMESTAMP, ticker_symbol VARCHAR(4), n INTEGER);
        CREATE OR REPLACE PUMP "P" AS INSERT INTO "D"
        SELECT STREAM STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '60' SECOND), ROWTIME, ticker_symbol, COUNT(*)
        FROM "SOURCE_SQL_STREAM_001"
        GROUP BY ticker_symbol, STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '60' SECOND);
    "#;
    let mut p = Program::compile(code).unwrap();
    let _ = p.push("SOURCE_SQL_STREAM_001", ticker("AMZN", 1.0), t("11:00:20"));
    let out = p.advance_to(t("11:01:00"));
    assert_eq!(hms(&out[0].values[0]), "11:00:00");
    assert_eq!(hms(&out[0].values[1]), "11:01:00");
    assert_eq!(out[0].values[3], Value::Int(1));
}

#[test]
fn windows_of_a_rowtime() {
    use engine::analytics::sql::Windowing;
    assert_eq!(Windowing::Tumbling { size: 10_000 }.windows_of(23_000), vec![(20_000, 30_000)]);
    assert_eq!(
        Windowing::Hop { slide: 10_000, size: 30_000 }.windows_of(15_000),
        vec![(-10_000, 20_000), (0, 30_000), (10_000, 40_000)]
    );
    assert!(Windowing::Stagger { range: 60_000 }.windows_of(1).is_empty());
}
