//! Run: check the code, make sure the demo pipeline exists (the ticker stream, the results
//! stream, the feed), then create or update the application and start it, every step an API
//! call echoed in the console. The requests are built from the typed input shapes.

use engine::analytics::sql::{self, SqlError};

use engine::analytics::wire::{
    ApplicationUpdate, CreateApplicationInput, DestinationSchema, Input, InputConfiguration,
    InputStartingPositionConfiguration, Output, ResourceRef, StartApplicationInput,
    UpdateApplicationInput,
};
use engine::api::Call;
use leptos::prelude::*;

use super::{AnalyticsState, APP, DESTINATION, FEED, INPUT, RESULTS};
use crate::driver::Sim;

const ROLE: &str = "arn:aws:iam::000000000000:role/kinesis-analytics-ticker";

fn arn(sim: Sim, stream: &str) -> String {
    let (account, region) =
        sim.with_world(|w| (w.config().account_id.clone(), w.config().region.clone()));
    format!("arn:aws:kinesis:{region}:{account}:stream/{stream}")
}

fn resource(arn: &str) -> Option<ResourceRef> {
    Some(ResourceRef { resource_arn: Some(arn.into()), role_arn: Some(ROLE.into()) })
}

/// CreateApplication of the view's application: `code` reading the ticker stream
/// (`input_arn`) and writing DESTINATION_SQL_STREAM to the results stream (`results_arn`).
pub fn create_call(code: &str, input_arn: &str, results_arn: &str) -> Call {
    Call::new(&CreateApplicationInput {
        application_name: Some(APP.into()),
        application_description: Some("Stock ticker analytics (Data Sandbox)".into()),
        application_code: Some(code.into()),
        inputs: Some(vec![Input {
            name_prefix: Some("SOURCE_SQL_STREAM".into()),
            kinesis_streams_input: resource(input_arn),
            input_schema: Some(engine::analytics::feed::input_schema()),
            ..Input::default()
        }]),
        outputs: Some(vec![Output {
            name: Some(DESTINATION.into()),
            kinesis_streams_output: resource(results_arn),
            destination_schema: Some(DestinationSchema { record_format_type: Some("JSON".into()) }),
            ..Output::default()
        }]),
        ..CreateApplicationInput::default()
    })
}

/// UpdateApplication of the view's application's code, at its current version.
pub fn update_call(code: &str, version: i64) -> Call {
    Call::new(&UpdateApplicationInput {
        application_name: Some(APP.into()),
        current_application_version_id: Some(version),
        application_update: Some(ApplicationUpdate {
            application_code_update: Some(code.into()),
            ..ApplicationUpdate::default()
        }),
    })
}

/// StartApplication, its input `input_id` reading from NOW.
pub fn start_call(input_id: &str) -> Call {
    Call::new(&StartApplicationInput {
        application_name: Some(APP.into()),
        input_configurations: Some(vec![InputConfiguration {
            id: Some(input_id.into()),
            input_starting_position_configuration: Some(InputStartingPositionConfiguration {
                input_starting_position: Some("NOW".into()),
            }),
        }]),
    })
}

fn stream_exists(sim: Sim, name: &str) -> bool {
    sim.with_world(|w| w.view().kinesis().stream_names().iter().any(|s| s == name))
}

/// The ticker stream, the results stream and the feed, created if missing.
pub fn ensure_pipeline(sim: Sim, rate: u32, symbols: u16) {
    let mut created = false;
    for name in [INPUT, RESULTS] {
        if !stream_exists(sim, name) {
            let _ = sim.call(crate::views::streams::stream_setup::create_call(name, 1, false));
            created = true;
        }
    }
    if created {
        // The streams are CREATING until their transition is due: step to it.
        sim.step();
    }
    let feeding = sim.with_world(|w| w.view().analytics().feeds().iter().any(|f| f.id == FEED));
    if !feeding {
        sim.act(
            engine::Command::Analytics(engine::analytics::AnalyticsCommand::StartTickerFeed {
                feed: FEED.into(),
                stream: INPUT.into(),
                rate,
                symbols,
            }),
            &format!("the demo ticker feed writes {rate} JSON records/s (TICKER_SYMBOL, SECTOR, CHANGE, PRICE) to {INPUT}"),
        );
    }
}

