//! The parts of the page fetched when first needed, not with the page: each `#[wasm_split]`
//! function below is a split point. `make build` cuts the release module there
//! (`wasm-split-cli`): what only such a function reaches goes into a module of its own, which
//! the page fetches the first time the function is called (the call is `async`). The first
//! module keeps the shell, the overview and the Streams view; the Analytics SQL compiler, the
//! other views, the console's AWS CLI and the learning layer's content come when the learner
//! goes where they are needed.
//!
//! Natively (the app's host tests) a split function is an ordinary call.

use std::collections::BTreeMap;
use std::sync::Mutex;

use futures::future::try_join;
use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};

use crate::routes::View;

/// A module did not arrive (the network failed): shown with a way to try again, never a panic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoadFailed;

impl From<SplitLoaderError> for LoadFailed {
    fn from(_: SplitLoaderError) -> Self {
        LoadFailed
    }
}

/// Builds a view: what a view's module hands back.
pub type MakeView = fn() -> AnyView;

// ---------------------------------------------------------------- the engine's parts

#[wasm_split(sql_compiler, wasm_split_path = ::leptos::wasm_split, fallible)]
fn sql_compiler() -> Result<engine::analytics::compiler::Compile, LoadFailed> {
    Ok(engine::analytics::sql::Program::compile_with)
}

#[wasm_split(emr_service, wasm_split_path = ::leptos::wasm_split, fallible)]
fn emr_service() -> Result<engine::emr::Behaviour, LoadFailed> {
    Ok(engine::emr::LINKED)
}

#[wasm_split(pipeline_service, wasm_split_path = ::leptos::wasm_split, fallible)]
fn pipeline_service() -> Result<engine::pipeline::Behaviour, LoadFailed> {
    Ok(engine::pipeline::LINKED)
}

/// Snowball's and Import/Export Disk's code: one module, as the transfer view shows both.
type TransferBehaviours = (engine::snowball::Behaviour, engine::importexport::Behaviour);

#[wasm_split(transfer_service, wasm_split_path = ::leptos::wasm_split, fallible)]
fn transfer_service() -> Result<TransferBehaviours, LoadFailed> {
    Ok((engine::snowball::LINKED, engine::importexport::LINKED))
}

/// Fetches the SQL compiler (once) and hands it to the engine: every command that compiles
/// Analytics SQL waits for this.
pub async fn sql() -> Result<(), LoadFailed> {
    if !engine::analytics::compiler::is_ready() {
        engine::analytics::compiler::install(sql_compiler().await?);
    }
    Ok(())
}

/// Fetches EMR's code (once) and hands it to the engine.
pub async fn emr() -> Result<(), LoadFailed> {
    if !engine::emr::is_ready() {
        engine::emr::install(emr_service().await?);
    }
    Ok(())
}

/// Fetches Data Pipeline's code (once) and hands it to the engine.
pub async fn pipeline() -> Result<(), LoadFailed> {
    if !engine::pipeline::is_ready() {
        engine::pipeline::install(pipeline_service().await?);
    }
    Ok(())
}

/// Fetches Snowball's and Import/Export Disk's code (once) and hands it to the engine.
pub async fn transfer() -> Result<(), LoadFailed> {
    if !engine::snowball::is_ready() || !engine::importexport::is_ready() {
        let (snowball, disk) = transfer_service().await?;
        engine::snowball::install(snowball);
        engine::importexport::install(disk);
    }
    Ok(())
}

/// The parts of the engine some commands need that have not come yet: the Analytics SQL
/// compiler (creating, updating or starting an application compiles its code), EMR, Data
/// Pipeline, and Snowball with Import/Export Disk.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    pub sql: bool,
    pub emr: bool,
    pub pipeline: bool,
    pub transfer: bool,
}

