//! The Kinesis Data Analytics view (`#/analytics`): a SQL editor over the demo stock-ticker
//! stream, the application's source rows, its windows on a timeline, its output and error
//! streams, a chart of an output column, and the same query in Flink SQL beside it.
//!
//! Everything reads the World through `AnalyticsState` (memos of the analytics snapshots keyed
//! on `sim.version`). Run goes through `sim.call` (echoed as `aws kinesisanalytics ...`); the
//! ticker feed is an actor command (`sim.act`).

mod chart;
mod editor;
pub(crate) mod presets;
mod run;
mod tables;
mod timeline;
mod twin;

use engine::analytics::sql::{ErrorRow, SqlError};
use engine::analytics::{ApplicationView, InAppStreamView, StreamRow, WindowTimeline};
use leptos::prelude::*;

use crate::driver::Sim;

/// The application the view runs and shows.
pub const APP: &str = "ticker-analytics";
/// The Kinesis stream the ticker feed writes and the application reads.
pub const INPUT: &str = "ticker-stream";
/// The Kinesis stream the application writes its results to.
pub const RESULTS: &str = "ticker-results";
/// The demo feed's id.
pub const FEED: &str = "ticker-feed";
/// The in-application stream sent to the output.
pub const DESTINATION: &str = "DESTINATION_SQL_STREAM";
/// Rows read from the snapshots.
const ROWS_KEPT: usize = 400;

#[derive(Clone, Copy)]
pub struct AnalyticsState {
    pub sim: Sim,
    /// The legacy (Kinesis Data Analytics SQL) code in the editor.
    pub code: RwSignal<String>,
    /// The Flink SQL twin beside it, if the query has one.
    pub flink: RwSignal<Option<String>>,
    /// The error of the last Run (compile error with its position, or the API's answer).
    pub run_error: RwSignal<Option<SqlError>>,
    pub app: Memo<Option<ApplicationView>>,
    pub source: Memo<Vec<StreamRow>>,
    pub output: Memo<Vec<StreamRow>>,
    pub errors: Memo<Vec<ErrorRow>>,
    pub timeline: Memo<WindowTimeline>,
    pub streams: Memo<Vec<InAppStreamView>>,
}

impl AnalyticsState {
    fn new(sim: Sim) -> Self {
        let first = engine::analytics::examples()
            .into_iter()
            .find(|e| e.id == "tumbling")
            .map(|e| e.code.to_string())
            .unwrap_or_default();
        let app = Memo::new(move |_| {
            sim.version.track();
            sim.with_world(|w| w.view().analytics().application(APP))
        });
        let source = Memo::new(move |_| {
            sim.version.track();
            sim.with_world(|w| w.view().analytics().source_rows(APP, ROWS_KEPT))
        });
        let output = Memo::new(move |_| {
            sim.version.track();
            sim.with_world(|w| w.view().analytics().output_rows(APP, ROWS_KEPT))
        });
        let errors = Memo::new(move |_| {
            sim.version.track();
            sim.with_world(|w| w.view().analytics().error_rows(APP, 50))
        });
        let timeline = Memo::new(move |_| {
            sim.version.track();
            sim.with_world(|w| w.view().analytics().window_timeline(APP))
        });
        let streams = Memo::new(move |_| {
            app.track();
            sim.with_world(|w| w.view().analytics().in_app_streams(APP))
        });
        AnalyticsState {
            sim,
            code: RwSignal::new(first),
            flink: RwSignal::new(engine::analytics::flink_twin_of("tumbling").map(str::to_string)),
            run_error: RwSignal::new(None),
            app,
            source,
            output,
            errors,
            timeline,
            streams,
        }
    }

    /// The rows of the stream sent to the output (the destination), oldest first.
    pub fn destination_rows(&self) -> Vec<StreamRow> {
        let rows = self.output.get();
        if rows.iter().any(|r| r.stream == DESTINATION) {
            rows.into_iter().filter(|r| r.stream == DESTINATION).collect()
        } else {
            rows
        }
    }
}

/// Column names of an in-application stream (empty when unknown).
pub fn columns_of(streams: &[InAppStreamView], name: &str) -> Vec<String> {
    streams
        .iter()
        .find(|s| s.name == name)
        .map(|s| s.columns.iter().map(|c| c.0.clone()).collect())
        .unwrap_or_default()
}

#[component]
pub fn AnalyticsView() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let state = AnalyticsState::new(sim);
    provide_context(state);
    presets::follow_the_url(state);
    view! {
        <div class="view analytics-view">
            <header class="view-head">
                <h2>"Kinesis Data Analytics"</h2>
                <p class="lede">
                    "Streaming SQL over a Kinesis stream: rows flow through in-application streams and pumps; windows group them by ROWTIME and emit when they close."
                </p>
            </header>
            <RetirementBanner />
            <div class="kda-presets">
                <presets::PresetPicker />
                <presets::PresetNotice />
            </div>
            <div class="kda-editors">
                <editor::LegacyPane />
                <twin::FlinkPane />
            </div>
            <AppStatus />
            <timeline::WindowTimelinePanel />
            <div class="kda-tables">
                <tables::SourceTable />
                <tables::OutputTable />
            </div>
            <chart::OutputChart />
            <tables::ErrorTable />
        </div>
    }
}

#[component]
fn RetirementBanner() -> impl IntoView {
    view! {
        <aside class="kda-retired" role="note" data-testid="kda-retired">
            <strong>"Retired service. "</strong>
            {engine::analytics::RETIREMENT_NOTICE}
            " (No new applications since "
            <time datetime=engine::analytics::NO_NEW_APPLICATIONS_SINCE>
                {engine::analytics::NO_NEW_APPLICATIONS_SINCE}
            </time>
            "; deleted from "
            <time datetime=engine::analytics::APPLICATIONS_DELETED_FROM>
                {engine::analytics::APPLICATIONS_DELETED_FROM}
            </time>
            ".)"
        </aside>
    }
}

#[component]
fn AppStatus() -> impl IntoView {
    let state = expect_context::<AnalyticsState>();
    move || {
        let Some(a) = state.app.get() else {
            return view! {
                <p class="kda-status" data-testid="kda-status">
                    "No application yet: choose a preset, or write a query and press Run (it creates the ticker stream, the feed and the application)."
                </p>
            }
            .into_any();
        };
        let input = a.inputs.first().map(|i| i.source.clone()).unwrap_or_default();
        let output = a.outputs.first().map(|o| o.destination.clone()).unwrap_or_default();
        view! {
            <p class="kda-status" data-testid="kda-status">
                <strong>{a.name.clone()}</strong>
                " · "
                <span class="kda-badge" data-status=a.status.as_str()>{a.status.as_str()}</span>
                " · version " {a.version} " · " {input} " → SQL → " {output} " · "
                {a.rows_in} " rows in · " {a.rows_out} " rows out · " {a.errors} " errors"
            </p>
        }
        .into_any()
    }
}
