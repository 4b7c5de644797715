//! A pipeline definition as the service reads it: objects of fields (text or reference), the
//! `Default` object and `parent` inheritance, parameters and their values; and its validation
//! as PutPipelineDefinition and ValidatePipelineDefinition answer it.
//!
//! AWS publishes one validation text verbatim (`INVALID_FIELD_VALUE:  'startDateTime' value must
//! be a literal datetime value.`, API reference); the others are the sandbox's, written in the
//! same `CODE:  text` form (see `shared/facts/pipeline.md`: no other text is published).

use std::collections::BTreeMap;

use super::expr::{parse_datetime, Period};
use super::wire::{self, ParameterObject, PipelineObject, ValidationError, ValidationWarning};
use crate::api::{ApiError, ErrorCode};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldValue {
    Text(String),
    Ref(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Object {
    pub id: String,
    pub name: String,
    pub fields: Vec<(String, FieldValue)>,
}

/// A definition as saved: the objects in the order they were sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Definition {
    pub objects: Vec<Object>,
    pub parameters: Vec<ParameterObject>,
    pub values: Vec<(String, String)>,
    index: BTreeMap<String, usize>,
}

/// Limits of the Developer Guide's limits page.
pub const MAX_OBJECTS: usize = 100;
pub const MAX_FIELDS: usize = 50;
pub const MAX_RETRIES: i64 = 5;
pub const MIN_RETRY_DELAY_MS: i64 = 2 * 60_000;
pub const MIN_PERIOD_MS: i64 = 15 * 60_000;
pub const MAX_PERIOD_MS: i64 = 3 * 365 * 86_400_000;

/// The object types the sandbox runs, with their category.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Schedule,
    DataNode,
    Activity,
    Resource,
    Precondition,
    Action,
    /// A RedshiftDatabase: what a RedshiftDataNode and a SqlActivity connect to.
    Database,
    /// CSV, TSV: how a data node's bytes split into columns.
    DataFormat,
}

pub fn kind_of(type_name: &str) -> Option<Kind> {
    Some(match type_name {
        "Schedule" => Kind::Schedule,
        "S3DataNode" | "RedshiftDataNode" | "SqlDataNode" | "MySqlDataNode"
        | "DynamoDBDataNode" => Kind::DataNode,
        "CopyActivity"
        | "ShellCommandActivity"
        | "EmrActivity"
        | "HiveActivity"
        | "HadoopActivity"
        | "RedshiftCopyActivity"
        | "SqlActivity" => Kind::Activity,
        "RedshiftDatabase" | "RdsDatabase" | "JdbcDatabase" => Kind::Database,
        "CSV" | "TSV" => Kind::DataFormat,
        "Ec2Resource" | "EmrCluster" => Kind::Resource,
        "S3KeyExists"
        | "S3PrefixNotEmpty"
        | "Exists"
        | "ShellCommandPrecondition"
        | "DynamoDBTableExists"
        | "DynamoDBDataExists" => Kind::Precondition,
        "SnsAlarm" | "Terminate" => Kind::Action,
        _ => return None,
    })
}

/// Types AWS documents that the sandbox does not run (yet): a definition using them is
/// refused with a text that says so, rather than accepted and silently ignored.
const NOT_SIMULATED: &[&str] = &[
    "PigActivity",
    "HiveCopyActivity",
    "Custom",
    "RegEx",
    "DynamoDBDataFormat",
    "DynamoDBExportDataFormat",
    "EmrConfiguration",
    "Property",
    "HttpProxy",
];

/// A type's required fields and its groups of which one is required.
type Requirement = (&'static str, &'static [&'static str], &'static [&'static [&'static str]]);

