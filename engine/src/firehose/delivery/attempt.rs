//! One attempt at a batch's stage, its destination being up: write the object (or the error
//! object) to S3, run the COPY into the table, or send the bulk request to the domain.

use std::collections::BTreeMap;

use super::stages::{failed_document, Step};
use super::*;
use crate::firehose::destinations::Domain;

/// Where an attempt writes: the S3 store, the simulated Redshift tables and OpenSearch
/// domains.
pub(super) struct Targets<'a> {
    pub s3: &'a mut crate::s3::S3,
    pub tables: &'a mut BTreeMap<(String, String), RedshiftTable>,
    pub domains: &'a mut BTreeMap<String, Domain>,
}

/// One attempt at `stage` for the front batch.
pub(super) fn attempt(
    s: &mut DeliveryStream,
    to: Targets<'_>,
    ctx: &mut Ctx<'_>,
    stage: &Stage,
) -> Step {
    let Some(batch) = s.pending.front().cloned() else { return Step::Done(Vec::new()) };
    match stage {
        Stage::Store { key, bytes } => store(s, to.s3, ctx, batch, key, bytes),
        Stage::StoreError { key, bytes, error_type } => {
            store_error(s, to.s3, ctx, &batch, key, bytes, error_type)
        }
        Stage::Copy { key } => copy(s, to.s3, to.tables, ctx, &batch, key),
        Stage::Index => index(s, to.domains, ctx, batch),
    }
}

/// The object a batch became, as the S3 browser lists it.
fn delivered_object(
    bucket: String,
    key: &str,
    batch: &Batch,
    object_bytes: usize,
    ctx: &Ctx<'_>,
) -> DeliveredObject {
    DeliveredObject {
        bucket,
        key: key.to_string(),
        records: batch.records(),
        bytes: batch.raw_bytes,
        object_bytes: object_bytes as u64,
        first_arrival_ms: batch.first_arrival_ms,
        delivered_ms: ctx.unix_ms(),
    }
}

/// The delivered object (S3), or the staged one a COPY loads next (Redshift).
fn store(
    s: &mut DeliveryStream,
    s3: &mut crate::s3::S3,
    ctx: &mut Ctx<'_>,
    batch: Batch,
    key: &str,
    bytes: &Arc<[u8]>,
) -> Step {
    let bucket = s.destination.bucket.clone();
    if let Err(e) = crate::s3::ops::put_object(
        s3,
        ctx,
        crate::s3::wire::PutObjectInput::new(&bucket, key, bytes.clone()),
        crate::s3::WrittenBy::Firehose { delivery_stream: s.name.clone() },
    ) {
        return Step::Failed(format!("S3.{}", e.code));
    }
    let object = delivered_object(bucket, key, &batch, bytes.len(), ctx);
    let c = &mut s.counters;
    c.object_bytes_written += bytes.len() as u64;
    c.objects_delivered += 1;
    if matches!(s.kind, DestinationKind::S3) {
        c.records_delivered += batch.records();
        c.bytes_delivered += batch.raw_bytes;
    }
    if s.delivered.len() >= DELIVERED_HISTORY {
        s.delivered.pop_front();
    }
    s.delivered.push_back(object);
    Step::Done(match s.kind {
        DestinationKind::Redshift(_) => vec![Batch {
            stage: Stage::Copy { key: key.to_string() },
            attempts: 0,
            first_failed_at: None,
            ..batch
        }],
        _ => Vec::new(),
    })
}

/// An object under the error prefix: records that failed processing or indexing, or a
/// Redshift manifest.
fn store_error(
    s: &mut DeliveryStream,
    s3: &mut crate::s3::S3,
    ctx: &mut Ctx<'_>,
    batch: &Batch,
    key: &str,
    bytes: &Arc<[u8]>,
    error_type: &str,
) -> Step {
    let bucket = s.destination.bucket.clone();
    if let Err(e) = crate::s3::ops::put_object(
        s3,
        ctx,
        crate::s3::wire::PutObjectInput::new(&bucket, key, bytes.clone()),
        crate::s3::WrittenBy::Firehose { delivery_stream: s.name.clone() },
    ) {
        return Step::Failed(format!("S3.{}", e.code));
    }
    let records = batch.records();
    let object = delivered_object(bucket, key, batch, bytes.len(), ctx);
    s.counters.records_to_error_prefix += records;
    s.counters.error_objects += 1;
    s.counters.object_bytes_written += bytes.len() as u64;
    if s.error_objects.len() >= DELIVERED_HISTORY {
        s.error_objects.pop_front();
    }
    s.error_objects.push_back(object);
    ctx.emit(Event::ErrorObjectWritten {
        stream: s.name.clone(),
        key: key.to_string(),
        records,
        error_type: error_type.to_string(),
    });
    Step::Done(Vec::new())
}

