//! Rows per second through a tumbling-window aggregation (GROUP BY ticker_symbol,
//! STEP(ROWTIME BY INTERVAL '10' SECOND)) of a 100-symbol ticker stream, straight through the
//! query engine (no API, no Kinesis): what the SQL costs per row.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use engine::analytics::feed::symbols;
use engine::analytics::sql::{OutputRow, Program, Value};

const CODE: &str = r#"CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    ticker_symbol VARCHAR(4), ticker_count INTEGER, avg_price DOUBLE, max_price REAL);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM ticker_symbol, COUNT(*), AVG(price), MAX(price)
    FROM "SOURCE_SQL_STREAM_001"
    GROUP BY ticker_symbol, STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '10' SECOND);"#;

const ROWS: usize = 100_000;

/// 100 symbols, rows 1 ms apart (10,000 rows per window), prices on a cheap walk.
fn rows() -> Vec<(i64, Vec<Value>)> {
    let syms = symbols(100);
    let mut x: u64 = 1;
    (0..ROWS)
        .map(|i| {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let (s, sector) = &syms[(x >> 33) as usize % syms.len()];
            let price = 50.0 + ((x >> 20) % 10_000) as f64 / 100.0;
            (i as i64, vec![Value::str(s), Value::str(sector), Value::Num(0.1), Value::Num(price)])
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let input = rows();
    let mut g = c.benchmark_group("analytics");
    g.throughput(Throughput::Elements(ROWS as u64));
    g.bench_function("tumbling_100_symbols", |b| {
        let mut p = Program::compile(CODE).expect("compiles");
        let source = p.stream_index("SOURCE_SQL_STREAM_001").expect("source");
        let mut out: Vec<OutputRow> = Vec::with_capacity(1024);
        let mut base = 0i64;
        b.iter(|| {
            out.clear();
            for (t, row) in &input {
                p.push_into(source, row, base + t, &mut out);
            }
            base += ROWS as i64;
            std::hint::black_box(out.len())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