/// (type, required fields, one-of groups).
const REQUIRED: &[Requirement] = &[
    ("Schedule", &["period"], &[&["startDateTime", "startAt"]]),
    ("S3DataNode", &[], &[&["filePath", "directoryPath"]]),
    ("CopyActivity", &["input", "output"], &[&["runsOn", "workerGroup"]]),
    ("ShellCommandActivity", &[], &[&["command", "scriptUri"], &["runsOn", "workerGroup"]]),
    ("EmrActivity", &["step"], &[&["runsOn", "workerGroup"]]),
    // The Developer Guide's HiveActivity and HadoopActivity pages: one of hiveScript /
    // scriptUri, a jarUri, and runsOn or workerGroup.
    ("HiveActivity", &[], &[&["hiveScript", "scriptUri"], &["runsOn", "workerGroup"]]),
    ("HadoopActivity", &["jarUri"], &[&["runsOn", "workerGroup"]]),
    ("ShellCommandPrecondition", &[], &[&["command", "scriptUri"]]),
    ("Exists", &[], &[]),
    ("Ec2Resource", &["role", "resourceRole"], &[]),
    ("EmrCluster", &[], &[]),
    ("S3KeyExists", &["role", "s3Key"], &[]),
    ("S3PrefixNotEmpty", &["role", "s3Prefix"], &[]),
    ("SnsAlarm", &["topicArn", "subject", "message", "role"], &[]),
    ("RedshiftDatabase", &["*password", "username"], &[&["clusterId", "connectionString"]]),
    ("RedshiftDataNode", &["database", "tableName"], &[]),
    ("RedshiftCopyActivity", &["insertMode"], &[&["runsOn", "workerGroup"]]),
    ("SqlActivity", &["database"], &[&["script", "scriptUri"], &["runsOn", "workerGroup"]]),
    ("Terminate", &[], &[]),
    // The RdsDatabase, JdbcDatabase, SqlDataNode, MySqlDataNode, DynamoDBDataNode and
    // DynamoDB precondition pages' "Required Fields" tables.
    ("RdsDatabase", &["*password", "rdsInstanceId", "username"], &[]),
    ("JdbcDatabase", &["connectionString", "jdbcDriverClass", "*password", "username"], &[]),
    ("SqlDataNode", &["table"], &[]),
    ("MySqlDataNode", &["table"], &[]),
    ("DynamoDBDataNode", &["tableName"], &[]),
    ("DynamoDBTableExists", &["role", "tableName"], &[]),
    ("DynamoDBDataExists", &["role", "tableName"], &[]),
];

/// Reference fields and the kinds they must point at.
const REFS: &[(&str, &[Kind])] = &[
    ("schedule", &[Kind::Schedule]),
    ("input", &[Kind::DataNode]),
    ("output", &[Kind::DataNode]),
    ("runsOn", &[Kind::Resource]),
    ("precondition", &[Kind::Precondition]),
    ("dependsOn", &[Kind::Activity]),
    ("onFail", &[Kind::Action]),
    ("onSuccess", &[Kind::Action]),
    ("onLateAction", &[Kind::Action]),
    ("database", &[Kind::Database]),
    ("dataFormat", &[Kind::DataFormat]),
];

impl Definition {
    /// The wire form, or the FATAL answer (an object without id or name, an empty value, too
    /// many objects): the definition is then not saved at all.
    pub fn from_wire(input: &wire::PutPipelineDefinitionInput) -> Result<Definition, ApiError> {
        let objects = input.pipeline_objects.as_deref().unwrap_or_default();
        let mut def = Definition::default();
        let mut fatal = objects.len() > MAX_OBJECTS;
        for o in objects {
            match convert(o) {
                Some(obj) => {
                    def.index.entry(obj.id.clone()).or_insert(def.objects.len());
                    def.objects.push(obj);
                }
                None => fatal = true,
            }
        }
        if fatal {
            return Err(fatal_error(objects));
        }
        def.parameters = input.parameter_objects.clone().unwrap_or_default();
        def.values = input
            .parameter_values
            .iter()
            .flatten()
            .filter_map(|v| Some((v.id.clone()?, v.string_value.clone()?)))
            .collect();
        Ok(def)
    }

    /// Back to the wire form, as GetPipelineDefinition answers.
    pub fn to_wire(&self) -> wire::GetPipelineDefinitionOutput {
        wire::GetPipelineDefinitionOutput {
            pipeline_objects: self
                .objects
                .iter()
                .map(|o| PipelineObject {
                    id: Some(o.id.clone()),
                    name: Some(o.name.clone()),
                    fields: Some(
                        o.fields
                            .iter()
                            .map(|(k, v)| match v {
                                FieldValue::Text(s) => wire::Field::text(k, s),
                                FieldValue::Ref(r) => wire::Field::reference(k, r),
                            })
                            .collect(),
                    ),
                })
                .collect(),
            parameter_objects: self.parameters.clone(),
            parameter_values: self
                .values
                .iter()
                .map(|(id, v)| wire::ParameterValue {
                    id: Some(id.clone()),
                    string_value: Some(v.clone()),
                })
                .collect(),
        }
    }

