//! The examples menu: the queries of the Kinesis Data Analytics developer guide over the
//! demo stock-ticker stream, and the same windows in Flink SQL.

use crate::{Catalog, Column, SqlType, Syntax, TableData, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    pub syntax: Syntax,
    /// The same query in the other syntax (for the side-by-side view), by id.
    pub twin: Option<&'static str>,
    /// Needs the `CompanyName` reference table (loaded from S3 in an application).
    pub reference_table: bool,
    pub code: &'static str,
}

impl Example {
    /// What the example is compiled against: the ticker stream, and the reference table when
    /// it joins one.
    pub fn catalog(&self) -> Catalog {
        let mut c = Catalog::ticker();
        if self.reference_table {
            c.tables.push(company_names());
        }
        c
    }
}

/// The reference table of the developer guide's join example: `CompanyName (Ticker, Company)`.
pub fn company_names() -> TableData {
    let rows = [
        ("AMZN", "Amazon"),
        ("ASD", "SomeCompanyA"),
        ("MMB", "SomeCompanyB"),
        ("WAS", "SomeCompanyC"),
    ];
    TableData {
        name: "CompanyName".into(),
        columns: vec![
            Column::new("Ticker", SqlType::Varchar(4)),
            Column::new("Company", SqlType::Varchar(20)),
        ],
        rows: rows.iter().map(|(t, c)| vec![Value::str(t), Value::str(c)]).collect(),
    }
}

/// The CSV object the reference table is loaded from (`s3://.../CompanyName.csv`).
pub const COMPANY_NAMES_CSV: &str =
    "AMZN,Amazon\nASD,SomeCompanyA\nMMB,SomeCompanyB\nWAS,SomeCompanyC\n";

/// The Flink SQL code paired with an example (by the example's id), for the side-by-side view.
pub fn flink_twin_of(id: &str) -> Option<&'static str> {
    let all = examples();
    let e = all.iter().find(|e| e.id == id)?;
    all.iter().find(|x| Some(x.id) == e.twin && x.syntax == Syntax::Flink).map(|t| t.code)
}

pub fn examples() -> Vec<Example> {
    vec![
        Example {
            id: "filter",
            title: "Filter: technology stocks (getting started)",
            syntax: Syntax::KinesisSql,
            twin: None,
            reference_table: false,
            code: r#"CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    ticker_symbol VARCHAR(4),
    sector        VARCHAR(12),
    change        DOUBLE,
    price         DOUBLE);

CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM ticker_symbol, sector, change, price
    FROM "SOURCE_SQL_STREAM_001"
    WHERE sector LIKE '%TECH%';
"#,
        },
        Example {
            id: "tumbling",
            title: "Tumbling window: count per ticker every 10 seconds (STEP)",
            syntax: Syntax::KinesisSql,
            twin: Some("flink-tumble"),
            reference_table: false,
            code: r#"CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    ticker_symbol VARCHAR(4),
    ticker_count  INTEGER,
    min_price     REAL,
    max_price     REAL);

CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM ticker_symbol, COUNT(*), MIN(price), MAX(price)
    FROM "SOURCE_SQL_STREAM_001"
    GROUP BY ticker_symbol,
             STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '10' SECOND);
"#,
        },
        Example {
            id: "tumbling-floor",
            title: "Tumbling window: average price per minute (FLOOR)",
            syntax: Syntax::KinesisSql,
            twin: None,
            reference_table: false,
            code: r#"CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    ticker_symbol VARCHAR(4),
    avg_price     DOUBLE);

CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM ticker_symbol, AVG(price)
    FROM "SOURCE_SQL_STREAM_001"
    GROUP BY ticker_symbol, FLOOR("SOURCE_SQL_STREAM_001".ROWTIME TO MINUTE);
