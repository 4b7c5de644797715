//! Setting up: a bucket, a delivery stream (direct put or reading a Kinesis stream) with its S3
//! destination and buffering hints, picking which stream to watch, and sending records by hand.

use engine::api::Call;
use engine::firehose::wire::{CreateDeliveryStreamInput, PutRecordBatchInput};
use engine::s3::S3Command;
use engine::Command;
use leptos::prelude::*;

use engine::firehose::transform::BUILT_INS;

use super::FirehoseState;
use crate::driver::Sim;

/// The role Firehose assumes to write to the bucket (the sandbox checks its shape only).
pub const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/firehose-delivery-role";

/// Where the delivery stream delivers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Destination {
    #[default]
    S3,
    Redshift,
    OpenSearch,
}

impl Destination {
    pub fn parse(s: &str) -> Self {
        match s {
            "Redshift" => Destination::Redshift,
            "OpenSearch" => Destination::OpenSearch,
            _ => Destination::S3,
        }
    }
}

pub const COMPRESSIONS: [&str; 5] = ["UNCOMPRESSED", "GZIP", "ZIP", "Snappy", "HADOOP_SNAPPY"];
pub const JDBC_URL: &str =
    "jdbc:redshift://analytics.c1a2b3c4d5e6.us-east-1.redshift.amazonaws.com:5439/dev";
pub const DOMAIN_ARN: &str = "arn:aws:es:us-east-1:123456789012:domain/clicks-search";

/// The ARN of a built-in transform (the sandbox reads its arguments from the qualifier).
pub fn transform_arn(function: &str, args: &str) -> String {
    let base = format!("arn:aws:lambda:us-east-1:123456789012:function:{function}");
    if args.trim().is_empty() {
        base
    } else {
        format!("{base}:{}", args.trim())
    }
}

/// What the learner sets on the form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StreamSpec {
    pub name: String,
    pub bucket: String,
    /// The ARN of a Kinesis stream to read; `None` for DirectPut.
    pub source_arn: Option<String>,
    pub size_mbs: u32,
    pub interval_s: u32,
    pub prefix: String,
    /// One of [`COMPRESSIONS`] (empty: UNCOMPRESSED).
    pub compression: String,
    pub destination: Destination,
    /// The Lambda ARN of a built-in transform.
    pub transform: Option<String>,
    pub error_prefix: String,
    /// Redshift: table, columns (comma-separated), COPY options.
    pub table: String,
    pub columns: String,
    pub copy_options: String,
    /// OpenSearch: index name and rotation.
    pub index: String,
    pub rotation: String,
    /// RetryOptions.DurationInSeconds (Redshift, OpenSearch); `None` for AWS's default.
    pub retry_s: Option<u32>,
}

/// The CreateDeliveryStream request for `spec`.
/// CreateDeliveryStream for `spec` (its destination is built member by member below).
pub fn create_call(spec: &StreamSpec) -> Call {
    Call::with_body::<CreateDeliveryStreamInput>(create_body(spec))
}

