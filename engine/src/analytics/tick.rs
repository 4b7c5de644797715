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

use super::model::*;
use super::schema::Mapper;
use super::sql::{ErrorRow, OutputRow, Program, Value};
use super::{feed, Analytics};
use crate::kinesis::wire::{PutRecordsInput, PutRecordsRequestEntry};
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

/// Maps records to rows, runs the program up to `now`, writes the outputs.
fn run_rows(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    name: &str,
    records: Vec<(usize, Arc<[u8]>)>,
    now: i64,
) {
    let Some(app) = services.analytics.apps.get_mut(name) else { return };
    let Some(mut program) = app.program.take() else { return };
    let mappers: Vec<Option<Mapper>> =
        app.inputs.iter().map(|i| Mapper::new(&i.schema).ok()).collect();
    let mut out: Vec<OutputRow> = Vec::new();
    let mut errors: Vec<ErrorRow> = Vec::new();
    let mut ingested = vec![(0u64, 0u64); app.inputs.len()];
    for (ii, data) in &records {
        let Some(input) = app.inputs.get(*ii) else { continue };
        let stream = input.in_app_stream();
        let Some(Some(mapper)) = mappers.get(*ii) else { continue };
        ingested[*ii].0 += 1;
        match mapper.map(data) {
            Ok(rows) => {
                let si = program.stream_index(&stream);
                for row in rows {
                    ingested[*ii].1 += 1;
                    Application::remember(
                        &mut app.source_rows,
                        StreamRow { stream: stream.clone(), rowtime: now, values: row.clone() },
                        SOURCE_ROWS_KEPT,
                    );
                    if let Some(si) = si {
                        program.push_into(si, &row, now, &mut out);
                    }
                }
            }
            Err(message) => errors.push(ErrorRow {
                error_time: now,
                error_level: "Error".into(),
                error_name: "Record_Mapping_Error".into(),
                message,
                data_rowtime: now,
                data_row: super::sql::hex(data),
                pump_name: String::new(),
            }),
        }
    }
    out.extend(program.advance_to(now));
    errors.extend(program.take_errors());
    let emissions = program.take_emissions();
    // Which rows go where.
    let mut per_stream: std::collections::BTreeMap<String, u64> = Default::default();
    let mut by_output: Vec<Vec<&OutputRow>> = vec![Vec::new(); app.outputs.len()];
    for r in &out {
        let sname = program.streams()[r.stream].name.clone();
        *per_stream.entry(sname.clone()).or_default() += 1;
        for (oi, o) in app.outputs.iter().enumerate() {
            if o.name == sname
                || (o.name.eq_ignore_ascii_case(&sname)
                    && !app.outputs.iter().any(|x| x.name == sname))
            {
                by_output[oi].push(r);
            }
        }
    }
    let mut writes: Vec<(usize, Vec<Vec<u8>>)> = Vec::new();
    for (oi, rows) in by_output.iter().enumerate() {
        let o = &app.outputs[oi];
        let mut recs = Vec::new();
        for r in rows {
            let schema = &program.streams()[r.stream];
            recs.push(encode_row(
                &o.format,
                &schema.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
                &r.values,
            ));
        }
        if o.name.eq_ignore_ascii_case("error_stream") {
            for e in &errors {
                recs.push(encode_error(&o.format, e));
            }
        }
        if !recs.is_empty() {
            writes.push((oi, recs));
        }
    }
    for r in &out {
        let stream = program.streams()[r.stream].name.clone();
        Application::remember(
            &mut app.output_rows,
            StreamRow { stream, rowtime: r.rowtime, values: r.values.clone() },
            OUTPUT_ROWS_KEPT,
        );
    }
    app.rows_out += out.len() as u64;
    for (ii, (recs, rows)) in ingested.iter().enumerate() {
        app.rows_in += rows;
        if *recs > 0 {
            ctx.emit(Event::RowsIngested {
                app: name.to_string(),
                stream: app.inputs[ii].in_app_stream(),
                records: *recs,
                rows: *rows,
            });
        }
    }
    for w in &emissions {
        ctx.emit(Event::WindowEmitted {
            app: name.to_string(),
            pump: w.pump.clone(),
            start_ms: w.start,
            end_ms: w.end,
            key: w.key.clone(),
            rows: w.rows,
            groups: w.groups,
        });
        Application::remember(&mut app.emissions, w.clone(), EMISSIONS_KEPT);
    }
    for (stream, rows) in per_stream {
        ctx.emit(Event::RowsOutput { app: name.to_string(), stream, rows });
    }
    for e in &errors {
        app.error_count += 1;
        ctx.emit(Event::ErrorRow {
            app: name.to_string(),
            error_name: e.error_name.clone(),
            message: e.message.clone(),
        });
        Application::remember(&mut app.error_rows, e.clone(), ERROR_ROWS_KEPT);
    }
    app.program = Some(program);
    for (oi, recs) in writes {
        deliver(services, ctx, name, oi, recs);
    }
}

