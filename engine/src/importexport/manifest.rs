//! The manifest: what the YAML says, checked the way the developer guide's option tables
//! describe it (Common, Import to Amazon S3, Export from Amazon S3, Import to Amazon EBS,
//! Import to Amazon Glacier), into a typed [`Manifest`]. Every refusal is one of AWS's
//! manifest exceptions with its model text ([`super::texts`]); AWS's messages do not name the
//! field, so [`ManifestProblem::field`] keeps it for the sandbox's views.

use super::texts;
use super::yaml::{self, Value};
use crate::api::ApiError;

/// Where an import goes, or what an export reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Import into one bucket ("One bucket per import job"), keys under `prefix`.
    S3 { bucket: String, prefix: String },
    /// Import of the whole device image into one archive of an existing vault.
    Glacier { vault: String, region: String, archive_comment: String },
    /// Import of the device image into an EBS snapshot (a device of 1 TB or less) or into
    /// objects of the log bucket (a larger one).
    Ebs { region: String },
    /// Export of each operation's keys onto the device, in alphabetical order.
    Export { operations: Vec<ExportOperation> },
}

/// One `operations` entry of an export manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportOperation {
    pub bucket: String,
    pub prefix: String,
    /// Keys "after this option value".
    pub begin_marker: Option<String>,
    /// Keys "before and including this value".
    pub end_marker: Option<String>,
    pub target_directory: String,
}

