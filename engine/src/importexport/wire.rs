//! AWS Import/Export's request and response shapes, member names as botocore's `importexport`
//! model spells them (the query protocol's members, in JSON: the endpoint's codec turns
//! `JobType=Import&Manifest=...` into these, and these into `<CreateJobResult>`).

use serde::{Deserialize, Serialize};

use crate::api::wire::Timestamp;

/// A boolean as the query protocol sends it: `true` / `false`, in JSON or as text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueryBool(pub Option<bool>);

impl Serialize for QueryBool {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for QueryBool {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum B {
            Bool(bool),
            Text(String),
        }
        Ok(QueryBool(match Option::<B>::deserialize(d)? {
            None => None,
            Some(B::Bool(b)) => Some(b),
            Some(B::Text(t)) if t.eq_ignore_ascii_case("true") => Some(true),
            Some(B::Text(t)) if t.eq_ignore_ascii_case("false") => Some(false),
            Some(B::Text(_)) => return Err(serde::de::Error::custom("not a boolean")),
        }))
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateJobInput {
    pub job_type: Option<String>,
    pub manifest: Option<String>,
    pub manifest_addendum: Option<String>,
    pub validate_only: QueryBool,
    #[serde(rename = "APIVersion")]
    pub api_version: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Artifact {
    pub description: String,
    #[serde(rename = "URL")]
    pub url: String,
}

#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateJobOutput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_id: Option<String>,
    pub job_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature_file_contents: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning_message: Option<String>,
    pub artifact_list: Vec<Artifact>,
}

/// GetStatus's input.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GetStatusInput {
    pub job_id: Option<String>,
    #[serde(rename = "APIVersion")]
    pub api_version: Option<String>,
}

/// CancelJob's input (the same members as GetStatus's).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CancelJobInput {
    pub job_id: Option<String>,
    #[serde(rename = "APIVersion")]
    pub api_version: Option<String>,
}

crate::api::api_inputs!("importexport";
    CreateJobInput => "CreateJob",
    GetStatusInput => "GetStatus",
    UpdateJobInput => "UpdateJob",
    CancelJobInput => "CancelJob",
    ListJobsInput => "ListJobs",
    GetShippingLabelInput => "GetShippingLabel",
);

#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetStatusOutput {
    pub job_id: String,
    pub job_type: String,
    pub location_code: String,
    pub location_message: String,
    pub progress_code: String,
    pub progress_message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carrier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracking_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_bucket: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_key: Option<String>,
    pub error_count: i64,
    pub signature: String,
    pub signature_file_contents: String,
    pub current_manifest: String,
    pub creation_date: Timestamp,
    pub artifact_list: Vec<Artifact>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UpdateJobInput {
    pub job_id: Option<String>,
    pub manifest: Option<String>,
    pub job_type: Option<String>,
    pub validate_only: QueryBool,
    #[serde(rename = "APIVersion")]
    pub api_version: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateJobOutput {
    pub success: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning_message: Option<String>,
    pub artifact_list: Vec<Artifact>,
}

#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CancelJobOutput {
    pub success: bool,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListJobsInput {
    pub max_jobs: Option<serde_json::Value>,
    pub marker: Option<String>,
    #[serde(rename = "APIVersion")]
    pub api_version: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct JobEntry {
    pub job_id: String,
    pub creation_date: Timestamp,
    pub is_canceled: bool,
    pub job_type: String,
}

#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListJobsOutput {
    pub jobs: Vec<JobEntry>,
    pub is_truncated: bool,
}

/// The model spells this input's members in camelCase (`jobIds`, `street1`).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GetShippingLabelInput {
    pub job_ids: Vec<String>,
    pub name: Option<String>,
    pub company: Option<String>,
    pub phone_number: Option<String>,
    pub country: Option<String>,
    pub state_or_province: Option<String>,
    pub city: Option<String>,
    pub postal_code: Option<String>,
    pub street1: Option<String>,
    pub street2: Option<String>,
    pub street3: Option<String>,
    #[serde(rename = "APIVersion")]
    pub api_version: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetShippingLabelOutput {
    #[serde(rename = "ShippingLabelURL")]
    pub shipping_label_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}