    pub fn object(&self, id: &str) -> Option<&Object> {
        self.index.get(id).and_then(|&i| self.objects.get(i))
    }

    /// `id` then its parents: its `parent` chain, ending at `Default` (the implicit parent of
    /// every object without an explicit one). Stops at a cycle.
    pub fn lineage(&self, id: &str) -> Vec<&Object> {
        let mut out: Vec<&Object> = Vec::new();
        let mut next = self.object(id);
        while let Some(o) = next {
            if out.iter().any(|seen| seen.id == o.id) || out.len() > 32 {
                break;
            }
            out.push(o);
            let parent = o.fields.iter().find_map(|(k, v)| match (k.as_str(), v) {
                ("parent", FieldValue::Ref(r)) => Some(r.as_str()),
                _ => None,
            });
            next = match parent {
                Some(p) => self.object(p),
                None if o.id != "Default" => self.object("Default"),
                None => None,
            };
        }
        out
    }

    /// Every value of `key` the object has or inherits (the nearest object that sets it wins).
    pub fn values_of(&self, id: &str, key: &str) -> Vec<&FieldValue> {
        for o in self.lineage(id) {
            let own: Vec<&FieldValue> =
                o.fields.iter().filter(|(k, _)| k == key).map(|(_, v)| v).collect();
            if !own.is_empty() {
                return own;
            }
        }
        Vec::new()
    }

    pub fn text(&self, id: &str, key: &str) -> Option<&str> {
        self.values_of(id, key).into_iter().find_map(|v| match v {
            FieldValue::Text(s) => Some(s.as_str()),
            FieldValue::Ref(_) => None,
        })
    }

    pub fn texts(&self, id: &str, key: &str) -> Vec<&str> {
        self.values_of(id, key)
            .into_iter()
            .filter_map(|v| match v {
                FieldValue::Text(s) => Some(s.as_str()),
                FieldValue::Ref(_) => None,
            })
            .collect()
    }

    pub fn reference(&self, id: &str, key: &str) -> Option<&str> {
        self.refs(id, key).into_iter().next()
    }

    pub fn refs(&self, id: &str, key: &str) -> Vec<&str> {
        self.values_of(id, key)
            .into_iter()
            .filter_map(|v| match v {
                FieldValue::Ref(r) => Some(r.as_str()),
                FieldValue::Text(_) => None,
            })
            .collect()
    }

    pub fn type_of(&self, id: &str) -> Option<&str> {
        self.object(id)?.fields.iter().find(|(k, _)| k == "type").and_then(|(_, v)| match v {
            FieldValue::Text(s) => Some(s.as_str()),
            FieldValue::Ref(_) => None,
        })
    }

    pub fn kind(&self, id: &str) -> Option<Kind> {
        self.type_of(id).and_then(kind_of)
    }

    /// The value of parameter `id`: its value, else its `default` attribute.
    pub fn parameter(&self, id: &str) -> Option<String> {
        if let Some((_, v)) = self.values.iter().find(|(k, _)| k == id) {
            return Some(v.clone());
        }
        let p = self.parameters.iter().find(|p| p.id.as_deref() == Some(id))?;
        p.attributes
            .iter()
            .flatten()
            .find(|a| a.key.as_deref() == Some("default"))
            .and_then(|a| a.string_value.clone())
    }

    /// The schedule type of an object (`cron`, `timeseries`, `ondemand`), lower-cased; the
    /// Developer Guide's default is time series.
    pub fn schedule_type(&self, id: &str) -> String {
        self.text(id, "scheduleType").map_or("timeseries".into(), |s| s.to_ascii_lowercase())
    }

    /// Errors and warnings per object id, in object order.
    pub fn validate(&self) -> (Vec<ValidationError>, Vec<ValidationWarning>) {
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        for o in &self.objects {
            let (e, w) = self.validate_object(o);
            if !e.is_empty() {
                errors.push(ValidationError { id: o.id.clone(), errors: e });
            }
            if !w.is_empty() {
                warnings.push(ValidationWarning { id: o.id.clone(), warnings: w });
            }
        }
        (errors, warnings)
    }

