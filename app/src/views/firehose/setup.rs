//! Setting up: a bucket, a delivery stream (direct put or reading a Kinesis stream) with its S3
//! destination and buffering hints, picking which stream to watch, and sending records by hand.

use engine::s3::S3Command;
use engine::Command;
use leptos::prelude::*;

use super::FirehoseState;
use crate::driver::Sim;

/// The role Firehose assumes to write to the bucket (the sandbox checks its shape only).
pub const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/firehose-delivery-role";

/// What the learner sets on the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamSpec {
    pub name: String,
    pub bucket: String,
    /// The ARN of a Kinesis stream to read; `None` for DirectPut.
    pub source_arn: Option<String>,
    pub size_mbs: u32,
    pub interval_s: u32,
    pub prefix: String,
    pub gzip: bool,
}

/// The CreateDeliveryStream request for `spec`.
pub fn create_body(spec: &StreamSpec) -> String {
    let mut dest = serde_json::json!({
        "RoleARN": ROLE_ARN,
        "BucketARN": format!("arn:aws:s3:::{}", spec.bucket),
        "BufferingHints": { "SizeInMBs": spec.size_mbs, "IntervalInSeconds": spec.interval_s },
        "CompressionFormat": if spec.gzip { "GZIP" } else { "UNCOMPRESSED" },
    });
    if !spec.prefix.is_empty() {
        dest["Prefix"] = spec.prefix.clone().into();
    }
    let mut body = serde_json::json!({
        "DeliveryStreamName": spec.name,
        "ExtendedS3DestinationConfiguration": dest,
    });
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
pub fn batch_body(stream: &str, first: u64, n: u64, unix_ms: i64) -> String {
    let records: Vec<_> = (first..first + n)
        .map(|i| serde_json::json!({ "Data": base64(sample_record(i, unix_ms).as_bytes()) }))
        .collect();
    serde_json::json!({ "DeliveryStreamName": stream, "Records": records }).to_string()
}

pub fn create_bucket(sim: Sim, bucket: &str) {
    sim.act(
        Command::S3(S3Command::CreateBucket { bucket: bucket.to_string() }),
        &format!("aws s3 mb s3://{bucket}"),
    );
}

/// The ARN of a Kinesis stream of the world.
pub fn kinesis_arn(sim: Sim, stream: &str) -> Option<String> {
    sim.with_world(|w| w.view().services.kinesis.stream(stream, w.now_unix_ms()).map(|s| s.arn))
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
    let gzip = RwSignal::new(false);
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
            gzip: gzip.get_untracked(),
        };
        match sim.call("Firehose_20150804.CreateDeliveryStream", &create_body(&spec)) {
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
                    <select on:change=move |ev| gzip.set(event_target_value(&ev) == "GZIP")>
                        <option value="UNCOMPRESSED">"UNCOMPRESSED"</option>
                        <option value="GZIP">"GZIP"</option>
                    </select>
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
        match sim.call("Firehose_20150804.PutRecordBatch", &batch_body(&name, first, n, unix)) {
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
            gzip: true,
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
