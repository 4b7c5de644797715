//! What the service does when the clock reaches one of its wake-ups: status transitions, a
//! running application's read of its input, the demo ticker feed.
//!
//! Reading: a running application reads each shard of its input stream once a second through
//! the Kinesis service's own GetShardIterator and GetRecords (reader
//! `kinesisanalytics/<app>`), so it counts against the shard's read limits like any consumer.
//! A Firehose input is read through the Kinesis stream its delivery stream reads, or, for a
//! DirectPut delivery stream, gets the records the delivery stream accepted since the last poll
//! (from its tap). ROWTIME of a
//! source row is the time the application read it (the poll), as in Kinesis Data Analytics,
//! where ROWTIME is the time a row was inserted into the in-application stream. After the rows
//! of a poll, time advances to the poll's time, so windows close even when no rows come.

use std::sync::Arc;

use super::feed;
use super::model::*;
use super::run::run_rows;
use super::schema::Mapper;
use super::sql::Program;
use crate::kinesis::reader;
use crate::sim::{Ctx, Services};

/// Handles one of the service's wake-ups.
pub(crate) fn wake(services: &mut Services, ctx: &mut Ctx<'_>, wake: Wake) {
    match wake {
        Wake::Transition { app, generation, to } => transition(services, ctx, &app, generation, to),
        Wake::Poll { app, generation } => poll(services, ctx, &app, generation),
        Wake::Feed { feed, generation } => feed::tick(services, ctx, &feed, generation),
    }
}

fn transition(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    name: &str,
    generation: u64,
    to: ApplicationStatus,
) {
    let Some(app) = services.analytics.apps.get_mut(name).filter(|a| a.generation == generation)
    else {
        return;
    };
    match (app.status, to) {
        (ApplicationStatus::Deleting, ApplicationStatus::Deleting) => {
            services.analytics.apps.remove(name);
            ctx.emit(Event::ApplicationDeleted { app: name.to_string() });
        }
        (ApplicationStatus::Starting, ApplicationStatus::Running) => {
            app.status = ApplicationStatus::Running;
            // Firehose inputs see what their delivery stream accepts from now on.
            for i in &mut app.inputs {
                if let InputSource::Firehose { delivery_stream, .. } = &i.source {
                    let tap = services.firehose.streams.get(delivery_stream).map(|d| d.tap.end());
                    i.tap_cursor = tap;
                }
            }
            ctx.emit(Event::StatusChanged { app: name.to_string(), status: "RUNNING".into() });
            let refs = app.references.clone();
            if let Some(p) = services.analytics.apps.get_mut(name).and_then(|a| a.program.as_mut())
            {
                let loaded = load_references_into(p, &refs, &services.s3);
                for (table, rows) in loaded {
                    ctx.emit(Event::ReferenceLoaded { app: name.to_string(), table, rows });
                }
            }
            poll(services, ctx, name, generation);
        }
        (ApplicationStatus::Updating, ApplicationStatus::Running) => {
            app.status = ApplicationStatus::Running;
            ctx.emit(Event::StatusChanged { app: name.to_string(), status: "RUNNING".into() });
        }
        (ApplicationStatus::Stopping, ApplicationStatus::Ready) => {
            app.status = ApplicationStatus::Ready;
            app.program = None;
            // New generation: pending polls of the stopped run do nothing.
            app.generation = services.analytics.next_generation;
            services.analytics.next_generation += 1;
            for i in &mut app.inputs {
                for c in i.cursors.values_mut() {
                    c.iterator = None;
                }
                i.tap_cursor = None;
            }
            ctx.emit(Event::StatusChanged { app: name.to_string(), status: "READY".into() });
        }
        _ => {}
    }
}

/// Loads each reference table's S3 object into the program; returns (table, rows) loaded.
pub(crate) fn load_references_into(
    program: &mut Program,
    refs: &[ReferenceConfig],
    s3: &crate::s3::S3,
) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for r in refs {
        let Some(bucket) = crate::firehose::ops::bucket_of_arn(&r.bucket_arn) else { continue };
        let Ok(obj) = s3.get_object(bucket, &r.file_key) else { continue };
        let Ok(mapper) = Mapper::new(&r.schema) else { continue };
        let mut rows = Vec::new();
        // A JSON reference file holds one object per line; a CSV file one row per line.
        let text = String::from_utf8_lossy(&obj.bytes).to_string();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            if let Ok(rs) = mapper.map(line.as_bytes()) {
                rows.extend(rs);
            }
        }
        out.push((r.table_name.clone(), rows.len() as u64));
        program.set_table_rows(&r.table_name, rows);
    }
    out
}