    fn validate_object(&self, o: &Object) -> (Vec<String>, Vec<String>) {
        let mut e = Vec::new();
        let mut w = Vec::new();
        let id = o.id.as_str();
        if o.fields.len() > MAX_FIELDS {
            e.push(format!(
                "INVALID_OBJECT:  an object can have at most {MAX_FIELDS} fields; this one has {}.",
                o.fields.len()
            ));
        }
        // Dangling references, on the object's own fields (inherited ones are checked on the
        // object that sets them).
        for (key, v) in &o.fields {
            let FieldValue::Ref(target) = v else { continue };
            if self.object(target).is_none() {
                e.push(format!("INVALID_REFERENCE:  '{key}' refers to '{target}', which is not an object in this pipeline."));
                continue;
            }
            if let Some((_, kinds)) = REFS.iter().find(|(k, _)| k == key) {
                if let Some(k) = self.kind(target) {
                    if !kinds.contains(&k) {
                        e.push(format!(
                            "INVALID_REFERENCE:  '{key}' cannot refer to '{target}' of type {}.",
                            self.type_of(target).unwrap_or_default()
                        ));
                    }
                }
            }
        }
        if self.has_parent_cycle(id) {
            e.push(
                "INVALID_REFERENCE:  the 'parent' references of this object form a cycle.".into(),
            );
        }
        if id == "Default" {
            if self.text(id, "pipelineLogUri").is_none() {
                // AWS's text, as a real put-pipeline-definition printed it (sic: no space).
                w.push("'pipelineLogUri'is missing. It is recommended to set this value on Default object for better troubleshooting.".into());
            }
            return (e, w);
        }
        let Some(type_name) = self.type_of(id) else {
            e.push("MISSING_REQUIRED_FIELD:  'type' is required.".into());
            return (e, w);
        };
        if NOT_SIMULATED.contains(&type_name) {
            e.push(format!("INVALID_FIELD_VALUE:  type '{type_name}' is an AWS Data Pipeline type this sandbox does not simulate."));
            return (e, w);
        }
        let Some(kind) = kind_of(type_name) else {
            e.push(format!(
                "INVALID_FIELD_VALUE:  'type' value '{type_name}' is not a valid object type."
            ));
            return (e, w);
        };
        if let Some((_, required, one_of)) = REQUIRED.iter().find(|(t, _, _)| *t == type_name) {
            for f in *required {
                if self.values_of(id, f).is_empty() {
                    e.push(format!("MISSING_REQUIRED_FIELD:  '{f}' is required for an object of type {type_name}."));
                }
            }
            for group in *one_of {
                if group.iter().all(|f| self.values_of(id, f).is_empty()) {
                    let names: Vec<String> = group.iter().map(|f| format!("'{f}'")).collect();
                    e.push(format!("MISSING_REQUIRED_FIELD:  one of {} is required for an object of type {type_name}.", names.join(" or ")));
                }
            }
        }
        let ondemand = self.schedule_type(id) == "ondemand";
        if matches!(kind, Kind::Activity | Kind::DataNode | Kind::Resource)
            && !ondemand
            && self.reference(id, "schedule").is_none()
        {
            e.push(format!("MISSING_REQUIRED_FIELD:  'schedule' is required for an object of type {type_name}."));
        }
        match kind {
            Kind::Schedule => self.check_schedule(id, &mut e),
            Kind::Resource if self.text(id, "terminateAfter").is_none() => {
                // AWS's text, as a real put-pipeline-definition printed it.
                w.push("'terminateAfter' is missing. It is recommended to set this to avoid leaving resource running for long duration.".into());
            }
            _ => {}
        }
        if type_name == "ShellCommandActivity"
            && self.text(id, "scriptUri").is_some()
            && !self.texts(id, "scriptArgument").is_empty()
        {
            // The Developer Guide calls this an error, yet AWS's own published samples do it and
            // load: a warning here, so those samples load unchanged.
            w.push("'scriptArgument' can only be used with 'command'; the Developer Guide says using it with 'scriptUri' causes an error.".into());
        }
        self.check_redshift(id, type_name, &mut e);
        super::rds::check(self, id, type_name, &mut e);
        super::dynamo::check(self, id, type_name, &mut e);
        self.check_emr_only(id, type_name, &mut e);
        if let Some(n) = self.text(id, "maximumRetries") {
            match n.trim().parse::<i64>() {
                Ok(n) if (0..=MAX_RETRIES).contains(&n) => {}
                _ => e.push(format!("INVALID_FIELD_VALUE:  'maximumRetries' value must be an integer from 0 to {MAX_RETRIES}.")),
            }
        }
        for (field, min) in [
            ("retryDelay", MIN_RETRY_DELAY_MS),
            ("preconditionTimeout", 0),
            ("terminateAfter", 0),
            ("attemptTimeout", 0),
        ] {
            let Some(v) = self.text(id, field) else { continue };
            match Period::parse(v) {
                Some(p) if p.approx_ms() >= min => {}
                Some(_) => {
                    e.push(format!("INVALID_FIELD_VALUE:  '{field}' must be at least 2 minutes."))
                }
                None => e.push(format!(
                    "INVALID_FIELD_VALUE:  '{field}' value must be a period such as '10 minutes'."
                )),
            }
        }
        (e, w)
    }