impl ExportOperation {
    pub fn selects(&self, key: &str) -> bool {
        key.starts_with(&self.prefix)
            && self.begin_marker.as_deref().is_none_or(|b| key > b)
            && self.end_marker.as_deref().is_none_or(|e| key <= e)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReturnAddress {
    pub name: String,
    pub company: Option<String>,
    pub street1: String,
    pub city: String,
    pub state_or_province: Option<String>,
    pub postal_code: String,
    pub phone_number: String,
    pub country: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    pub version: String,
    pub access_key_id: String,
    pub device_id: String,
    pub erase_device: bool,
    pub return_address: ReturnAddress,
    pub target: Target,
    pub log_bucket: Option<String>,
    pub log_prefix: String,
    pub notification_email: Vec<String>,
    /// `expeditedShipping`: "two-day shipping for an additional fee" on the way back.
    pub expedited: bool,
    /// The TrueCrypt password (or a PIN-code device for exports): encryption, optional for an
    /// import, required for an export.
    pub password: Option<String>,
    pub pin_code: Option<String>,
    pub file_system: Option<String>,
    pub acl: String,
}

impl Manifest {
    pub fn encrypted(&self) -> bool {
        self.password.is_some() || self.pin_code.is_some()
    }

    /// Every bucket the manifest names: what must exist.
    pub fn buckets(&self) -> Vec<String> {
        let mut out: Vec<String> = match &self.target {
            Target::S3 { bucket, .. } => vec![bucket.clone()],
            Target::Export { operations } => operations.iter().map(|o| o.bucket.clone()).collect(),
            Target::Glacier { .. } | Target::Ebs { .. } => Vec::new(),
        };
        out.extend(self.log_bucket.clone());
        out
    }

    /// Where the job's log is saved: the log bucket, or for an S3 import its bucket.
    pub fn log_bucket(&self) -> Option<String> {
        self.log_bucket.clone().or_else(|| match &self.target {
            Target::S3 { bucket, .. } => Some(bucket.clone()),
            _ => None,
        })
    }
}

/// A refusal: AWS's exception, and (for the sandbox's views only) the field concerned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManifestProblem {
    pub error: ApiError,
    pub field: String,
}

fn missing(field: &str) -> ManifestProblem {
    ManifestProblem { error: texts::missing_manifest_field(), field: field.into() }
}

fn invalid(field: &str) -> ManifestProblem {
    ManifestProblem { error: texts::invalid_manifest_field(), field: field.into() }
}

/// Fields the guide's tables list; anything else in a manifest is an invalid field.
const COMMON: &[&str] = &[
    "manifestVersion",
    "accessKeyId",
    "deviceId",
    "eraseDevice",
    "returnAddress",
    "generator",
    "logBucket",
    "logPrefix",
    "notificationEmail",
    "serviceLevel",
    "customs",
    "trueCryptPassword",
    "pinCode",
    "cacheControl",
    "contentDisposition",
    "contentLanguage",
    "contentTypes",
    "defaultContentType",
    "ignore",
    "substitutions",
    "setContentEncodingForGzFiles",
    "acl",
    "prefix",
    "bucket",
    "operations",
    "fileSystem",
    "recoveryDirectory",
];
const ADDRESS: &[&str] = &[
    "name",
    "company",
    "street1",
    "street2",
    "street3",
    "city",
    "stateOrProvince",
    "postalCode",
    "phoneNumber",
    "country",
];

/// Reads a manifest for a job of type `import` (else export). The YAML must decode
/// (MalformedManifestException), then every field is checked in the guide's order.
pub fn read(text: &str, import: bool) -> Result<Manifest, ManifestProblem> {
    let value = yaml::parse(text).map_err(|e| ManifestProblem {
        error: texts::malformed_manifest(),
        field: format!("line {}: {}", e.line, e.why),
    })?;
    let Value::Map(entries) = &value else {
        return Err(ManifestProblem {
            error: texts::malformed_manifest(),
            field: "the manifest is not a map of fields".into(),
        });
    };
    for (key, _) in entries {
        if !COMMON.contains(&key.as_str()) && !ADDRESS.contains(&key.as_str()) {
            return Err(invalid(key));
        }
    }
    let text_of = |key: &str| -> Result<Option<String>, ManifestProblem> {
        match value.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Scalar(s)) if s.is_empty() => Ok(None),
            Some(Value::Scalar(s)) => Ok(Some(s.clone())),
            Some(_) => Err(invalid(key)),
        }
    };
    let required = |key: &str| text_of(key).and_then(|v| v.ok_or_else(|| missing(key)));

    // The AWS CLI's own example writes `manifestVersion: 2.0;` (a stray semicolon): accepted.
    let version = required("manifestVersion")?;
    let version = version.trim_end_matches(';').to_string();
    if version != "2.0" && version != "3.0" {
        return Err(invalid("manifestVersion"));
    }
    let access_key_id = required("accessKeyId")?;
    let device_id = required("deviceId")?;
    let erase_device = match text_of("eraseDevice")?.map(|s| s.to_ascii_lowercase()) {
        None => false,
        Some(s) if s == "yes" || s == "true" => true,
        Some(s) if s == "no" || s == "false" => false,
        Some(_) => return Err(invalid("eraseDevice")),
    };
    let return_address = return_address(&value)?;
    let expedited = match text_of("serviceLevel")?.as_deref() {
        None | Some("standard") => false,
        Some("expeditedShipping") => true,
        Some(_) => return Err(invalid("serviceLevel")),
    };
    let acl = text_of("acl")?.unwrap_or_else(|| "private".into());
    if !["private", "public-read", "public-read-write", "authenticated-read"]
        .contains(&acl.as_str())
    {
        return Err(invalid("acl"));
    }
    let notification_email = text_of("notificationEmail")?
        .map(|s| s.split(';').map(|e| e.trim().to_string()).filter(|e| !e.is_empty()).collect())
        .unwrap_or_default();
    let password = text_of("trueCryptPassword")?;
    let pin_code = text_of("pinCode")?;
    let log_bucket = text_of("logBucket")?;
    let log_prefix = text_of("logPrefix")?.unwrap_or_default();
    let file_system = text_of("fileSystem")?;

    let target = if import {
        import_target(&value, &version, &text_of)?
    } else {
        if version != "2.0" {
            // "Export from Amazon EBS to a storage device is not currently supported": an
            // export is from S3, with a 2.0 manifest.
            return Err(invalid("manifestVersion"));
        }
        export_target(&value)?
    };
    if !import {
        match file_system.as_deref() {
            None => return Err(missing("fileSystem")),
            Some("NTFS" | "EXT4") => {}
            Some(_) => {
                return Err(ManifestProblem {
                    error: texts::invalid_file_system(),
                    field: "fileSystem".into(),
                })
            }
        }
        // "AWS Import/Export requires encryption with all export jobs."
        if password.is_none() && pin_code.is_none() {
            return Err(missing("trueCryptPassword"));
        }
    }
    if matches!(target, Target::Glacier { .. } | Target::Ebs { .. }) && log_bucket.is_none() {
        return Err(missing("logBucket"));
    }
    Ok(Manifest {
        version,
        access_key_id,
        device_id,
        erase_device,
        return_address,
        target,
        log_bucket,
        log_prefix,
        notification_email,
        expedited,
        password,
        pin_code,
        file_system,
        acl,
    })
}

