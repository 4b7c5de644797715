//! The "Create a delivery stream" form: its fields, grouped in rows as the console groups
//! them, and the spec they describe.

use leptos::prelude::*;

use engine::firehose::transform::BUILT_INS;

use super::{create_bucket, create_call, default_args, kinesis_arn, parse_in, transform_arn};
use super::{Destination, StreamSpec, COMPRESSIONS, DOMAIN_ARN, JDBC_URL};
use crate::views::firehose::FirehoseState;

/// What the learner typed and picked, field by field.
#[derive(Clone, Copy)]
struct Form {
    bucket: RwSignal<String>,
    name: RwSignal<String>,
    /// The Kinesis stream to read, by name (empty: Direct PUT).
    source: RwSignal<String>,
    size: RwSignal<String>,
    interval: RwSignal<String>,
    prefix: RwSignal<String>,
    compression: RwSignal<String>,
    dest: RwSignal<Destination>,
    transform: RwSignal<String>,
    transform_args: RwSignal<String>,
    error_prefix: RwSignal<String>,
    table: RwSignal<String>,
    columns: RwSignal<String>,
    copy_options: RwSignal<String>,
    index: RwSignal<String>,
    rotation: RwSignal<String>,
}

impl Form {
    fn new() -> Self {
        let text = |s: &str| RwSignal::new(s.to_string());
        Form {
            bucket: text("clickstream-archive"),
            name: text("clicks-to-s3"),
            source: text(""),
            size: text("5"),
            interval: text("300"),
            prefix: text(""),
            compression: text("UNCOMPRESSED"),
            dest: RwSignal::new(Destination::S3),
            transform: text(""),
            transform_args: text(""),
            error_prefix: text("errors/!{firehose:error-output-type}/"),
            table: text("clicks"),
            columns: text("event,user,page,seq,ts"),
            copy_options: text("json 'auto'"),
            index: text("clicks"),
            rotation: text("OneDay"),
        }
    }

    /// The delivery stream the form describes, writing to `bucket` and reading the Kinesis
    /// stream `source_arn` names (`None`: Direct PUT).
    fn spec(&self, bucket: String, source_arn: Option<String>) -> StreamSpec {
        let trimmed = |s: RwSignal<String>| s.get_untracked().trim().to_string();
        StreamSpec {
            name: trimmed(self.name),
            bucket,
            source_arn,
            size_mbs: parse_in(&self.size.get_untracked(), 1, 128, 5),
            interval_s: parse_in(&self.interval.get_untracked(), 0, 900, 300),
            prefix: trimmed(self.prefix),
            compression: self.compression.get_untracked(),
            destination: self.dest.get_untracked(),
            transform: {
                let f = self.transform.get_untracked();
                (!f.is_empty()).then(|| transform_arn(&f, &self.transform_args.get_untracked()))
            },
            error_prefix: trimmed(self.error_prefix),
            table: trimmed(self.table),
            columns: self.columns.get_untracked(),
            copy_options: self.copy_options.get_untracked(),
            index: trimmed(self.index),
            rotation: self.rotation.get_untracked(),
            retry_s: None,
        }
    }
}

/// The handler that keeps a text field's signal in step with what is typed.
fn typed(s: RwSignal<String>) -> impl Fn(leptos::ev::Event) + Copy {
    move |ev| s.set(event_target_value(&ev))
}