/// The COPY: the staged object's rows into the table.
fn copy(
    s: &mut DeliveryStream,
    s3: &mut crate::s3::S3,
    tables: &mut BTreeMap<(String, String), RedshiftTable>,
    ctx: &mut Ctx<'_>,
    batch: &Batch,
    key: &str,
) -> Step {
    let DestinationKind::Redshift(r) = s.kind.clone() else {
        return Step::Done(Vec::new());
    };
    let content = match s3.get_object(&s.destination.bucket, key) {
        Ok(o) => match decompress(s.destination.compression, &o.bytes) {
            Ok(c) => c,
            Err(e) => return Step::Failed(format!("Redshift.CopyFailed: {e}")),
        },
        Err(_) => return Step::Failed("Redshift.S3ObjectNotFound".into()),
    };
    let table_key = (r.cluster_jdbc_url.clone(), r.copy.table.clone());
    let table = tables.entry(table_key).or_insert_with(|| RedshiftTable {
        cluster_jdbc_url: r.cluster_jdbc_url.clone(),
        table: r.copy.table.clone(),
        columns: r.copy.columns.clone(),
        ..RedshiftTable::default()
    });
    let mut columns = table.columns.clone();
    let rows = match rows_of(&r.copy, &mut columns, &content) {
        Ok(rows) => rows,
        Err(e) => return Step::Failed(format!("Redshift.CopyFailed: {e}")),
    };
    table.columns = columns;
    let n = rows.len() as u64;
    table.rows.extend(rows);
    let excess = table.rows.len().saturating_sub(TABLE_ROWS_KEPT);
    table.rows.drain(..excess);
    table.copies += 1;
    let c = &mut s.counters;
    c.rows_loaded += n;
    c.records_delivered += batch.records();
    c.bytes_delivered += batch.raw_bytes;
    ctx.emit(Event::RowsLoaded {
        stream: s.name.clone(),
        table: r.copy.table.clone(),
        key: key.to_string(),
        rows: n,
    });
    Step::Done(Vec::new())
}

/// What the domain refused in one bulk request: the error records (one JSON line each), and
/// the records with their arrival times.
#[derive(Default)]
struct Refused {
    text: String,
    records: Vec<Arc<[u8]>>,
    arrivals: Vec<i64>,
}

/// The bulk request: JSON objects are indexed, anything else is refused one by one; refused
/// documents (and, with AllDocuments, every record) go on to S3.
fn index(
    s: &mut DeliveryStream,
    domains: &mut BTreeMap<String, Domain>,
    ctx: &mut Ctx<'_>,
    batch: Batch,
) -> Step {
    let DestinationKind::OpenSearch(o) = s.kind.clone() else {
        return Step::Done(Vec::new());
    };
    let domain_name = o.domain();
    let domain = domains.entry(domain_name.clone()).or_default();
    domain.name = domain_name;
    let (indexed, refused, last_index) = bulk(domain, &o, &batch, ctx);
    let failed = refused.records.len() as u64;
    ctx.emit(Event::DocumentsIndexed {
        stream: s.name.clone(),
        index: last_index,
        documents: indexed,
        failed,
    });
    let c = &mut s.counters;
    c.documents_indexed += indexed;
    c.records_delivered += indexed;
    c.bytes_delivered += batch.raw_bytes;
    let mut next = Vec::new();
    if failed > 0 {
        next.push(error_batch(
            s,
            ctx,
            o.error_type(),
            refused.text.into_bytes(),
            refused.records,
            refused.arrivals,
            batch.first_arrival_ms,
        ));
    }
    if o.s3_backup_mode == "AllDocuments" {
        next.push(backup_of_all_documents(s, ctx, batch));
    }
    Step::Done(next)
}

/// Each record of the batch offered to the domain: how many were indexed, what was refused,
/// and the last index written to.
fn bulk(
    domain: &mut Domain,
    o: &OpenSearchDestination,
    batch: &Batch,
    ctx: &mut Ctx<'_>,
) -> (u64, Refused, String) {
    let now_ms = ctx.unix_ms();
    let (mut indexed, mut refused) = (0u64, Refused::default());
    let mut last_index = String::new();
    for (r, arrival) in batch.records.iter().zip(&batch.arrivals) {
        let index = o.rotation.index_name(&o.index_name, *arrival);
        let id = ctx.rng.alnum(20);
        let is_object = matches!(
            serde_json::from_slice::<serde_json::Value>(r),
            Ok(serde_json::Value::Object(_))
        );
        if is_object {
            let docs = domain.indices.entry(index.clone()).or_default();
            docs.push(Document {
                index: index.clone(),
                id,
                source: String::from_utf8_lossy(r).into_owned(),
                arrival_ms: *arrival,
                indexed_ms: now_ms,
            });
            let excess = docs.len().saturating_sub(INDEX_DOCS_KEPT);
            docs.drain(..excess);
            indexed += 1;
        } else {
            refused.text.push_str(&failed_document(
                batch.attempts + 1,
                *arrival,
                "400",
                "{\"type\":\"mapper_parsing_exception\",\"reason\":\"failed to parse\"}",
                now_ms,
                &id,
                &index,
                o.type_name.as_deref().unwrap_or(""),
                r,
            ));
            refused.text.push('\n');
            refused.records.push(r.clone());
            refused.arrivals.push(*arrival);
        }
        last_index = index;
    }
    (indexed, refused, last_index)
}

/// S3BackupMode AllDocuments: every record of the batch, as an object in the bucket.
fn backup_of_all_documents(s: &DeliveryStream, ctx: &mut Ctx<'_>, batch: Batch) -> Batch {
    let mut raw = Vec::with_capacity(batch.raw_bytes as usize);
    for r in &batch.records {
        raw.extend_from_slice(r);
    }
    let d = &s.destination;
    let key = keys::object_key(
        d.prefix.as_deref(),
        &s.name,
        s.version,
        batch.first_arrival_ms,
        d.extension(),
        ctx.rng,
    );
    let bytes = compress(d.compression, &raw, &key, batch.first_arrival_ms).into();
    Batch { stage: Stage::Store { key, bytes }, attempts: 0, first_failed_at: None, ..batch }
}
