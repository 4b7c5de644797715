//! A poll's records through the application: mapped to rows, run through the program up to
//! the poll's time, reported as events, and the outputs written to their destinations with the
//! services' own typed calls.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::model::*;
use super::schema::Mapper;
use super::sql::{ErrorRow, OutputRow, Program, Value, WindowEmission};
use super::tick::reader_name;
use super::Analytics;
use crate::kinesis::wire::{PutRecordsInput, PutRecordsRequestEntry};
use crate::sim::{Ctx, Services};

/// What one run produced: output rows, error rows, and per input the records and rows read.
#[derive(Default)]
struct Ran {
    out: Vec<OutputRow>,
    errors: Vec<ErrorRow>,
    ingested: Vec<(u64, u64)>,
}

/// Maps records to rows, runs the program up to `now`, writes the outputs.
pub(super) fn run_rows(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    name: &str,
    records: Vec<(usize, Arc<[u8]>)>,
    now: i64,
) {
    let Some(app) = services.analytics.apps.get_mut(name) else { return };
    let Some(mut program) = app.program.take() else { return };
    let mut ran = ingest(app, &mut program, &records, now);
    ran.out.extend(program.advance_to(now));
    ran.errors.extend(program.take_errors());
    let emissions = program.take_emissions();
    let (per_stream, writes) = route(app, &program, &ran);
    for r in &ran.out {
        let stream = program.streams()[r.stream].name.clone();
        Application::remember(
            &mut app.output_rows,
            StreamRow { stream, rowtime: r.rowtime, values: r.values.clone() },
            OUTPUT_ROWS_KEPT,
        );
    }
    app.rows_out += ran.out.len() as u64;
    report(app, ctx, name, &ran, &emissions, per_stream);
    app.program = Some(program);
    for (oi, recs) in writes {
        deliver(services, ctx, name, oi, recs);
    }
}

/// Each record mapped to rows by its input's schema (or to an error row), each row
/// remembered as a source row and pushed into the program.
fn ingest(
    app: &mut Application,
    program: &mut Program,
    records: &[(usize, Arc<[u8]>)],
    now: i64,
) -> Ran {
    let mappers: Vec<Option<Mapper>> =
        app.inputs.iter().map(|i| Mapper::new(&i.schema).ok()).collect();
    let mut ran = Ran { ingested: vec![(0, 0); app.inputs.len()], ..Ran::default() };
    for (ii, data) in records {
        let Some(input) = app.inputs.get(*ii) else { continue };
        let stream = input.in_app_stream();
        let Some(Some(mapper)) = mappers.get(*ii) else { continue };
        ran.ingested[*ii].0 += 1;
        match mapper.map(data) {
            Ok(rows) => {
                let si = program.stream_index(&stream);
                for row in rows {
                    ran.ingested[*ii].1 += 1;
                    Application::remember(
                        &mut app.source_rows,
                        StreamRow { stream: stream.clone(), rowtime: now, values: row.clone() },
                        SOURCE_ROWS_KEPT,
                    );
                    if let Some(si) = si {
                        program.push_into(si, &row, now, &mut ran.out);
                    }
                }
            }
            Err(message) => ran.errors.push(ErrorRow {
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
    ran
}

/// Which rows go where: the rows written per in-application stream, and per output (by
/// index) its encoded records. An output named error_stream also gets the error rows.
#[allow(clippy::type_complexity)]
fn route(
    app: &Application,
    program: &Program,
    ran: &Ran,
) -> (BTreeMap<String, u64>, Vec<(usize, Vec<Vec<u8>>)>) {
    let mut per_stream: BTreeMap<String, u64> = BTreeMap::new();
    let mut by_output: Vec<Vec<&OutputRow>> = vec![Vec::new(); app.outputs.len()];
    for r in &ran.out {
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
            for e in &ran.errors {
                recs.push(encode_error(&o.format, e));
            }
        }
        if !recs.is_empty() {
            writes.push((oi, recs));
        }
    }
    (per_stream, writes)
}

/// The run's events (rows read, windows emitted, rows written, errors), the application's
/// counters, and what the view keeps of it.
fn report(
    app: &mut Application,
    ctx: &mut Ctx<'_>,
    name: &str,
    ran: &Ran,
    emissions: &[WindowEmission],
    per_stream: BTreeMap<String, u64>,
) {
    for (ii, (recs, rows)) in ran.ingested.iter().enumerate() {
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
    for w in emissions {
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
    for e in &ran.errors {
        app.error_count += 1;
        ctx.emit(Event::ErrorRow {
            app: name.to_string(),
            error_name: e.error_name.clone(),
            message: e.message.clone(),
        });
        Application::remember(&mut app.error_rows, e.clone(), ERROR_ROWS_KEPT);
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
