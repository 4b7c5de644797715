//! The Edge compute stage: what the chosen job's `Resources` name for Snowball Edge compute
//! (Lambda functions with the buckets whose PUTs trigger them, and what they ran on; AMIs, the
//! instance the learner runs a program on before the device ships back) and an order form for
//! an Edge job with a function or an AMI. The sandbox has no Lambda: a function's name picks
//! one of its built-in programs (`engine::snowball::edge`), which the panel says.

use engine::snowball::wire::{Ec2AmiResource, EventTriggerDefinition, JobResource, LambdaResource};
use engine::snowball::{JobState, JobView, SnowballCommand};
use leptos::prelude::*;

use super::actions::{device, order_with, Order};
use super::TransferState;

/// The account and region of the sandbox's functions (any 12-digit account reads the same).
pub const FUNCTION_ARN: &str = "arn:aws:lambda:us-east-1:000000000000:function:";
/// The first AMI ListCompatibleImages answers (Amazon Linux 2).
pub const AMI: &str = "ami-0a1b2c3d4e5f60718";

/// The compute resources of an Edge job into `bucket`: the function `function` (a name with
/// its qualifier, `sandbox-filter:ERROR`) triggered by the bucket's PUTs, and the AMI.
pub fn resources(bucket: &str, function: Option<&str>, ami: bool) -> JobResource {
    JobResource {
        lambda_resources: function.map(|f| {
            vec![LambdaResource {
                lambda_arn: Some(format!("{FUNCTION_ARN}{f}")),
                event_triggers: Some(vec![EventTriggerDefinition {
                    event_resource_arn: Some(format!("arn:aws:s3:::{bucket}")),
                }]),
            }]
        }),
        ec2_ami_resources: ami
            .then(|| vec![Ec2AmiResource { ami_id: Some(AMI.into()), snowball_ami_id: None }]),
        ..Default::default()
    }
}

/// The functions the order form offers: (qualified name, what it does).
const FUNCTIONS: &[(&str, &str)] = &[
    ("sandbox-filter:ERROR", "keep the ERROR lines"),
    ("sandbox-uppercase", "upper-case every line"),
    ("sandbox-gzip", "gzip each file"),
    ("sandbox-streaming:logParser", "EMR's logParser.py mapper on each file"),
    ("", "no function"),
];

#[component]
pub fn EdgeStage() -> impl IntoView {
    let state = expect_context::<TransferState>();
    let sim = state.sim;
    let function = RwSignal::new(FUNCTIONS[0].0);
    let with_ami = RwSignal::new(true);
    let order = move |_| {
        let o = Order {
            job_type: "IMPORT",
            snowball_type: "EDGE",
            capacity: "T100",
            bucket: "edge-results".into(),
            shipping: "SECOND_DAY",
        };
        let f = Some(function.get_untracked()).filter(|f| !f.is_empty());
        match order_with(sim, &o, resources(&o.bucket, f, with_ami.get_untracked())) {
            Ok(id) => {
                state.chosen.set(Some(id));
                state.error.set(None);
            }
            Err(e) => state.error.set(Some(e)),
        }
    };
    let options = FUNCTIONS
        .iter()
        .map(|(f, what)| {
            let label = if f.is_empty() { what.to_string() } else { format!("{f}: {what}") };
            view! { <option value=*f>{label}</option> }
        })
        .collect_view();
    view! {
        <section class="panel transfer-edge" aria-labelledby="edge-title" data-testid="edge-stage">
            <h3 id="edge-title">"Edge compute"</h3>
            {move || state.job.get().map(|j| view! { <EdgeOf j /> })}
            <div class="order">
                <select data-testid="edge-function" aria-label="Lambda function" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    function.set(FUNCTIONS.iter().map(|(f, _)| *f).find(|f| *f == v).unwrap_or(""));
                }>{options}</select>
                <label><input type="checkbox" data-testid="edge-with-ami" prop:checked=move || with_ami.get()
                    on:change=move |ev| with_ami.set(event_target_checked(&ev)) />" with AMI "{AMI}</label>
                <button data-testid="edge-order" on:click=order>"Order an Edge job with them"</button>
            </div>
            <p class="muted">"A Lambda function runs on each file as you copy it into a bucket its EventTriggers name (AWS: \"triggered by PUT object actions on the associated local Amazon S3 resource\"), so what lands in S3 after the return is its output. An AMI gives the device an EC2-compatible instance to run a program on before it ships back. The sandbox's choice: it has no Lambda, so a function's name picks one of its built-in programs (sandbox-filter:TEXT, sandbox-uppercase, sandbox-gzip, sandbox-streaming:SCRIPT for one of EMR's streaming mappers without its .py, map-only, and Firehose's record transforms line by line); the instance also runs EMR's streaming samples, the same code as EMR's steps: streaming:MAPPER over each file, streaming:MAPPER|REDUCER over each folder's files into one part-00000 sorted by key (the spelling is the sandbox's); data described only by its size has no bytes for a function to read."</p>
        </section>
    }
}