/// Creates the application with `code` (or updates its code), then starts it if it is not
/// running. Every step is an API call, echoed in the console.
pub fn deploy(sim: Sim, code: &str) -> Result<(), String> {
    let existing = sim.with_world(|w| w.view().analytics().application(APP));
    let call = match existing {
        None => create_call(code, &arn(sim, INPUT), &arn(sim, RESULTS)),
        Some(app) => update_call(code, app.version),
    };
    sim.call(call).map_err(|e| e.message.clone())?;
    let app = sim.with_world(|w| w.view().analytics().application(APP));
    if let Some(app) = app {
        if app.status == engine::analytics::ApplicationStatus::Ready {
            let id = app.inputs.first().map(|i| i.id.clone()).unwrap_or_else(|| "1.1".into());
            sim.call(start_call(&id)).map_err(|e| e.message.clone())?;
        }
    }
    Ok(())
}

/// Run: check the code (a compile error stays in the editor, with its position), then deploy.
pub fn run_code(state: AnalyticsState) {
    let code = state.code.get_untracked();
    if let Some(e) = sql::check(&code).into_iter().next() {
        state.run_error.set(Some(e));
        return;
    }
    ensure_pipeline(state.sim, 20, 5);
    if let Err(message) = deploy(state.sim, &code) {
        state.run_error.set(Some(SqlError { message, line: 0, column: 0 }));
        return;
    }
    state.run_error.set(None);
    state.sim.play();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The typed requests give, byte for byte, the bodies the view sent when it built them as
    /// JSON (the console echoes them, shared links replay them).
    #[test]
    fn typed_bodies_are_the_ones_the_view_always_sent() {
        let create = create_call(
            "CODE",
            "arn:aws:kinesis:us-east-1:1:stream/ticker-stream",
            "arn:aws:kinesis:us-east-1:1:stream/ticker-results",
        );
        assert_eq!(create.target, "KinesisAnalytics_20150814.CreateApplication");
        assert_eq!(
            create.body,
            r#"{"ApplicationCode":"CODE","ApplicationDescription":"Stock ticker analytics (Data Sandbox)","ApplicationName":"ticker-analytics","Inputs":[{"InputSchema":{"RecordColumns":[{"Mapping":"$.TICKER_SYMBOL","Name":"TICKER_SYMBOL","SqlType":"VARCHAR(4)"},{"Mapping":"$.SECTOR","Name":"SECTOR","SqlType":"VARCHAR(16)"},{"Mapping":"$.CHANGE","Name":"CHANGE","SqlType":"REAL"},{"Mapping":"$.PRICE","Name":"PRICE","SqlType":"REAL"}],"RecordEncoding":"UTF-8","RecordFormat":{"MappingParameters":{"JSONMappingParameters":{"RecordRowPath":"$"}},"RecordFormatType":"JSON"}},"KinesisStreamsInput":{"ResourceARN":"arn:aws:kinesis:us-east-1:1:stream/ticker-stream","RoleARN":"arn:aws:iam::000000000000:role/kinesis-analytics-ticker"},"NamePrefix":"SOURCE_SQL_STREAM"}],"Outputs":[{"DestinationSchema":{"RecordFormatType":"JSON"},"KinesisStreamsOutput":{"ResourceARN":"arn:aws:kinesis:us-east-1:1:stream/ticker-results","RoleARN":"arn:aws:iam::000000000000:role/kinesis-analytics-ticker"},"Name":"DESTINATION_SQL_STREAM"}]}"#
        );
        assert_eq!(
            update_call("CODE", 3).body,
            r#"{"ApplicationName":"ticker-analytics","ApplicationUpdate":{"ApplicationCodeUpdate":"CODE"},"CurrentApplicationVersionId":3}"#
        );
        assert_eq!(
            start_call("1.1").body,
            r#"{"ApplicationName":"ticker-analytics","InputConfigurations":[{"Id":"1.1","InputStartingPositionConfiguration":{"InputStartingPosition":"NOW"}}]}"#
        );
    }
}