pub fn create_body(spec: &StreamSpec) -> String {
    let compression =
        if spec.compression.is_empty() { "UNCOMPRESSED" } else { spec.compression.as_str() };
    let mut s3 = serde_json::json!({
        "RoleARN": ROLE_ARN,
        "BucketARN": format!("arn:aws:s3:::{}", spec.bucket),
        "BufferingHints": { "SizeInMBs": spec.size_mbs, "IntervalInSeconds": spec.interval_s },
        "CompressionFormat": compression,
    });
    if !spec.prefix.is_empty() {
        s3["Prefix"] = spec.prefix.clone().into();
    }
    if !spec.error_prefix.is_empty() {
        s3["ErrorOutputPrefix"] = spec.error_prefix.clone().into();
    }
    let processing = spec.transform.as_ref().map(|arn| {
        serde_json::json!({
            "Enabled": true,
            "Processors": [{ "Type": "Lambda", "Parameters": [
                { "ParameterName": "LambdaArn", "ParameterValue": arn }
            ] }]
        })
    });
    let mut body = serde_json::json!({ "DeliveryStreamName": spec.name });
    match spec.destination {
        Destination::S3 => {
            if let Some(p) = processing {
                s3["ProcessingConfiguration"] = p;
            }
            body["ExtendedS3DestinationConfiguration"] = s3;
        }
        Destination::Redshift => {
            let mut copy = serde_json::json!({ "DataTableName": spec.table });
            if !spec.columns.trim().is_empty() {
                copy["DataTableColumns"] = spec.columns.trim().into();
            }
            if !spec.copy_options.trim().is_empty() {
                copy["CopyOptions"] = spec.copy_options.trim().into();
            }
            let mut d = serde_json::json!({
                "RoleARN": ROLE_ARN,
                "ClusterJDBCURL": JDBC_URL,
                "CopyCommand": copy,
                "Username": "firehose_loader",
                "Password": "Sandbox-Passw0rd",
                "S3Configuration": s3,
            });
            if let Some(r) = spec.retry_s {
                d["RetryOptions"] = serde_json::json!({ "DurationInSeconds": r });
            }
            if let Some(p) = processing {
                d["ProcessingConfiguration"] = p;
            }
            body["RedshiftDestinationConfiguration"] = d;
        }
        Destination::OpenSearch => {
            // OpenSearch buffers on its own hints; the S3 configuration is the backup.
            let hints = s3["BufferingHints"].take();
            s3.as_object_mut().map(|o| o.remove("BufferingHints"));
            let mut d = serde_json::json!({
                "RoleARN": ROLE_ARN,
                "DomainARN": DOMAIN_ARN,
                "IndexName": spec.index,
                "IndexRotationPeriod": if spec.rotation.is_empty() { "OneDay" } else { spec.rotation.as_str() },
                "BufferingHints": hints,
                "S3BackupMode": "FailedDocumentsOnly",
                "S3Configuration": s3,
            });
            if let Some(r) = spec.retry_s {
                d["RetryOptions"] = serde_json::json!({ "DurationInSeconds": r });
            }
            if let Some(p) = processing {
                d["ProcessingConfiguration"] = p;
            }
            body["AmazonopensearchserviceDestinationConfiguration"] = d;
        }
    }
    match &spec.source_arn {
        Some(arn) => {
            body["DeliveryStreamType"] = "KinesisStreamAsSource".into();
            body["KinesisStreamSourceConfiguration"] =
                serde_json::json!({ "KinesisStreamARN": arn, "RoleARN": ROLE_ARN });
        }
        None => body["DeliveryStreamType"] = "DirectPut".into(),
    }
    body.to_string()
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (the wire form of a record's `Data`).
pub fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

const PAGES: [&str; 5] = ["/", "/products", "/products/42", "/cart", "/checkout"];

/// The `i`th sample clickstream event, one JSON object per line (as Firehose users write them:
/// Firehose adds no delimiter of its own).
pub fn sample_record(i: u64, unix_ms: i64) -> String {
    format!(
        "{{\"event\":\"page_view\",\"user\":\"user-{}\",\"page\":\"{}\",\"seq\":{i},\"ts\":{unix_ms}}}\n",
        i % 37,
        PAGES[(i % PAGES.len() as u64) as usize]
    )
}

/// A PutRecordBatch of `n` sample records numbered from `first`.
/// PutRecordBatch of `n` sample records numbered from `first`.
pub fn batch_call(stream: &str, first: u64, n: u64, unix_ms: i64) -> Call {
    Call::with_body::<PutRecordBatchInput>(batch_body(stream, first, n, unix_ms))
}

pub fn batch_body(stream: &str, first: u64, n: u64, unix_ms: i64) -> String {
    let records: Vec<_> = (first..first + n)
        .map(|i| serde_json::json!({ "Data": base64(sample_record(i, unix_ms).as_bytes()) }))
        .collect();
    serde_json::json!({ "DeliveryStreamName": stream, "Records": records }).to_string()
}

/// Sensible arguments for a built-in transform over the sample clickstream events.
pub fn default_args(function: &str) -> &'static str {
    match function {
        "sandbox-keep-fields" => "user--page--seq",
        "sandbox-json-to-csv" => "seq--user--page",
        "sandbox-add-field" => "source--web",
        "sandbox-drop-matching" => "user--user-0",
        _ => "",
    }
}

pub fn create_bucket(sim: Sim, bucket: &str) {
    sim.act(
        Command::S3(S3Command::CreateBucket { bucket: bucket.to_string() }),
        &format!("aws s3 mb s3://{bucket}"),
    );
}

/// The ARN of a Kinesis stream of the world.
pub fn kinesis_arn(sim: Sim, stream: &str) -> Option<String> {
    sim.with_world(|w| w.view().kinesis().stream(stream).map(|s| s.arn))
}

fn parse_in(text: &str, min: u32, max: u32, default: u32) -> u32 {
    text.trim().parse::<u32>().map_or(default, |v| v.clamp(min, max))
}

#[component]
pub fn SetupPanel() -> impl IntoView {
    let state = expect_context::<FirehoseState>();
    let sim = state.sim;
    let bucket = RwSignal::new("clickstream-archive".to_string());
    let name = RwSignal::new("clicks-to-s3".to_string());
    let source = RwSignal::new(String::new());
    let size = RwSignal::new("5".to_string());
    let interval = RwSignal::new("300".to_string());
    let prefix = RwSignal::new(String::new());
    let compression = RwSignal::new("UNCOMPRESSED".to_string());
    let dest = RwSignal::new(Destination::S3);
    let transform = RwSignal::new(String::new());
    let transform_args = RwSignal::new(String::new());
    let error_prefix = RwSignal::new("errors/!{firehose:error-output-type}/".to_string());
    let table = RwSignal::new("clicks".to_string());
    let columns = RwSignal::new("event,user,page,seq,ts".to_string());
    let copy_options = RwSignal::new("json 'auto'".to_string());
    let index = RwSignal::new("clicks".to_string());
    let rotation = RwSignal::new("OneDay".to_string());
    let problem = RwSignal::new(None::<String>);
    let has_bucket = move || state.buckets.with(|b| b.contains(&bucket.get()));
    let make_bucket = move |_| create_bucket(sim, bucket.get_untracked().trim());
    let create = move |_| {
        let b = bucket.get_untracked().trim().to_string();
        if !state.buckets.get_untracked().contains(&b) {
            create_bucket(sim, &b);
        }
        let src = source.get_untracked();
        let source_arn = if src.is_empty() { None } else { kinesis_arn(sim, &src) };
        let spec = StreamSpec {
            name: name.get_untracked().trim().to_string(),
            bucket: b,
            source_arn,
            size_mbs: parse_in(&size.get_untracked(), 1, 128, 5),
            interval_s: parse_in(&interval.get_untracked(), 0, 900, 300),
            prefix: prefix.get_untracked().trim().to_string(),
            compression: compression.get_untracked(),
            destination: dest.get_untracked(),
            transform: {
                let f = transform.get_untracked();
                (!f.is_empty()).then(|| transform_arn(&f, &transform_args.get_untracked()))
            },
            error_prefix: error_prefix.get_untracked().trim().to_string(),
            table: table.get_untracked().trim().to_string(),
            columns: columns.get_untracked(),
            copy_options: copy_options.get_untracked(),
            index: index.get_untracked().trim().to_string(),
            rotation: rotation.get_untracked(),
            retry_s: None,
        };
        match sim.call(create_call(&spec)) {
            Ok(_) => {
                problem.set(None);
                state.chosen.set(Some(spec.name));
            }
            Err(e) => problem.set(Some(format!("{}: {}", e.code, e.message))),
        }
    };
    let input = |s: RwSignal<String>| move |ev| s.set(event_target_value(&ev));
    view! {
        <section class="panel fh-setup" aria-labelledby="fh-setup-title">
            <h3 id="fh-setup-title">"Create a delivery stream"</h3>
            <div class="form-row">
                <label class="field">
                    <span>"S3 bucket"</span>
                    <input data-testid="bucket-name" type="text" spellcheck="false" prop:value=bucket on:input=input(bucket) />
                </label>
                <button data-testid="create-bucket" disabled=has_bucket on:click=make_bucket>
                    {move || if has_bucket() { "✓ Bucket exists" } else { "Create bucket" }}
                </button>
            </div>
            <div class="form-row">
                <label class="field">
                    <span>"Delivery stream"</span>
                    <input data-testid="delivery-stream-name" type="text" spellcheck="false" prop:value=name on:input=input(name) />
                </label>
                <label class="field">
                    <span>"Source"</span>
                    <select data-testid="source-select" on:change=move |ev| source.set(event_target_value(&ev))>
                        <option value="">"Direct PUT"</option>
                        {move || {
                            state
                                .kinesis_streams
                                .get()
                                .into_iter()
                                .map(|s| {
                                    let label = format!("Kinesis stream {s}");
                                    view! { <option value=s>{label}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
            </div>
            <div class="form-row">
                <label class="field">
                    <span>"Buffer size (MiB, 1–128)"</span>
                    <input data-testid="buffer-size" class="narrow" type="number" min="1" max="128" prop:value=size on:input=input(size) />
                </label>
                <label class="field">
                    <span>"Buffer interval (s, 0–900)"</span>
                    <input data-testid="buffer-interval" class="narrow" type="number" min="0" max="900" prop:value=interval on:input=input(interval) />
                </label>
                <label class="field">
                    <span>"Prefix (optional)"</span>
                    <input type="text" spellcheck="false" placeholder="clicks/" prop:value=prefix on:input=input(prefix) />
                </label>
                <label class="field">
                    <span>"Compression"</span>
                    <select data-testid="compression-select" on:change=move |ev| compression.set(event_target_value(&ev))>
                        {COMPRESSIONS.map(|c| view! { <option value=c>{c}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            <div class="form-row">
                <label class="field">
                    <span>"Destination"</span>
                    <select data-testid="destination-select" on:change=move |ev| dest.set(Destination::parse(&event_target_value(&ev)))>
                        <option value="S3">"Amazon S3"</option>
                        <option value="Redshift">"Amazon Redshift (staged in S3, then COPY)"</option>
                        <option value="OpenSearch">"Amazon OpenSearch Service"</option>
                    </select>
                </label>
                <Show when=move || dest.get() == Destination::Redshift>
                    <label class="field wide">
                        <span>"Cluster JDBC URL"</span>
                        <input type="text" readonly prop:value=JDBC_URL />
                    </label>
                    <label class="field">
                        <span>"Table"</span>
                        <input data-testid="redshift-table" type="text" spellcheck="false" prop:value=table on:input=input(table) />
                    </label>
                    <label class="field">
                        <span>"Columns"</span>
                        <input type="text" spellcheck="false" prop:value=columns on:input=input(columns) />
                    </label>
                    <label class="field">
                        <span>"COPY options"</span>
                        <input type="text" spellcheck="false" prop:value=copy_options on:input=input(copy_options) />
                    </label>
                </Show>
                <Show when=move || dest.get() == Destination::OpenSearch>
                    <label class="field wide">
                        <span>"Domain ARN"</span>
                        <input type="text" readonly prop:value=DOMAIN_ARN />
                    </label>
                    <label class="field">
                        <span>"Index"</span>
                        <input data-testid="opensearch-index" type="text" spellcheck="false" prop:value=index on:input=input(index) />
                    </label>
                    <label class="field">
                        <span>"Index rotation"</span>
                        <select on:change=move |ev| rotation.set(event_target_value(&ev))>
                            {["OneDay", "NoRotation", "OneHour", "OneWeek", "OneMonth"]
                                .map(|r| view! { <option value=r>{r}</option> })
                                .collect_view()}
                        </select>
                    </label>
                </Show>
            </div>
            <div class="form-row">
                <label class="field">
                    <span>"Transform (Lambda)"</span>
                    <select
                        data-testid="transform-select"
                        on:change=move |ev| {
                            let f = event_target_value(&ev);
                            transform_args.set(default_args(&f).to_string());
                            transform.set(f);
                        }
                    >
                        <option value="">"None"</option>
                        {BUILT_INS.map(|f| view! { <option value=f>{f}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>"Transform arguments (a--b)"</span>
                    <input
                        data-testid="transform-args"
                        type="text"
                        spellcheck="false"
                        disabled=move || transform.with(String::is_empty)
                        prop:value=transform_args
                        on:input=input(transform_args)
                    />
                </label>
                <label class="field wide">
                    <span>"Error output prefix"</span>
                    <input data-testid="error-prefix" type="text" spellcheck="false" prop:value=error_prefix on:input=input(error_prefix) />
                </label>
                <button data-testid="create-delivery-stream" class="primary-action" on:click=create>
                    "Create delivery stream"
                </button>
            </div>
            {move || problem.get().map(|p| view! { <p class="field-problem" role="alert">{p}</p> })}
        </section>
    }
}

#[component]
pub fn DeliveryStreamPicker() -> impl IntoView {
    let state = expect_context::<FirehoseState>();
    move || {
        let names = state.names.get();
        (names.len() > 1).then(|| {
            let current = state.name.get().unwrap_or_default();
            view! {
                <label class="field">
                    <span>"Delivery stream"</span>
                    <select
                        data-testid="delivery-stream-select"
                        prop:value=current
                        on:change=move |ev| state.chosen.set(Some(event_target_value(&ev)))
                    >
                        {names.into_iter().map(|n| view! { <option value=n.clone()>{n.clone()}</option> }).collect_view()}
                    </select>
                </label>
            }
        })
    }
}

/// One PutRecordBatch of N sample clickstream events (direct-put streams only).
#[component]
pub fn SendRecords() -> impl IntoView {
    let state = expect_context::<FirehoseState>();
    let sim = state.sim;
    let count = RwSignal::new("100".to_string());
    let sent = RwSignal::new(0u64);
    let problem = RwSignal::new(None::<String>);
    let direct =
        move || state.stream.with(|s| s.as_ref().is_some_and(|s| s.source_type == "DirectPut"));
    let active = move || state.stream.with(|s| s.as_ref().is_some_and(|s| s.status == "ACTIVE"));
    let send = move |_| {
        let Some(name) = state.name.get_untracked() else { return };
        let n = parse_in(&count.get_untracked(), 1, 500, 100) as u64;
        let first = sent.get_untracked();
        let unix = sim.with_world(|w| w.now_unix_ms());
        match sim.call(batch_call(&name, first, n, unix)) {
            Ok(_) => {
                sent.set(first + n);
                problem.set(None);
            }
            Err(e) => problem.set(Some(format!("{}: {}", e.code, e.message))),
        }
    };
    view! {
        <Show when=direct>
            <div class="fh-send">
                <label class="field">
                    <span>"Records (1–500)"</span>
                    <input class="narrow" type="number" min="1" max="500" prop:value=count on:input=move |ev| count.set(event_target_value(&ev)) />
                </label>
                <button data-testid="send-records" class="primary-action" disabled=move || !active() on:click=send>
                    {move || if active() { "Send records (PutRecordBatch)" } else { "Waiting for ACTIVE…" }}
                </button>
                {move || problem.get().map(|p| view! { <p class="field-problem" role="alert">{p}</p> })}
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn create_body_names_the_source_and_hints() {
        let mut spec = StreamSpec {
            name: "s".into(),
            bucket: "b".into(),
            source_arn: None,
            size_mbs: 1,
            interval_s: 60,
            prefix: String::new(),
            compression: "GZIP".into(),
            ..StreamSpec::default()
        };
        let v: serde_json::Value = serde_json::from_str(&create_body(&spec)).unwrap();
        assert_eq!(v["DeliveryStreamType"], "DirectPut");
        let d = &v["ExtendedS3DestinationConfiguration"];
        assert_eq!(d["BucketARN"], "arn:aws:s3:::b");
        assert_eq!(d["BufferingHints"]["SizeInMBs"], 1);
        assert_eq!(d["CompressionFormat"], "GZIP");
        assert!(d.get("Prefix").is_none());
        spec.source_arn = Some("arn:aws:kinesis:us-east-1:1:stream/x".into());
        spec.prefix = "p/".into();
        let v: serde_json::Value = serde_json::from_str(&create_body(&spec)).unwrap();
        assert_eq!(v["DeliveryStreamType"], "KinesisStreamAsSource");
        assert_eq!(v["ExtendedS3DestinationConfiguration"]["Prefix"], "p/");
    }

    #[test]
    fn sample_records_are_json_lines() {
        let r = sample_record(3, 5);
        assert!(r.ends_with('\n'));
        let v: serde_json::Value = serde_json::from_str(r.trim()).unwrap();
        assert_eq!(v["seq"], 3);
        assert!(batch_body("s", 0, 2, 0).contains("\"Records\""));
        assert_eq!(parse_in("999", 1, 128, 5), 128);
        assert_eq!(parse_in("x", 1, 128, 5), 5);
    }
}
