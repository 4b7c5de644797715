//! The tumbling-window throughput of benches/analytics.rs, measured in wasm (Node), to compare
//! with the native figure. Run with
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test --profile bench
//! -p engine --target wasm32-unknown-unknown --test engine -- analytics_wasm_bench --nocapture`.

use engine::analytics::feed::symbols;
use engine::analytics::sql::{OutputRow, Program, Value};
use wasm_bindgen_test::*;

const CODE: &str = r#"CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    ticker_symbol VARCHAR(4), ticker_count INTEGER, avg_price DOUBLE, max_price REAL);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM ticker_symbol, COUNT(*), AVG(price), MAX(price)
    FROM "SOURCE_SQL_STREAM_001"
    GROUP BY ticker_symbol, STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '10' SECOND);"#;

#[wasm_bindgen_test]
fn tumbling_rows_per_second() {
    let syms = symbols(100);
    let mut x: u64 = 1;
    let input: Vec<Vec<Value>> = (0..100_000)
        .map(|_| {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let (s, sector) = &syms[(x >> 33) as usize % syms.len()];
            let price = 50.0 + ((x >> 20) % 10_000) as f64 / 100.0;
            vec![Value::str(s), Value::str(sector), Value::Num(0.1), Value::Num(price)]
        })
        .collect();
    let mut p = Program::compile(CODE).expect("compiles");
    let source = p.stream_index("SOURCE_SQL_STREAM_001").expect("source");
    let mut out: Vec<OutputRow> = Vec::new();
    let mut t = 0i64;
    let mut run = |ms: f64| {
        let start = js_sys::Date::now();
        let mut rows = 0usize;
        while js_sys::Date::now() - start < ms {
            out.clear();
            for row in &input {
                p.push_into(source, row, t, &mut out);
                t += 1;
            }
            rows += input.len();
        }
        rows as f64 / ((js_sys::Date::now() - start) / 1000.0)
    };
    // Warm-up: V8 compiles hot wasm again with its optimising tier after a while.
    run(1_000.0);
    let rate = run(3_000.0);
    console_log!("wasm tumbling 100 symbols: {:.0} rows/s", rate);
}
