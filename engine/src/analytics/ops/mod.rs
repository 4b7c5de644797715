//! One function per API action of `KinesisAnalytics_20150814`, in files by what they change:
//! [`applications`], [`sources`] (inputs, outputs, reference data), [`discover`], [`tags`];
//! [`config`] turns requests into configuration and back. Here: the dispatch table, AWS's
//! error texts, and the checks every change shares.

mod applications;
mod config;
mod discover;
pub(crate) mod messages;
mod sources;
mod tags;

pub use applications::*;
use config::*;
pub(crate) use config::{catalog_of, compile};
pub use discover::*;
pub use sources::*;
pub use tags::*;

use std::collections::BTreeMap;

use super::model::*;
use super::schema::{self, Mapper};
use super::sql::{Catalog, Program, StreamSchema, Syntax, TableData};
use super::wire::*;
use super::Analytics;
use crate::api::json::call;
use crate::api::validate::{self, Validator};
use crate::api::ApiError;
use crate::sim::{Ctx, Services};
pub(crate) use messages::code_error;
use messages::*;

/// Runs `KinesisAnalytics_20150814.<action>` with a JSON body. Never panics, whatever the
/// bytes.
pub(crate) fn dispatch(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    action: &str,
    body: &str,
) -> Result<String, ApiError> {
    match action {
        "AddApplicationInput" => call(services, ctx, body, add_application_input),
        "AddApplicationOutput" => call(services, ctx, body, add_application_output),
        "AddApplicationReferenceDataSource" => {
            call(services, ctx, body, add_application_reference_data_source)
        }
        "CreateApplication" => call(services, ctx, body, create_application),
        "DeleteApplication" => call(services, ctx, body, delete_application),
        "DeleteApplicationOutput" => call(services, ctx, body, delete_application_output),
        "DeleteApplicationReferenceDataSource" => {
            call(services, ctx, body, delete_application_reference_data_source)
        }
        "DescribeApplication" => call(services, ctx, body, describe_application),
        "DiscoverInputSchema" => call(services, ctx, body, discover_input_schema),
        "ListApplications" => call(services, ctx, body, list_applications),
        "ListTagsForResource" => call(services, ctx, body, list_tags_for_resource),
        "StartApplication" => call(services, ctx, body, start_application),
        "StopApplication" => call(services, ctx, body, stop_application),
        "TagResource" => call(services, ctx, body, tag_resource),
        "UntagResource" => call(services, ctx, body, untag_resource),
        "UpdateApplication" => call(services, ctx, body, update_application),
        "AddApplicationCloudWatchLoggingOption"
        | "DeleteApplicationCloudWatchLoggingOption"
        | "AddApplicationInputProcessingConfiguration"
        | "DeleteApplicationInputProcessingConfiguration" => Err(not_simulated(action)),
        _ => Err(ApiError::unknown_operation()),
    }
    .map_err(|e| e.with_action(action))
}

pub fn application_arn(ctx: &Ctx<'_>, name: &str) -> String {
    format!(
        "arn:aws:kinesisanalytics:{}:{}:application/{}",
        ctx.config.region, ctx.config.account_id, name
    )
}

fn arn_tail<'a>(arn: &'a str, marker: &str) -> Option<&'a str> {
    let i = arn.find(marker)?;
    let tail = &arn[i + marker.len()..];
    (!tail.is_empty() && arn.starts_with("arn:")).then_some(tail)
}

fn check_name(v: &mut Validator, member: &str, name: Option<&str>) {
    if v.required(member, name.as_ref()) {
        v.string(member, name, Some(1), Some(128), Some(validate::NAME));
    }
}

fn check_version(v: &mut Validator, version: Option<i64>) {
    if v.required("currentApplicationVersionId", version.as_ref()) {
        v.int("currentApplicationVersionId", version, Some(1), Some(999_999_999));
    }
}

fn app_mut<'a>(a: &'a mut Analytics, name: &str) -> Result<&'a mut Application, ApiError> {
    a.apps.get_mut(name).ok_or_else(|| not_found(name))
}

fn check_current(app: &Application, version: Option<i64>) -> Result<(), ApiError> {
    let v = version.unwrap_or_default();
    if v != app.version {
        return Err(stale_version(v, app.version));
    }
    Ok(())
}

fn updatable(app: &Application) -> Result<(), ApiError> {
    match app.status {
        ApplicationStatus::Ready | ApplicationStatus::Running => Ok(()),
        s => Err(not_updatable(&app.name, s.as_str())),
    }
}

/// The application a change names, when it may change now: it exists, the caller's version is
/// its current one, and it is READY or RUNNING (AWS checks in that order).
fn updatable_app<'a>(
    a: &'a Analytics,
    name: &str,
    version: Option<i64>,
) -> Result<&'a Application, ApiError> {
    let app = a.apps.get(name).ok_or_else(|| not_found(name))?;
    check_current(app, version)?;
    updatable(app)?;
    Ok(app)
}

/// [`updatable_app`], to change it.
fn updatable_app_mut<'a>(
    a: &'a mut Analytics,
    name: &str,
    version: Option<i64>,
) -> Result<&'a mut Application, ApiError> {
    updatable_app(a, name, version)?;
    app_mut(a, name)
}