"#,
        },
        Example {
            id: "sliding",
            title: "Sliding window: average price over the last minute",
            syntax: Syntax::KinesisSql,
            twin: None,
            reference_table: false,
            code: r#"CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    ticker_symbol VARCHAR(4),
    price         DOUBLE,
    avg_price     DOUBLE);

CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM ticker_symbol, price, AVG(price) OVER W1
    FROM "SOURCE_SQL_STREAM_001"
    WINDOW W1 AS (PARTITION BY ticker_symbol RANGE INTERVAL '1' MINUTE PRECEDING);
"#,
        },
        Example {
            id: "stagger",
            title: "Stagger window: count per ticker, window opened by its first row",
            syntax: Syntax::KinesisSql,
            twin: None,
            reference_table: false,
            code: r#"CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    ticker_symbol VARCHAR(4),
    event_minute  TIMESTAMP,
    ticker_count  INTEGER);

CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM ticker_symbol, FLOOR(ROWTIME TO MINUTE), COUNT(*)
    FROM "SOURCE_SQL_STREAM_001"
    WINDOWED BY STAGGER (
        PARTITION BY FLOOR(ROWTIME TO MINUTE), ticker_symbol RANGE INTERVAL '1' MINUTE);
"#,
        },
        Example {
            id: "above-average",
            title: "Price above its moving average (two pumps)",
            syntax: Syntax::KinesisSql,
            twin: None,
            reference_table: false,
            code: r#"CREATE OR REPLACE STREAM "AVERAGES" (
    ticker_symbol VARCHAR(4),
    price         DOUBLE,
    avg_price     DOUBLE);

CREATE OR REPLACE PUMP "AVERAGE_PUMP" AS INSERT INTO "AVERAGES"
    SELECT STREAM ticker_symbol, price, AVG(price) OVER W1
    FROM "SOURCE_SQL_STREAM_001"
    WINDOW W1 AS (PARTITION BY ticker_symbol RANGE INTERVAL '1' MINUTE PRECEDING);

CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    ticker_symbol VARCHAR(4),
    price         DOUBLE,
    avg_price     DOUBLE);

CREATE OR REPLACE PUMP "ABOVE_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM ticker_symbol, price, avg_price
    FROM "AVERAGES"
    WHERE price > avg_price;
"#,
        },
        Example {
            id: "reference-join",
            title: "Join with a reference table from S3 (company names)",
            syntax: Syntax::KinesisSql,
            twin: None,
            reference_table: true,
            code: r#"CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    ticker_symbol VARCHAR(4),
    "Company"     VARCHAR(20),
    sector        VARCHAR(12),
    change        DOUBLE,
    price         DOUBLE);

CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM ticker_symbol, "c"."Company", sector, change, price
    FROM "SOURCE_SQL_STREAM_001" LEFT JOIN "CompanyName" AS "c"
    ON "SOURCE_SQL_STREAM_001".ticker_symbol = "c"."Ticker";
"#,
        },
        Example {
            id: "flink-tumble",
            title: "Flink SQL: TUMBLE, count per ticker every 10 seconds",
            syntax: Syntax::Flink,
            twin: Some("tumbling"),
            reference_table: false,
            code: r#"SELECT window_start, window_end, ticker_symbol,
       COUNT(*) AS ticker_count, MIN(price) AS min_price, MAX(price) AS max_price
FROM TABLE(
    TUMBLE(TABLE source, DESCRIPTOR(rowtime), INTERVAL '10' SECOND))
GROUP BY window_start, window_end, ticker_symbol;
"#,
        },
        Example {
            id: "flink-hop",
            title: "Flink SQL: HOP, one-minute windows every 10 seconds",
            syntax: Syntax::Flink,
            twin: Some("sliding"),
            reference_table: false,
            code: r#"SELECT window_start, window_end, ticker_symbol, AVG(price) AS avg_price
FROM TABLE(
    HOP(TABLE source, DESCRIPTOR(rowtime), INTERVAL '10' SECOND, INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, ticker_symbol;
"#,
        },
    ]
}