#[component]
fn EdgeOf(j: JobView) -> impl IntoView {
    let state = expect_context::<TransferState>();
    let sim = state.sim;
    if !j.computes {
        return view! {
            <p class="muted" data-testid="edge-none">{format!("A {} device runs no compute: CreateJob refuses Lambda functions and AMIs for it (InvalidInputCombinationException).", j.snowball_type)}</p>
        }
        .into_any();
    }
    let lambdas = j
        .lambdas
        .iter()
        .map(|l| {
            let triggers = if l.trigger_buckets.is_empty() {
                "no event trigger: it never runs".to_string()
            } else {
                format!("triggered by PUTs into {}", l.trigger_buckets.join(", "))
            };
            let text = format!(
                "Lambda {} runs {}, {triggers}: {} file(s) in, {} written.",
                l.lambda_arn, l.program, l.files_in, l.files_out
            );
            view! { <li data-testid="edge-lambda">{text}</li> }
        })
        .collect_view();
    let amis = j
        .amis
        .iter()
        .map(|a| {
            let text = format!(
                "AMI {} (on the device {}): an EC2-compatible instance",
                a.ami_id, a.snowball_ami_id
            );
            view! { <li data-testid="edge-ami">{text}</li> }
        })
        .collect_view();
    let nothing = (j.lambdas.is_empty() && j.amis.is_empty()).then(|| {
        view! { <p class="muted">"This job names no function and no AMI (Resources.LambdaResources, Resources.Ec2AmiResources): nothing computes on its device."</p> }
    });
    let on_site = j.state == JobState::WithCustomer && !j.amis.is_empty();
    let id = j.id.clone();
    let run_program = move |program: &str, line: &str| {
        let command =
            SnowballCommand::RunEdgeCompute { job_id: id.clone(), program: program.into() };
        state.error.set(device(sim, command, line).err());
    };
    let run_filter = {
        let run_program = run_program.clone();
        move |_| {
            run_program(
                "filter:ERROR",
                "Snowball Edge compute on the instance: keep the ERROR lines of every file",
            )
        }
    };
    let run_word_count = move |_| {
        run_program(
            "streaming:wordSplitter.py|aggregate.py",
            "Snowball Edge compute on the instance: EMR's word count (wordSplitter.py, aggregate.py) over each folder",
        )
    };
    let computed = j.computed.as_ref().map(|(p, i, o)| {
        format!("The instance ran {p}: {i} files in, {o} out, before the device shipped back.")
    });
    view! {
        <ul class="edge-resources">{lambdas}{amis}</ul>
        {nothing}
        {on_site.then(|| view! {
            <button data-testid="edge-run" on:click=run_filter>"Run on the instance: keep ERROR lines"</button>
            <button data-testid="edge-run-word-count" on:click=run_word_count>"Run on the instance: EMR's word count"</button>
        })}
        {computed.map(|t| view! { <p data-testid="job-computed">{t}</p> })}
    }
    .into_any()
}
