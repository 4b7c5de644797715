//! The demo stock-ticker feed, like the one the Kinesis Data Analytics console's "getting
//! started" exercise wrote into a demo stream: JSON records
//! `{"TICKER_SYMBOL":"AMZN","SECTOR":"TECHNOLOGY","CHANGE":-0.12,"PRICE":84.51}`, prices on a
//! random walk drawn from the world's seeded RNG.

use serde::{Deserialize, Serialize};

use super::model::{Event, Wake};
use super::wire::{RecordColumn, SourceSchema};
use crate::kinesis::wire::{PutRecordsInput, PutRecordsRequestEntry};
use crate::sim::{Ctx, Services};

/// The feed writes every this many ms (rate is spread over the second).
pub const FEED_TICK_MS: u64 = 200;

/// Symbols and sectors of the demo stream.
pub const SYMBOLS: &[(&str, &str)] = &[
    ("AMZN", "TECHNOLOGY"),
    ("MSFT", "TECHNOLOGY"),
    ("AAPL", "TECHNOLOGY"),
    ("NFLX", "TECHNOLOGY"),
    ("IBM", "TECHNOLOGY"),
    ("TBV", "HEALTHCARE"),
    ("QXZ", "HEALTHCARE"),
    ("JKL", "HEALTHCARE"),
    ("WSB", "FINANCIAL"),
    ("BAC", "FINANCIAL"),
    ("JPM", "FINANCIAL"),
    ("ASD", "FINANCIAL"),
    ("MMB", "ENERGY"),
    ("XOM", "ENERGY"),
    ("CVB", "ENERGY"),
    ("WAS", "RETAIL"),
    ("KFU", "RETAIL"),
    ("PPL", "RETAIL"),
    ("ALY", "AUTOMOBILE"),
    ("DFT", "AUTOMOBILE"),
];

const SECTORS: &[&str] =
    &["TECHNOLOGY", "HEALTHCARE", "FINANCIAL", "ENERGY", "RETAIL", "AUTOMOBILE"];

/// The input schema of the feed's records, as an application reading them declares it: the
/// JSON members mapped to the columns of `SOURCE_SQL_STREAM_001` (the same columns as
/// [`crate::analytics::sql::Catalog::ticker`]).
pub fn input_schema() -> SourceSchema {
    let column = |name: &str, sql_type: &str| RecordColumn {
        name: Some(name.into()),
        mapping: Some(format!("$.{name}")),
        sql_type: Some(sql_type.into()),
    };
    super::schema::json_schema(vec![
        column("TICKER_SYMBOL", "VARCHAR(4)"),
        column("SECTOR", "VARCHAR(16)"),
        column("CHANGE", "REAL"),
        column("PRICE", "REAL"),
    ])
}

/// A running feed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TickerFeed {
    pub id: String,
    pub stream: String,
    /// Records per second.
    pub rate: u32,
    pub generation: u64,
    /// (symbol, sector, price in cents)
    pub symbols: Vec<(String, String, i64)>,
    /// Fractional records carried to the next tick, in thousandths.
    pub carry: u64,
    pub records: u64,
    pub failed: u64,
}

/// The symbol list of a feed with `n` symbols: the demo's twenty, then made-up ones.
pub fn symbols(n: usize) -> Vec<(String, String)> {
    (0..n.max(1))
        .map(|i| match SYMBOLS.get(i) {
            Some((s, sec)) => (s.to_string(), sec.to_string()),
            None => {
                let k = i - SYMBOLS.len();
                let name: String = [
                    b'A' + (k / 676 % 26) as u8,
                    b'A' + (k / 26 % 26) as u8,
                    b'A' + (k % 26) as u8,
                ]
                .iter()
                .map(|b| *b as char)
                .collect();
                (format!("X{name}"), SECTORS[k % SECTORS.len()].to_string())
            }
        })
        .collect()
}

pub(crate) fn start(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    id: &str,
    stream: &str,
    rate: u32,
    n: u16,
) {
    let generation = services.analytics.next_generation;
    services.analytics.next_generation += 1;
    let symbols = symbols(if n == 0 { SYMBOLS.len() } else { n as usize })
        .into_iter()
        .map(|(s, sec)| {
            let cents = 1_000 + ctx.rng.below(19_000) as i64;
            (s, sec, cents)
        })
        .collect();
    services.analytics.feeds.insert(
        id.to_string(),
        TickerFeed {
            id: id.into(),
            stream: stream.into(),
            rate,
            generation,
            symbols,
            carry: 0,
            records: 0,
            failed: 0,
        },
    );
    ctx.emit(Event::TickerFeedStarted { feed: id.into(), stream: stream.into(), rate });
    ctx.schedule_in(FEED_TICK_MS, Wake::Feed { feed: id.into(), generation });
}

pub(crate) fn stop(services: &mut Services, ctx: &mut Ctx<'_>, id: &str) -> bool {
    let found = services.analytics.feeds.remove(id).is_some();
    if found {
        ctx.emit(Event::TickerFeedStopped { feed: id.into() });
    }
    found
}

/// One record of the feed: a step of the symbol's random walk.
fn next_record(feed: &mut TickerFeed, ctx: &mut Ctx<'_>) -> (String, Vec<u8>) {
    let i = ctx.rng.below(feed.symbols.len() as u64) as usize;
    let (sym, sector, cents) = &mut feed.symbols[i];
    // A change of up to 1% of the price either way, in cents.
    let span = (*cents / 100).max(1);
    let change = ctx.rng.below(2 * span as u64 + 1) as i64 - span;
    *cents = (*cents + change).max(100);
    let json = format!(
        "{{\"TICKER_SYMBOL\":\"{sym}\",\"SECTOR\":\"{sector}\",\"CHANGE\":{},\"PRICE\":{}}}",
        cents_text(change),
        cents_text(*cents)
    );
    (sym.clone(), json.into_bytes())
}

fn cents_text(c: i64) -> String {
    let sign = if c < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", c.abs() / 100, c.abs() % 100)
}

pub(crate) fn tick(services: &mut Services, ctx: &mut Ctx<'_>, id: &str, generation: u64) {
    let Some(mut feed) = services.analytics.feeds.remove(id) else { return };
    if feed.generation != generation {
        services.analytics.feeds.insert(id.into(), feed);
        return;
    }
    let due = feed.rate as u64 * FEED_TICK_MS + feed.carry;
    let n = (due / 1000) as usize;
    feed.carry = due % 1000;
    let mut recs = Vec::with_capacity(n);
    for _ in 0..n {
        recs.push(next_record(&mut feed, ctx));
    }
    let producer = format!("ticker/{id}");
    for chunk in recs.chunks(500) {
        let req = PutRecordsInput {
            records: Some(
                chunk
                    .iter()
                    .map(|(k, d)| PutRecordsRequestEntry {
                        data: Some(d.clone().into()),
                        explicit_hash_key: None,
                        partition_key: Some(k.clone()),
                    })
                    .collect(),
            ),
            stream_name: Some(feed.stream.clone()),
            ..PutRecordsInput::default()
        };
        match crate::kinesis::ops::put_records_from(
            &mut services.kinesis,
            ctx,
            req,
            Some(&producer),
        ) {
            Ok(r) => {
                feed.failed += r.failed_record_count as u64;
                feed.records += chunk.len() as u64 - r.failed_record_count as u64;
            }
            Err(_) => feed.failed += chunk.len() as u64,
        }
    }
    services.analytics.feeds.insert(id.into(), feed);
    ctx.schedule_in(FEED_TICK_MS, Wake::Feed { feed: id.into(), generation });
}