fn encode_row(format: &str, columns: &[&str], values: &[Value]) -> Vec<u8> {
    if format == "CSV" {
        let mut s = values
            .iter()
            .map(|v| if v.is_null() { String::new() } else { v.to_string() })
            .collect::<Vec<_>>()
            .join(",");
        s.push('\n');
        return s.into_bytes();
    }
    let mut m = serde_json::Map::new();
    for (c, v) in columns.iter().zip(values) {
        m.insert(c.to_string(), v.to_json());
    }
    let mut b = serde_json::Value::Object(m).to_string().into_bytes();
    b.push(b'\n');
    b
}

fn encode_error(format: &str, e: &ErrorRow) -> Vec<u8> {
    let cols = [
        "ERROR_TIME",
        "ERROR_LEVEL",
        "ERROR_NAME",
        "MESSAGE",
        "DATA_ROWTIME",
        "DATA_ROW",
        "PUMP_NAME",
    ];
    let vals = [
        Value::Time(e.error_time),
        Value::str(&e.error_level),
        Value::str(&e.error_name),
        Value::str(&e.message),
        Value::Time(e.data_rowtime),
        Value::str(&e.data_row),
        Value::str(&e.pump_name),
    ];
    encode_row(format, &cols, &vals)
}

/// Writes records to an output's destination with the services' own typed calls.
fn deliver(services: &mut Services, ctx: &mut Ctx<'_>, name: &str, oi: usize, recs: Vec<Vec<u8>>) {
    let Some(o) = services.analytics.apps.get(name).and_then(|a| a.outputs.get(oi)).cloned() else {
        return;
    };
    let total = recs.len() as u64;
    let mut failed = 0u64;
    let producer = reader_name(name);
    let destination = match &o.destination {
        OutputDestination::KinesisStream { stream, .. } => {
            for chunk in recs.chunks(500) {
                let base = services.analytics.apps.get(name).map_or(0, |a| a.records_out);
                let entries = chunk
                    .iter()
                    .enumerate()
                    .map(|(i, d)| PutRecordsRequestEntry {
                        data: Some(d.clone().into()),
                        explicit_hash_key: None,
                        partition_key: Some(format!(
                            "{:016x}",
                            base.wrapping_add(i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
                        )),
                    })
                    .collect();
                if let Some(a) = services.analytics.apps.get_mut(name) {
                    a.records_out += chunk.len() as u64;
                }
                let req = PutRecordsInput {
                    records: Some(entries),
                    stream_name: Some(stream.clone()),
                    ..PutRecordsInput::default()
                };
                match crate::kinesis::ops::put_records_from(
                    &mut services.kinesis,
                    ctx,
                    req,
                    Some(&producer),
                ) {
                    Ok(r) => failed += r.failed_record_count as u64,
                    Err(_) => failed += chunk.len() as u64,
                }
            }
            format!("kinesis:{stream}")
        }
        OutputDestination::Firehose { delivery_stream, .. } => {
            for chunk in recs.chunks(500) {
                let req = crate::firehose::wire::PutRecordBatchInput {
                    delivery_stream_name: Some(delivery_stream.clone()),
                    records: Some(
                        chunk
                            .iter()
                            .map(|d| crate::firehose::wire::Record { data: Some(d.clone().into()) })
                            .collect(),
                    ),
                };
                match crate::firehose::ops::put_record_batch(services, ctx, req) {
                    Ok(r) => failed += r.failed_put_count as u64,
                    Err(_) => failed += chunk.len() as u64,
                }
            }
            format!("firehose:{delivery_stream}")
        }
        // The sandbox has no Lambda: the records are counted as delivered nowhere.
        OutputDestination::Lambda { arn, .. } => {
            failed = total;
            format!("lambda:{arn}")
        }
    };
    if let Some(o) = services.analytics.apps.get_mut(name).and_then(|a| a.outputs.get_mut(oi)) {
        o.records_written += total - failed;
        o.records_failed += failed;
    }
    ctx.emit(Event::RecordsDelivered {
        app: name.to_string(),
        output: o.name.clone(),
        destination,
        records: total - failed,
        failed,
    });
}

impl Analytics {
    /// Pushes records into an application directly, as if read from its input (tests, and the
    /// UI's "send a test row").
    pub fn inject(services: &mut Services, ctx: &mut Ctx<'_>, app: &str, records: Vec<Vec<u8>>) {
        let now = ctx.unix_ms();
        let recs = records.into_iter().map(|r| (0usize, Arc::<[u8]>::from(r))).collect();
        run_rows(services, ctx, app, recs, now);
    }
}