#[component]
pub fn SetupPanel() -> impl IntoView {
    let state = expect_context::<FirehoseState>();
    let sim = state.sim;
    let form = Form::new();
    let problem = RwSignal::new(None::<String>);
    let create = move |_| {
        let b = form.bucket.get_untracked().trim().to_string();
        if !state.buckets.get_untracked().contains(&b) {
            create_bucket(sim, &b);
        }
        let src = form.source.get_untracked();
        let source_arn = if src.is_empty() { None } else { kinesis_arn(sim, &src) };
        let spec = form.spec(b, source_arn);
        match sim.call(create_call(&spec)) {
            Ok(_) => {
                problem.set(None);
                state.chosen.set(Some(spec.name));
            }
            Err(e) => problem.set(Some(format!("{}: {}", e.code, e.message))),
        }
    };
    view! {
        <section class="panel fh-setup" aria-labelledby="fh-setup-title">
            <h3 id="fh-setup-title">"Create a delivery stream"</h3>
            <BucketRow form=form />
            <NameAndSourceRow form=form />
            <BufferRow form=form />
            <DestinationRow form=form />
            <div class="form-row">
                <TransformFields form=form />
                <label class="field wide">
                    <span>"Error output prefix"</span>
                    <input data-testid="error-prefix" type="text" spellcheck="false" prop:value=form.error_prefix on:input=typed(form.error_prefix) />
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
fn BucketRow(form: Form) -> impl IntoView {
    let state = expect_context::<FirehoseState>();
    let sim = state.sim;
    let bucket = form.bucket;
    let has_bucket = move || state.buckets.with(|b| b.contains(&bucket.get()));
    let make_bucket = move |_| create_bucket(sim, bucket.get_untracked().trim());
    view! {
        <div class="form-row">
            <label class="field">
                <span>"S3 bucket"</span>
                <input data-testid="bucket-name" type="text" spellcheck="false" prop:value=bucket on:input=typed(bucket) />
            </label>
            <button data-testid="create-bucket" disabled=has_bucket on:click=make_bucket>
                {move || if has_bucket() { "✓ Bucket exists" } else { "Create bucket" }}
            </button>
        </div>
    }
}

#[component]
fn NameAndSourceRow(form: Form) -> impl IntoView {
    let state = expect_context::<FirehoseState>();
    view! {
        <div class="form-row">
            <label class="field">
                <span>"Delivery stream"</span>
                <input data-testid="delivery-stream-name" type="text" spellcheck="false" prop:value=form.name on:input=typed(form.name) />
            </label>
            <label class="field">
                <span>"Source"</span>
                <select data-testid="source-select" on:change=typed(form.source)>
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
    }
}

#[component]
fn BufferRow(form: Form) -> impl IntoView {
    view! {
        <div class="form-row">
            <label class="field">
                <span>"Buffer size (MiB, 1–128)"</span>
                <input data-testid="buffer-size" class="narrow" type="number" min="1" max="128" prop:value=form.size on:input=typed(form.size) />
            </label>
            <label class="field">
                <span>"Buffer interval (s, 0–900)"</span>
                <input data-testid="buffer-interval" class="narrow" type="number" min="0" max="900" prop:value=form.interval on:input=typed(form.interval) />
            </label>
            <label class="field">
                <span>"Prefix (optional)"</span>
                <input type="text" spellcheck="false" placeholder="clicks/" prop:value=form.prefix on:input=typed(form.prefix) />
            </label>
            <label class="field">
                <span>"Compression"</span>
                <select data-testid="compression-select" on:change=typed(form.compression)>
                    {COMPRESSIONS.map(|c| view! { <option value=c>{c}</option> }).collect_view()}
                </select>
            </label>
        </div>
    }
}

#[component]
fn DestinationRow(form: Form) -> impl IntoView {
    let dest = form.dest;
    view! {
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
                    <input data-testid="redshift-table" type="text" spellcheck="false" prop:value=form.table on:input=typed(form.table) />
                </label>
                <label class="field">
                    <span>"Columns"</span>
                    <input type="text" spellcheck="false" prop:value=form.columns on:input=typed(form.columns) />
                </label>
                <label class="field">
                    <span>"COPY options"</span>
                    <input type="text" spellcheck="false" prop:value=form.copy_options on:input=typed(form.copy_options) />
                </label>
            </Show>
            <Show when=move || dest.get() == Destination::OpenSearch>
                <label class="field wide">
                    <span>"Domain ARN"</span>
                    <input type="text" readonly prop:value=DOMAIN_ARN />
                </label>
                <label class="field">
                    <span>"Index"</span>
                    <input data-testid="opensearch-index" type="text" spellcheck="false" prop:value=form.index on:input=typed(form.index) />
                </label>
                <label class="field">
                    <span>"Index rotation"</span>
                    <select on:change=typed(form.rotation)>
                        {["OneDay", "NoRotation", "OneHour", "OneWeek", "OneMonth"]
                            .map(|r| view! { <option value=r>{r}</option> })
                            .collect_view()}
                    </select>
                </label>
            </Show>
        </div>
    }
}

#[component]
fn TransformFields(form: Form) -> impl IntoView {
    let (transform, transform_args) = (form.transform, form.transform_args);
    view! {
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
                on:input=typed(transform_args)
            />
        </label>
    }
}