impl Needs {
    /// What running `commands` needs first.
    pub fn of<'a>(commands: impl IntoIterator<Item = &'a engine::Command>) -> Needs {
        let mut needs = Needs::default();
        for c in commands {
            match c {
                engine::Command::Api { target, .. } => {
                    let prefix = target.split_once('.').map(|(prefix, _)| prefix);
                    needs.sql |= prefix == engine::services::call_prefix_of("analytics");
                    // EC2 and IAM come with EMR's code (engine::emr::Behaviour).
                    let pipeline = prefix == engine::services::call_prefix_of("pipeline");
                    needs.pipeline |= pipeline;
                    needs.transfer |= prefix == engine::services::call_prefix_of("snowball")
                        || prefix == engine::services::call_prefix_of("importexport");
                    // A pipeline's EmrCluster is a cluster of EMR: Data Pipeline needs it too.
                    needs.emr |= pipeline
                        || prefix == engine::services::call_prefix_of("emr")
                        || prefix == engine::services::call_prefix_of("ec2")
                        || prefix == engine::services::call_prefix_of("iam");
                }
                engine::Command::Emr(_) | engine::Command::Ec2(_) => needs.emr = true,
                engine::Command::DataPipeline(_) => {
                    needs.emr = true;
                    needs.pipeline = true;
                }
                engine::Command::Snowball(_) | engine::Command::ImportExport(_) => {
                    needs.transfer = true
                }
                _ => {}
            }
        }
        needs.still_missing()
    }

    /// What a view's services need. A level, tour or question opens on a view, and may run
    /// that view's services to build its start (the Snowball tour orders a job in a world of
    /// its own to learn the address and unlock code it will use): their code must be there
    /// first, or the start is built from refusals.
    pub fn of_view(slug: &str) -> Needs {
        let mut needs = Needs::default();
        match slug {
            "analytics" => needs.sql = true,
            "emr" => needs.emr = true,
            "pipeline" => (needs.emr, needs.pipeline) = (true, true),
            "transfer" => needs.transfer = true,
            _ => {}
        }
        needs.still_missing()
    }

    /// What a console line may need (`aws kinesisanalytics ...`, `aws emr ...`).
    pub fn of_line(line: &str) -> Needs {
        let words = || line.split_whitespace();
        let pipeline = words().any(|w| w == "datapipeline");
        Needs {
            sql: words().any(|w| w == "kinesisanalytics"),
            emr: pipeline || words().any(|w| w == "emr" || w == "ec2" || w == "iam"),
            pipeline,
            // `aws s3 ... --endpoint http://192.0.2.0:8080` may reach a Snowball's S3 adapter.
            transfer: words()
                .any(|w| w == "snowball" || w == "importexport" || w.starts_with("--endpoint")),
        }
        .still_missing()
    }

    fn still_missing(self) -> Needs {
        Needs {
            sql: self.sql && !engine::analytics::compiler::is_ready(),
            emr: self.emr && !engine::emr::is_ready(),
            pipeline: self.pipeline && !engine::pipeline::is_ready(),
            transfer: self.transfer
                && !(engine::snowball::is_ready() && engine::importexport::is_ready()),
        }
    }

    pub fn is_empty(self) -> bool {
        self == Needs::default()
    }

    /// What is downloading, for the controls' line.
    pub fn what(self) -> &'static str {
        if self.transfer && !(self.sql || self.emr || self.pipeline) {
            return "Snowball and Import/Export";
        }
        // Data Pipeline never comes without EMR (its EmrCluster is EMR's).
        match (self.sql, self.emr || self.pipeline, self.pipeline) {
            (true, _, true) => "the Analytics SQL compiler, EMR and Data Pipeline",
            (true, true, false) => "the Analytics SQL compiler and EMR",
            (true, false, _) => "the Analytics SQL compiler",
            (false, _, true) => "EMR and Data Pipeline",
            (false, _, false) => "EMR",
        }
    }

    /// Fetches what is needed, side by side.
    pub async fn fetch(self) -> Result<(), LoadFailed> {
        let sql = async move {
            if self.sql {
                sql().await
            } else {
                Ok(())
            }
        };
        let emr = async move {
            if self.emr {
                emr().await
            } else {
                Ok(())
            }
        };
        let pipeline = async move {
            if self.pipeline {
                pipeline().await
            } else {
                Ok(())
            }
        };
        let transfer = async move {
            if self.transfer {
                transfer().await
            } else {
                Ok(())
            }
        };
        try_join(try_join(sql, emr), try_join(pipeline, transfer)).await.map(|_| ())
    }
}