pub fn reader_name(app: &str) -> String {
    format!("kinesisanalytics/{app}")
}

/// The Kinesis stream an input reads.
fn input_stream(services: &Services, input: &InputConfig) -> Option<String> {
    match &input.source {
        InputSource::KinesisStream { stream, .. } => Some(stream.clone()),
        InputSource::Firehose { delivery_stream, .. } => {
            match &services.firehose.streams.get(delivery_stream)?.source {
                crate::firehose::model::Source::KinesisStream(k) => Some(k.stream_name.clone()),
                crate::firehose::model::Source::DirectPut => None,
            }
        }
    }
}

/// Reads up to `limit` records of a stream without keeping a position (DiscoverInputSchema).
pub(crate) fn sample_stream(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    stream: &str,
    position: &str,
    limit: usize,
) -> Vec<Vec<u8>> {
    let shards: Vec<u32> = services
        .kinesis
        .streams
        .get(stream)
        .map(|s| s.shards.iter().map(|x| x.number).collect())
        .unwrap_or_default();
    let mut out = Vec::new();
    for n in shards {
        let mut cursor =
            reader::ShardCursor { from_latest: position == "NOW", ..Default::default() };
        let k = &mut services.kinesis;
        let read =
            reader::read(k, ctx, "kinesisanalytics/discover", stream, n, &mut cursor, limit as i64);
        out.extend(read.into_records().into_iter().map(|r| r.data.0.to_vec()));
        if out.len() >= limit {
            break;
        }
    }
    out.truncate(limit);
    out
}

/// One read of the input, the rows through the program, the results to the outputs.
fn poll(services: &mut Services, ctx: &mut Ctx<'_>, name: &str, generation: u64) {
    let Some(app) = services.analytics.apps.get(name).filter(|a| a.generation == generation) else {
        return;
    };
    if !matches!(app.status, ApplicationStatus::Running | ApplicationStatus::Updating) {
        return;
    }
    let now = ctx.unix_ms();
    let reader = reader_name(name);
    let mut records: Vec<(usize, Arc<[u8]>)> = Vec::new();
    // What DirectPut delivery streams accepted since the last poll comes first.
    let firehose = &services.firehose;
    if let Some(app) = services.analytics.apps.get_mut(name) {
        for (ii, input) in app.inputs.iter_mut().enumerate() {
            let (Some(cursor), InputSource::Firehose { delivery_stream, .. }) =
                (input.tap_cursor, &input.source)
            else {
                continue;
            };
            let Some(d) = firehose.streams.get(delivery_stream) else { continue };
            let (tapped, next) = d.tap.since(cursor);
            input.tap_cursor = Some(next);
            records.extend(tapped.into_iter().map(|r| (ii, r)));
        }
    }
    let Some(app) = services.analytics.apps.get(name) else { return };
    let inputs = app.inputs.clone();
    let mut new_inputs = inputs.clone();
    for (ii, input) in inputs.iter().enumerate() {
        let Some(stream) = input_stream(services, input) else { continue };
        let shards: Vec<(u32, bool)> = services
            .kinesis
            .streams
            .get(&stream)
            .map(|s| s.shards.iter().map(|x| (x.number, x.is_open())).collect())
            .unwrap_or_default();
        let cursors = &mut new_inputs[ii].cursors;
        let first_read = cursors.is_empty();
        for (n, open) in shards {
            let c = cursors.entry(n).or_insert_with(|| ShardCursor {
                done: !open && first_read && input.starting_position.as_deref() == Some("NOW"),
                ..ShardCursor::default()
            });
            if c.done {
                continue;
            }
            // Only the very first poll of a NOW input starts at LATEST; a later fresh start
            // (an expired iterator before any record) reads from TRIM_HORIZON.
            c.from_latest = first_read && input.starting_position.as_deref() == Some("NOW");
            // Throttled by the shard's read limit: again next second.
            let read = reader::read(&mut services.kinesis, ctx, &reader, &stream, n, c, 10_000);
            c.from_latest = false;
            records.extend(read.into_records().into_iter().map(|r| (ii, r.data.0)));
        }
    }
    let Some(app) = services.analytics.apps.get_mut(name) else { return };
    app.inputs = new_inputs;
    run_rows(services, ctx, name, records, now);
    ctx.schedule_in(POLL_EVERY_MS, Wake::Poll { app: name.to_string(), generation });
}