    /// HiveActivity and HadoopActivity run as steps of the pipeline's EMR cluster: AWS also
    /// runs them through a Task Runner on an existing cluster (`workerGroup`), which the
    /// sandbox does not, so it says so at validation (sandbox text).
    fn check_emr_only(&self, id: &str, type_name: &str, e: &mut Vec<String>) {
        if !matches!(type_name, "HiveActivity" | "HadoopActivity") {
            return;
        }
        match self.reference(id, "runsOn") {
            Some(r) if self.object(r).is_some() && self.type_of(r) != Some("EmrCluster") => {
                e.push(format!("INVALID_FIELD_VALUE:  'runsOn' of a {type_name} must refer to an EmrCluster."))
            }
            None => e.push(format!("INVALID_FIELD_VALUE:  the sandbox runs a {type_name} only on an EmrCluster: set 'runsOn' (a 'workerGroup' on an existing cluster is not simulated) (sandbox).")),
            Some(_) => {}
        }
    }

    /// The Redshift objects' own rules: the four insert modes, a database named one way only,
    /// and what the sandbox's RedshiftCopyActivity loads (S3 into a Redshift table).
    fn check_redshift(&self, id: &str, type_name: &str, e: &mut Vec<String>) {
        match type_name {
            "RedshiftCopyActivity" => {
                if let Some(mode) = self.text(id, "insertMode") {
                    if !super::redshift::INSERT_MODES.contains(&mode.to_ascii_uppercase().as_str())
                    {
                        e.push("INVALID_FIELD_VALUE:  'insertMode' value must be one of KEEP_EXISTING, OVERWRITE_EXISTING, TRUNCATE, APPEND.".into());
                    }
                }
                for (field, want) in [("input", "S3DataNode"), ("output", "RedshiftDataNode")] {
                    match self.reference(id, field) {
                        None => e.push(format!("MISSING_REQUIRED_FIELD:  '{field}' is required: the sandbox's RedshiftCopyActivity copies an S3DataNode into a RedshiftDataNode (sandbox).")),
                        Some(r) if self.object(r).is_some() && self.type_of(r) != Some(want) => e.push(format!("INVALID_FIELD_VALUE:  '{field}' must refer to a {want} in the sandbox, which copies S3 into Redshift (sandbox).")),
                        Some(_) => {}
                    }
                }
            }
            "RedshiftDatabase"
                if self.text(id, "clusterId").is_some()
                    && self.text(id, "connectionString").is_some() =>
            {
                // "Note that you can't specify both connectionString and clusterId."
                e.push(
                    "INVALID_FIELD_VALUE:  use either 'clusterId' or 'connectionString', not both."
                        .into(),
                );
            }
            _ => {}
        }
    }

    /// Whether following `parent` references from `id` comes back to an object already seen.
    fn has_parent_cycle(&self, id: &str) -> bool {
        let mut seen: Vec<&str> = Vec::new();
        let mut at = id;
        loop {
            if seen.contains(&at) {
                return true;
            }
            seen.push(at);
            let parent = self.object(at).and_then(|o| {
                o.fields.iter().find_map(|(k, v)| match (k.as_str(), v) {
                    ("parent", FieldValue::Ref(r)) => Some(r.as_str()),
                    _ => None,
                })
            });
            match parent {
                Some(p) => at = p,
                None => return false,
            }
        }
    }