pub const PARTS_FAILED: &str =
    "Part of the simulation could not be downloaded: check the connection and reload.";

// ---------------------------------------------------------------- the AWS CLI

#[wasm_split(aws_cli, wasm_split_path = ::leptos::wasm_split, fallible)]
fn aws_cli_module() -> Result<&'static dyn crate::cli::Cli, LoadFailed> {
    Ok(&crate::cli::Emulator)
}

/// Fetches the AWS CLI emulator and botocore's models (once).
pub async fn aws_cli() -> Result<&'static dyn crate::cli::Cli, LoadFailed> {
    if let Some(cli) = crate::cli::loaded() {
        return Ok(cli);
    }
    let cli = aws_cli_module().await?;
    crate::cli::arrived(cli);
    Ok(cli)
}

// ---------------------------------------------------------------- the export to CloudFormation

#[wasm_split(export_dialog, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn export_dialog() -> Result<crate::learning::MakeDialog, LoadFailed> {
    Ok(|sim, open| view! { <crate::learning::ExportDialog sim=sim open=open /> }.into_any())
}

// ---------------------------------------------------------------- views

#[wasm_split(analytics_view, wasm_split_path = ::leptos::wasm_split, fallible)]
fn analytics_view() -> Result<MakeView, LoadFailed> {
    Ok(|| view! { <crate::views::analytics::AnalyticsView /> }.into_any())
}

#[wasm_split(firehose_view, wasm_split_path = ::leptos::wasm_split, fallible)]
fn firehose_view() -> Result<MakeView, LoadFailed> {
    Ok(|| view! { <crate::views::firehose::FirehoseView /> }.into_any())
}

#[wasm_split(s3_view, wasm_split_path = ::leptos::wasm_split, fallible)]
fn s3_view() -> Result<MakeView, LoadFailed> {
    Ok(|| view! { <crate::views::s3::S3View /> }.into_any())
}

#[wasm_split(console_view, wasm_split_path = ::leptos::wasm_split, fallible)]
fn console_view() -> Result<MakeView, LoadFailed> {
    Ok(|| view! { <crate::views::console::ConsoleView /> }.into_any())
}

#[wasm_split(emr_view, wasm_split_path = ::leptos::wasm_split, fallible)]
fn emr_view() -> Result<MakeView, LoadFailed> {
    Ok(|| view! { <crate::views::emr::EmrView /> }.into_any())
}

#[wasm_split(transfer_view, wasm_split_path = ::leptos::wasm_split, fallible)]
fn transfer_view() -> Result<MakeView, LoadFailed> {
    Ok(|| view! { <crate::views::transfer::TransferView /> }.into_any())
}

#[wasm_split(pipeline_view, wasm_split_path = ::leptos::wasm_split, fallible)]
fn pipeline_view() -> Result<MakeView, LoadFailed> {
    Ok(|| view! { <crate::views::pipeline::PipelineView /> }.into_any())
}

#[wasm_split(learn_view, wasm_split_path = ::leptos::wasm_split, fallible)]
fn learn_view() -> Result<MakeView, LoadFailed> {
    Ok(|| view! { <crate::views::learn::LearnView /> }.into_any())
}

#[wasm_split(coverage_view, wasm_split_path = ::leptos::wasm_split, fallible)]
fn coverage_view() -> Result<MakeView, LoadFailed> {
    Ok(|| view! { <crate::views::learn::coverage::CoverageView /> }.into_any())
}

/// The views that came, by slug: a view opened a second time is built at once.
static ARRIVED: Mutex<BTreeMap<&'static str, MakeView>> = Mutex::new(BTreeMap::new());