/// `returnAddress:` with its fields below it, or (as in the AWS CLI's example, where the fields
/// follow unindented) the same fields at the top level.
fn return_address(value: &Value) -> Result<ReturnAddress, ManifestProblem> {
    let block = match value.get("returnAddress") {
        Some(m @ Value::Map(_)) => m,
        None => return Err(missing("returnAddress")),
        Some(Value::Null) => value,
        Some(_) => return Err(invalid("returnAddress")),
    };
    if let Value::Map(entries) = block {
        if !std::ptr::eq(block, value) {
            if let Some((k, _)) = entries.iter().find(|(k, _)| !ADDRESS.contains(&k.as_str())) {
                return Err(invalid(&format!("returnAddress.{k}")));
            }
        }
    }
    let field = |key: &str, required: bool| -> Result<Option<String>, ManifestProblem> {
        match block.get(key) {
            Some(Value::Scalar(s)) if !s.is_empty() => Ok(Some(s.clone())),
            Some(Value::Map(_) | Value::List(_)) => Err(invalid(&format!("returnAddress.{key}"))),
            _ if required => Err(missing(&format!("returnAddress.{key}"))),
            _ => Ok(None),
        }
    };
    Ok(ReturnAddress {
        name: field("name", true)?.unwrap_or_default(),
        company: field("company", false)?,
        street1: field("street1", true)?.unwrap_or_default(),
        city: field("city", true)?.unwrap_or_default(),
        state_or_province: field("stateOrProvince", false)?,
        postal_code: field("postalCode", true)?.unwrap_or_default(),
        phone_number: field("phoneNumber", true)?.unwrap_or_default(),
        country: field("country", true)?.unwrap_or_default(),
    })
}

type TextOf<'a> = dyn Fn(&str) -> Result<Option<String>, ManifestProblem> + 'a;

fn import_target(
    value: &Value,
    version: &str,
    text_of: &TextOf<'_>,
) -> Result<Target, ManifestProblem> {
    if version == "2.0" {
        let bucket = text_of("bucket")?.ok_or_else(|| missing("bucket"))?;
        let prefix = text_of("prefix")?.unwrap_or_default();
        return Ok(Target::S3 { bucket, prefix });
    }
    // "Amazon EBS and Amazon Glacier use only manifest file version 3.0."
    let op = match value.get("operations") {
        Some(Value::List(ops)) if ops.len() == 1 => &ops[0],
        None | Some(Value::Null) => return Err(missing("operations")),
        Some(_) => return Err(invalid("operations")),
    };
    let sub = |key: &str| -> Result<String, ManifestProblem> {
        match op.get(key) {
            Some(Value::Scalar(s)) if !s.is_empty() => Ok(s.clone()),
            Some(Value::Map(_) | Value::List(_)) => Err(invalid(&format!("operations.{key}"))),
            _ => Err(missing(&format!("operations.{key}"))),
        }
    };
    if sub("source")? != "device" {
        return Err(invalid("operations.source"));
    }
    let region = sub("region")?;
    match sub("destination")?.as_str() {
        "glacier" => {
            let vault = sub("vaultName")?;
            let archive_comment = sub("archiveComment")?;
            // "Constraints: Maximum length is 997 characters."
            if archive_comment.chars().count() > 997 {
                return Err(invalid("operations.archiveComment"));
            }
            Ok(Target::Glacier { vault, region, archive_comment })
        }
        "ebs-snapshot" => Ok(Target::Ebs { region }),
        _ => Err(invalid("operations.destination")),
    }
}