    fn check_schedule(&self, id: &str, e: &mut Vec<String>) {
        match self.text(id, "period") {
            Some("ONDEMAND_PERIOD") => {}
            Some(p) => match Period::parse(p) {
                Some(p) if p.approx_ms() < MIN_PERIOD_MS => {
                    e.push("INVALID_FIELD_VALUE:  'period' must be at least 15 minutes.".into())
                }
                Some(p) if p.approx_ms() > MAX_PERIOD_MS => {
                    e.push("INVALID_FIELD_VALUE:  'period' must be at most 3 years.".into())
                }
                Some(_) => {}
                None => e.push(
                    "INVALID_FIELD_VALUE:  'period' value must be a period such as '1 day'.".into(),
                ),
            },
            None => {}
        }
        let start = self.text(id, "startDateTime");
        if let Some(s) = start {
            if parse_datetime(s).is_none() {
                // AWS's text, verbatim (two spaces after the colon).
                e.push(
                    "INVALID_FIELD_VALUE:  'startDateTime' value must be a literal datetime value."
                        .into(),
                );
            }
        }
        if let Some(s) = self.text(id, "endDateTime") {
            if parse_datetime(s).is_none() {
                e.push(
                    "INVALID_FIELD_VALUE:  'endDateTime' value must be a literal datetime value."
                        .into(),
                );
            }
            if self.text(id, "occurrences").is_some() {
                e.push(
                    "INVALID_FIELD_VALUE:  'occurrences' cannot be used with 'endDateTime'.".into(),
                );
            }
        }
        if let Some(a) = self.text(id, "startAt") {
            if start.is_some() {
                e.push(
                    "INVALID_FIELD_VALUE:  use either 'startDateTime' or 'startAt', not both."
                        .into(),
                );
            }
            if a != "FIRST_ACTIVATION_DATE_TIME" && a != "ONDEMAND_ACTIVATION_TIME" {
                e.push(
                    "INVALID_FIELD_VALUE:  'startAt' value must be FIRST_ACTIVATION_DATE_TIME."
                        .into(),
                );
            }
        }
        if let Some(n) = self.text(id, "occurrences") {
            if n.trim().parse::<u32>().map_or(true, |n| n == 0) {
                e.push(
                    "INVALID_FIELD_VALUE:  'occurrences' value must be a positive integer.".into(),
                );
            }
        }
    }
}

/// One wire object, or `None` when it is missing its id or name or has an empty value.
fn convert(o: &PipelineObject) -> Option<Object> {
    let id = o.id.clone().filter(|s| !s.is_empty())?;
    let name = o.name.clone().filter(|s| !s.is_empty())?;
    let mut fields = Vec::new();
    for f in o.fields.as_deref().unwrap_or_default() {
        let key = f.key.clone().filter(|k| !k.is_empty())?;
        let value = match (&f.string_value, &f.ref_value) {
            (Some(s), None) if !s.is_empty() => FieldValue::Text(s.clone()),
            (None, Some(r)) if !r.is_empty() => FieldValue::Ref(r.clone()),
            _ => return None,
        };
        fields.push((key, value));
    }
    Some(Object { id, name, fields })
}

/// The FATAL answer. AWS prints a Java object's identity (`ValidationError@108d7ea9`); the
/// sandbox's eight hex digits are a hash of the objects, so the same input gives the same text.
fn fatal_error(objects: &[PipelineObject]) -> ApiError {
    let text = serde_json::to_string(objects).unwrap_or_default();
    let hash = text.bytes().fold(0x811c_9dc5_u32, |h, b| (h ^ b as u32).wrapping_mul(0x0100_0193));
    invalid_request(format!(
        "Pipeline definition has errors: Could not save the pipeline definition due to FATAL errors: [com.amazon.setl.webservice.ValidationError@{hash:08x}] Please call Validate to validate your pipeline"
    ))
}

/// Data Pipeline's InvalidRequestException (its model spells the member `message`).
pub fn invalid_request(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::Other("InvalidRequestException".into()), message)
}