fn arrived(view: View) -> Option<MakeView> {
    ARRIVED.lock().ok()?.get(view.slug()).copied()
}

async fn fetch_view(view: View) -> Result<MakeView, LoadFailed> {
    if let Some(make) = arrived(view) {
        return Ok(make);
    }
    // A view and what it needs are fetched side by side. The S3 browser (its own view and
    // Firehose's) uploads, downloads and deletes through `aws s3`.
    let make = match view {
        View::Analytics => try_join(sql(), analytics_view()).await?.1,
        View::Firehose => try_join(aws_cli(), firehose_view()).await?.1,
        View::S3 => try_join(aws_cli(), s3_view()).await?.1,
        View::Console => try_join(aws_cli(), console_view()).await?.1,
        // EMR's own code first: the view's buttons and presets call it at once.
        View::Emr => try_join(emr(), emr_view()).await?.1,
        // The view drives the service through `aws datapipeline` lines; EmrActivity runs on EMR.
        View::Pipeline => {
            try_join(try_join(aws_cli(), try_join(emr(), pipeline())), pipeline_view()).await?.1
        }
        // The Edge preset orders its job with `aws snowball create-job --resources file://...`.
        View::Transfer => try_join(try_join(aws_cli(), transfer()), transfer_view()).await?.1,
        View::Learn => learn_view().await?,
        View::Coverage => coverage_view().await?,
        // In the first module: the shell builds them itself.
        View::Overview | View::Streams => return Err(LoadFailed),
    };
    if let Ok(mut views) = ARRIVED.lock() {
        views.insert(view.slug(), make);
    }
    Ok(make)
}

/// A User Timing mark (`on-demand:analytics:arrived`), so a trace, or a test watching for
/// long tasks, tells the module's arrival from the view's first build.
fn mark(view: View, what: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(&format!("on-demand:{}:{what}", view.slug()));
    }
}

/// What a view's download brings, in the loading line.
fn what_comes(view: View) -> String {
    match view {
        View::Analytics => "the Analytics view and its SQL compiler".into(),
        View::Emr => "the EMR view and EMR's engine (clusters, HDFS, MapReduce)".into(),
        View::Console => "the console and the AWS CLI".into(),
        View::Pipeline => "the Data Pipeline view, its engine, the AWS CLI and EMR's engine".into(),
        View::Transfer => {
            format!(
                "the {} view, Snowball's and Import/Export's engines and the AWS CLI",
                view.title()
            )
        }
        View::S3 | View::Firehose => format!("the {} view and the AWS CLI", view.title()),
        other => format!("the {} view", other.title()),
    }
}

/// A view whose code is fetched on demand: a loading line (what is coming) until it has
/// arrived, then the view; if it cannot come, why, with a button to try again.
#[component]
pub fn OnDemandView(view: View) -> impl IntoView {
    let state = RwSignal::new(arrived(view).map(Ok));
    let fetch = move || {
        state.set(None);
        leptos::task::spawn_local(async move {
            let fetched = fetch_view(view).await;
            mark(view, "arrived");
            // The module's arrival (compiling is off the main thread, instantiating is not) and
            // building the view are two tasks, each well under the 50 ms that blocks the page.
            request_animation_frame(move || state.set(Some(fetched)));
        });
    };
    if state.get_untracked().is_none() {
        fetch();
    }
    move || {
        match state.get() {
        Some(Ok(make)) => {
            let built = make();
            mark(view, "built");
            built
        }
        Some(Err(LoadFailed)) => view! {
            <div class="error-banner" data-testid="view-load-failed" role="alert">
                <strong>{format!("The {} view could not be downloaded. ", view.title())}</strong>
                <button on:click=move |_| fetch()>"Try again"</button>
            </div>
        }
        .into_any(),
        None => view! {
            <div class="loading view-loading" data-testid="view-loading" role="status" aria-live="polite">
                <p>{format!("Loading {}…", what_comes(view))}</p>
                <progress></progress>
            </div>
        }
        .into_any(),
    }
    }
}