fn export_target(value: &Value) -> Result<Target, ManifestProblem> {
    let ops = match value.get("operations") {
        Some(Value::List(ops)) if !ops.is_empty() => ops,
        None | Some(Value::Null) => return Err(missing("operations")),
        Some(_) => return Err(invalid("operations")),
    };
    let mut operations = Vec::new();
    for op in ops {
        let sub = |key: &str| -> Result<Option<String>, ManifestProblem> {
            match op.get(key) {
                Some(Value::Scalar(s)) if !s.is_empty() => Ok(Some(s.clone())),
                Some(Value::Map(_) | Value::List(_)) => Err(invalid(&format!("operations.{key}"))),
                _ => Ok(None),
            }
        };
        if !matches!(op, Value::Map(_)) {
            return Err(invalid("operations"));
        }
        let bucket = sub("exportBucket")?.ok_or_else(|| missing("operations.exportBucket"))?;
        operations.push(ExportOperation {
            bucket,
            prefix: sub("prefix")?.unwrap_or_default(),
            begin_marker: sub("beginMarker")?,
            end_marker: sub("endMarker")?,
            target_directory: sub("targetDirectory")?.unwrap_or_default(),
        });
    }
    Ok(Target::Export { operations })
}

#[cfg(test)]
mod tests {
    use super::*;

    const IMPORT: &str = "manifestVersion: 2.0\naccessKeyId: AKIAIOSFODNN7EXAMPLE\n\
        returnAddress:\n  name: Jane Roe\n  street1: 123 Any Street\n  city: Anytown\n\
        \x20 postalCode: 91011-1111\n  phoneNumber: 206-555-1111\n  country: USA\n\
        deviceId: 49382\neraseDevice: yes\nbucket: logs\n";

    #[test]
    fn an_s3_import_manifest_reads_into_its_target() {
        let m = read(IMPORT, true).unwrap();
        assert_eq!(m.target, Target::S3 { bucket: "logs".into(), prefix: String::new() });
        assert!(m.erase_device && !m.encrypted());
        assert_eq!(m.return_address.city, "Anytown");
    }

    #[test]
    fn the_cli_examples_flat_address_and_stray_semicolon_are_accepted() {
        let text = "manifestVersion: 2.0;\naccessKeyId: K\nreturnAddress:\nname: Jane Roe\n\
            company: Example Corp.\nstreet1: 123 Any Street\ncity: Anytown\nstateOrProvince: WA\n\
            postalCode: 91011-1111\nphoneNumber: 206-555-1111\ncountry: USA\ndeviceId: 49382\n\
            eraseDevice: yes\nnotificationEmail: john.doe@example.com;jane.roe@example.com\n\
            bucket: amzn-s3-demo-bucket\n";
        let m = read(text, true).unwrap();
        assert_eq!(m.version, "2.0");
        assert_eq!(m.return_address.company.as_deref(), Some("Example Corp."));
        assert_eq!(m.notification_email.len(), 2);
    }

    #[test]
    fn an_export_needs_a_file_system_and_encryption() {
        let base = IMPORT.replace("bucket: logs\n", "operations:\n  - exportBucket: logs\n");
        assert_eq!(read(&base, false).unwrap_err().field, "fileSystem");
        let fs = format!("{base}fileSystem: FAT32\n");
        assert_eq!(read(&fs, false).unwrap_err().error.code, "InvalidFileSystemException");
        let fs = format!("{base}fileSystem: NTFS\n");
        assert_eq!(read(&fs, false).unwrap_err().field, "trueCryptPassword");
        let ok = format!("{fs}trueCryptPassword: s3cret\n");
        assert!(read(&ok, false).unwrap().encrypted());
    }
}
