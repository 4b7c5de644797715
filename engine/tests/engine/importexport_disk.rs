//! AWS Import/Export Disk through its API and the learner's own device: the manifest's checks
//! with AWS's exception texts, the caller's key against the manifest's, the status codes and
//! their messages on the virtual clock, a real import into S3, an export onto the device, the
//! 16 TB limit, the SIGNATURE file, cancelling (once), the classic price.

use crate::support::{self, failure};
use engine::importexport::{model::Progress, DiskCommand};
use engine::snowball::DeviceFile;
use engine::{Command, World};
use serde_json::{json, Value};

const HOUR: u64 = 3_600_000;
const DAY: u64 = 24 * HOUR;
const KEY: &str = "AKIAIOSFODNN7EXAMPLE";

fn ie(w: &mut World, action: &str, body: Value) -> Result<Value, engine::api::ApiError> {
    support::call(w, "importexport", action, body)
}

fn ok(w: &mut World, action: &str, body: Value) -> Value {
    ie(w, action, body).unwrap_or_else(|e| panic!("{action}: {e:?}"))
}

fn bucket(w: &mut World, name: &str) {
    // A second job of a test names the same bucket: "already yours" is fine here.
    let _ = support::call(w, "s3", "CreateBucket", json!({"Bucket": name}));
}

fn manifest(body: &str) -> String {
    format!(
        "manifestVersion: 2.0\naccessKeyId: {KEY}\ndeviceId: 49382\n\
         returnAddress:\n    name: Jane Roe\n    street1: 123 Any Street\n    city: Anytown\n\
         \x20   postalCode: 91011-1111\n    phoneNumber: 206-555-1111\n    country: USA\n{body}"
    )
}

fn create(w: &mut World, job_type: &str, manifest: &str) -> Result<Value, engine::api::ApiError> {
    ie(w, "CreateJob", json!({"JobType": job_type, "Manifest": manifest, "ValidateOnly": false}))
}

fn status(w: &mut World, job: &str) -> (String, String, String, String) {
    let s = ok(w, "GetStatus", json!({"JobId": job}));
    let f = |k: &str| s[k].as_str().unwrap_or_default().to_string();
    (f("LocationCode"), f("LocationMessage"), f("ProgressCode"), f("ProgressMessage"))
}

fn ship(
    w: &mut World,
    job: &str,
    capacity: u64,
    files: &[(&str, &str)],
    signature: Option<&str>,
) -> Result<String, engine::api::ApiError> {
    let files = files
        .iter()
        .map(|(n, b)| DeviceFile { name: n.to_string(), body: b.as_bytes().into() })
        .collect();
    let c = DiskCommand::ShipDevice {
        job_id: job.into(),
        capacity_bytes: capacity,
        files,
        described_bytes: 0,
        described_objects: 0,
        signature: signature.map(str::to_string),
    };
    w.apply(Command::ImportExport(c)).result
}

fn new_import(w: &mut World, extra: &str) -> (String, String) {
    bucket(w, "logs");
    let out = create(w, "Import", &manifest(&format!("eraseDevice: yes\nbucket: logs\n{extra}")))
        .unwrap();
    (out["JobId"].as_str().unwrap().into(), out["SignatureFileContents"].as_str().unwrap().into())
}

#[test]
fn an_import_runs_through_the_status_codes_into_s3() {
    let mut w = support::world(7);
    let (job, signature) = new_import(&mut w, "prefix: disk/\n");
    assert_eq!(job.len(), 5);
    assert!(signature
        .starts_with(&format!("version:2.0\nsigningMethod:HmacSHA1\njobId:{job}\nsignature:")));
    assert_eq!(
        status(&mut w, &job),
        (
            "NotReceived".into(),
            "AWS has not received your device.".into(),
            "Pending".into(),
            "The specified job has not started.".into()
        )
    );
    let files = [("2024/a.csv", "a,1\n"), ("2024/b.csv", "b,2\n")];
    ship(&mut w, &job, 2_000_000_000_000, &files, Some(&signature)).unwrap();
    w.advance_by(2 * DAY);
    assert_eq!(status(&mut w, &job).0, "AtAWS");
    assert_eq!(status(&mut w, &job).1, "Your device is at AWS.");
    w.advance_by(DAY);
    assert_eq!(status(&mut w, &job).2, "InProgress");
    assert_eq!(status(&mut w, &job).3, "The data on your device is currently being loaded.");
    // Erasing a 2 TB device at 80 MB/s takes 25,000 s: 7 started hours.
    w.advance_by(7 * HOUR);
    let (_, _, progress, message) = status(&mut w, &job);
    assert_eq!(progress, "Complete");
    assert_eq!(
        message,
        format!("The data loaded successfully. The log was saved to import-log-{job} in the bucket logs.")
    );
    let got = support::call(
        &mut w,
        "s3",
        "GetObject",
        json!({"Bucket": "logs", "Key": "disk/2024/b.csv"}),
    )
    .unwrap();
    assert_eq!(got["Body"], json!("YiwyCg=="));
    let view = w.view().importexport().job(&job).unwrap();
    assert!(view.files.is_empty(), "erased");
    assert_eq!(view.loaded_objects, 2);
    assert_eq!(view.loading_hours, 7);
    assert_eq!(view.price_cents, 8_000 + 7 * 249);
    w.advance_by(DAY);
    let (loc, msg, _, _) = status(&mut w, &job);
    assert_eq!(loc, "Returned");
    assert!(
        msg.starts_with("Your device has been returned. The UPS tracking number is 1Z"),
        "{msg}"
    );
    let s = ok(&mut w, "GetStatus", json!({"JobId": job}));
    assert_eq!(s["Carrier"], "UPS");
    assert_eq!(s["ErrorCount"], 0);
}

#[test]
fn manifest_faults_answer_with_awss_texts() {
    let mut w = support::world(1);
    bucket(&mut w, "logs");
    let cases = [
        (
            "manifestVersion: 2.0\naccessKeyId: {KEY\n  bad: [\n".to_string(),
            "MalformedManifestException",
            "Your manifest is not well-formed.",
        ),
        (
            manifest("eraseDevice: yes\n"),
            "MissingManifestFieldException",
            "One or more required fields were missing from the manifest file. Please correct and resubmit.",
        ),
        (
            manifest("eraseDevice: maybe\nbucket: logs\n"),
            "InvalidManifestFieldException",
            "One or more manifest fields was invalid. Please correct and resubmit.",
        ),
        (
            manifest("bucket: nowhere\n"),
            "NoSuchBucketException",
            "The specified bucket does not exist. Create the specified bucket or change the manifest's bucket, exportBucket, or logBucket field to a bucket that the account, as specified by the manifest's Access Key ID, has write permissions to.",
        ),
        (
            manifest("bucket: logs\n").replace(KEY, "AKIAOTHERKEY0000000"),
            "InvalidAccessKeyIdException",
            "The AWS Access Key ID specified in the request did not match the manifest's accessKeyId value. The manifest and the request authentication must use the same AWS Access Key ID.",
        ),
    ];
    for (text, code, message) in cases {
        let (c, m) = failure(create(&mut w, "Import", &text), "CreateJob");
        assert_eq!((c.as_str(), m.as_str()), (code, message), "{text}");
    }
    let (c, _) = failure(create(&mut w, "Sideways", &manifest("bucket: logs\n")), "CreateJob");
    assert_eq!(c, "InvalidParameterException");
    let (c, m) = failure(ie(&mut w, "CreateJob", json!({"JobType": "Import"})), "CreateJob");
    assert_eq!(
        (c.as_str(), m.as_str()),
        (
            "MissingParameterException",
            "One or more required parameters was missing from the request."
        )
    );
    assert!(ok(&mut w, "ListJobs", json!({}))["Jobs"].as_array().unwrap().is_empty());
}

#[test]
fn the_manifest_key_must_be_the_callers() {
    let mut w = support::world(2);
    bucket(&mut w, "logs");
    let text = manifest("bucket: logs\n").replace(KEY, "learner-key");
    let body = json!({"JobType": "Import", "Manifest": text, "ValidateOnly": false});
    let by_key =
        w.apply(Command::api_as("learner-key", "importexport.CreateJob", body.to_string()));
    assert!(by_key.result.is_ok(), "{:?}", by_key.result);
    let other =
        w.apply(Command::api_as("someone-else", "importexport.CreateJob", body.to_string()));
    assert_eq!(other.result.unwrap_err().code, "InvalidAccessKeyIdException");
}

#[test]
fn validate_only_creates_nothing_and_warns_of_the_erasure() {
    let mut w = support::world(3);
    bucket(&mut w, "logs");
    let body = json!({"JobType": "Import", "Manifest": manifest("eraseDevice: yes\nbucket: logs\n"), "ValidateOnly": true});
    let out = ok(&mut w, "CreateJob", body);
    assert!(out.get("JobId").is_none());
    assert_eq!(out["WarningMessage"], "**** Device will be erased before being returned. ****");
    assert!(ok(&mut w, "ListJobs", json!({}))["Jobs"].as_array().unwrap().is_empty());
}

#[test]
fn a_device_over_16_tb_is_refused_with_the_guides_sentence() {
    let mut w = support::world(4);
    let (job, sig) = new_import(&mut w, "");
    let e = ship(&mut w, &job, 20_000_000_000_000, &[], Some(&sig)).unwrap_err();
    assert_eq!(
        e.message,
        "Maximum device capacity is 16 TB for Amazon Simple Storage Service (Amazon S3) and Amazon EBS jobs."
    );
    assert!(ship(&mut w, &job, 16_000_000_000_000, &[], Some(&sig)).is_ok());
    let again = ship(&mut w, &job, 1_000, &[], Some(&sig)).unwrap_err();
    assert!(
        again.message.contains("corresponds to exactly one storage device"),
        "{}",
        again.message
    );
}

#[test]
fn cancel_once_then_canceled_and_too_late_once_loading() {
    let mut w = support::world(5);
    let (job, _) = new_import(&mut w, "");
    assert_eq!(ok(&mut w, "CancelJob", json!({"JobId": job}))["Success"], true);
    let (_, _, code, message) = status(&mut w, &job);
    assert_eq!((code.as_str(), message.as_str()), ("Canceled", "The job was canceled."));
    let (c, m) = failure(ie(&mut w, "CancelJob", json!({"JobId": job})), "CancelJob");
    assert_eq!(
        (c.as_str(), m.as_str()),
        (
            "CanceledJobIdException",
            "The specified job ID has been canceled and is no longer valid."
        )
    );
    let jobs = ok(&mut w, "ListJobs", json!({}));
    assert_eq!(jobs["Jobs"][0]["IsCanceled"], true);

    let (late, sig) = new_import(&mut w, "");
    ship(&mut w, &late, 1_000_000, &[("a.txt", "hello")], Some(&sig)).unwrap();
    w.advance_by(3 * DAY);
    assert_eq!(status(&mut w, &late).2, "InProgress");
    let (c, m) = failure(ie(&mut w, "CancelJob", json!({"JobId": late})), "CancelJob");
    assert_eq!(
        (c.as_str(), m.as_str()),
        ("UnableToCancelJobIdException", "AWS Import/Export cannot cancel the job")
    );
    let (c, _) = failure(
        ie(
            &mut w,
            "UpdateJob",
            json!({"JobId": late, "JobType": "Import", "Manifest": manifest("bucket: logs\n"), "ValidateOnly": false}),
        ),
        "UpdateJob",
    );
    assert_eq!(c, "UnableToUpdateJobIdException");
    let (c, m) = failure(ie(&mut w, "GetStatus", json!({"JobId": "NOPE1"})), "GetStatus");
    assert_eq!(
        (c.as_str(), m.as_str()),
        (
            "InvalidJobIdException",
            "The JOBID was missing, not found, or not associated with the AWS account."
        )
    );
}

#[test]
fn a_missing_or_wrong_signature_aborts_the_job() {
    let mut w = support::world(6);
    let (a, _) = new_import(&mut w, "");
    let (b, _) = new_import(&mut w, "");
    ship(&mut w, &a, 1_000_000, &[("x", "1")], None).unwrap();
    ship(&mut w, &b, 1_000_000, &[("x", "1")], Some("signature:forged")).unwrap();
    w.advance_by(3 * DAY);
    assert_eq!(status(&mut w, &a).3, "The job was aborted. The SIGNATURE file was missing.");
    assert_eq!(status(&mut w, &b).3, "The job was aborted. The SIGNATURE file was invalid.");
    assert_eq!(w.view().importexport().job(&a).unwrap().progress, Progress::MissingSignature);
}

#[test]
fn encryption_is_optional_for_an_import() {
    let mut w = support::world(8);
    let (clear, s1) = new_import(&mut w, "");
    let (locked, s2) = new_import(&mut w, "trueCryptPassword: s3cret\n");
    ship(&mut w, &clear, 1_000_000, &[("note.txt", "readable text")], Some(&s1)).unwrap();
    ship(&mut w, &locked, 1_000_000, &[("note2.txt", "readable text")], Some(&s2)).unwrap();
    let v = w.view();
    let a = v.importexport().job(&clear).unwrap();
    let b = v.importexport().job(&locked).unwrap();
    assert_eq!((a.encrypted, a.files[0].preview.as_str()), (false, "readable text"));
    assert!(b.encrypted && b.files[0].encrypted);
    assert_ne!(b.files[0].preview, "readable text");
    w.advance_by(4 * DAY);
    let got =
        support::call(&mut w, "s3", "GetObject", json!({"Bucket": "logs", "Key": "note2.txt"}))
            .unwrap();
    assert_eq!(got["Body"], json!("cmVhZGFibGUgdGV4dA=="), "decrypted at AWS with the password");
}

#[test]
fn an_export_copies_the_selected_keys_onto_the_device_encrypted() {
    let mut w = support::world(9);
    bucket(&mut w, "logs");
    for k in ["a", "b", "c", "d"] {
        support::call(
            &mut w,
            "s3",
            "PutObject",
            json!({"Bucket": "logs", "Key": k, "Body": "MTIzNA=="}),
        )
        .unwrap();
    }
    let text = manifest(
        "fileSystem: NTFS\ntrueCryptPassword: pw\noperations:\n  - exportBucket: logs\n    beginMarker: a\n    endMarker: c\n",
    );
    let out = create(&mut w, "Export", &text).unwrap();
    let job = out["JobId"].as_str().unwrap().to_string();
    let sig = out["SignatureFileContents"].as_str().unwrap().to_string();
    ship(&mut w, &job, 1_000_000, &[], Some(&sig)).unwrap();
    w.advance_by(4 * DAY);
    let v = w.view().importexport().job(&job).unwrap();
    let paths: Vec<_> = v.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["b", "c"], "after beginMarker, up to and including endMarker");
    assert!(v.files.iter().all(|f| f.encrypted));
    assert_eq!(status(&mut w, &job).2, "Complete");
    let without = manifest("fileSystem: NTFS\noperations:\n  - exportBucket: logs\n");
    assert_eq!(
        failure(create(&mut w, "Export", &without), "CreateJob").0,
        "MissingManifestFieldException"
    );
}

#[test]
fn an_unshipped_job_expires_after_30_days() {
    let mut w = support::world(10);
    let (job, _) = new_import(&mut w, "");
    w.advance_by(30 * DAY);
    assert_eq!(status(&mut w, &job).3, "The job expired.");
    let (c, _) = failure(ie(&mut w, "CancelJob", json!({"JobId": job})), "CancelJob");
    assert_eq!(c, "ExpiredJobIdException");
}

#[test]
fn list_jobs_is_newest_first_with_a_marker() {
    let mut w = support::world(11);
    let (a, _) = new_import(&mut w, "");
    let (b, _) = new_import(&mut w, "");
    let (c, _) = new_import(&mut w, "");
    let page = ok(&mut w, "ListJobs", json!({"MaxJobs": 2}));
    let ids: Vec<_> = page["Jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["JobId"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, [c.clone(), b.clone()]);
    assert_eq!(page["IsTruncated"], true);
    let rest = ok(&mut w, "ListJobs", json!({"MaxJobs": 2, "Marker": b}));
    assert_eq!(rest["Jobs"][0]["JobId"], a.as_str());
    assert_eq!(rest["IsTruncated"], false);
    let label = ok(&mut w, "GetShippingLabel", json!({"jobIds": [a]}));
    assert_eq!(
        label["ShippingLabelURL"],
        format!("https://s3.amazonaws.com/logs/shipping-label-{a}.pdf")
    );
}

/// Every prefix of a real manifest, and the manifest with YAML syntax spliced in anywhere, answers
/// (a job or one of AWS's manifest exceptions), never panics (the fuzz target
/// `importexport_manifest` goes further).
#[test]
fn broken_manifests_never_panic() {
    let mut w = support::world(12);
    bucket(&mut w, "logs");
    let whole = manifest(
        "eraseDevice: yes\nbucket: logs\noperations:\n  - exportBucket: logs\n    prefix: 'a''b'\n",
    );
    let codes = [
        "MalformedManifestException",
        "MissingManifestFieldException",
        "InvalidManifestFieldException",
        "InvalidAccessKeyIdException",
        "NoSuchBucketException",
        "InvalidFileSystemException",
        "CreateJobQuotaExceededException",
    ];
    for cut in (0..=whole.len()).filter(|i| whole.is_char_boundary(*i)) {
        for splice in ["\u{0}", ":", "- ", "\t", "'", "\"", "{", "#", "\n  "] {
            let spliced = format!("{}{splice}{}", &whole[..cut], &whole[cut..]);
            let prefix = whole[..cut].to_string();
            for (text, job_type) in
                [(&spliced, "Import"), (&spliced, "Export"), (&prefix, "Import")]
            {
                let r = ie(
                    &mut w,
                    "CreateJob",
                    json!({"JobType": job_type, "Manifest": text, "ValidateOnly": true}),
                );
                if let Err(e) = r {
                    assert!(codes.contains(&e.code.to_string().as_str()), "{e:?} for {text:?}");
                }
            }
        }
    }
}

/// Version 3.0 manifests import the whole device as one image: into a Glacier archive, into an
/// EBS snapshot (1 TB or less) or, above 1 TB, into objects in the log bucket.
#[test]
fn glacier_and_ebs_take_the_device_as_one_image() {
    let mut w = support::world(13);
    bucket(&mut w, "logs");
    let v3 = |operation: &str| {
        manifest(&format!("logBucket: logs\neraseDevice: yes\noperations:\n{operation}"))
            .replace("manifestVersion: 2.0", "manifestVersion: 3.0")
    };
    let glacier = v3("  - destination: glacier\n    source: device\n    region: us-east-1\n    vaultName: archive-vault\n    archiveComment: 2024 logs\n");
    let ebs = v3("  - destination: ebs-snapshot\n    source: device\n    region: us-east-1\n");
    let mut outputs = Vec::new();
    for (text, capacity) in
        [(&glacier, 500_000_000_000), (&ebs, 500_000_000_000), (&ebs, 2_000_000_000_000)]
    {
        let out = create(&mut w, "Import", text).unwrap();
        let job = out["JobId"].as_str().unwrap().to_string();
        let sig = out["SignatureFileContents"].as_str().unwrap().to_string();
        ship(&mut w, &job, capacity, &[("a.csv", "a,1\n")], Some(&sig)).unwrap();
        w.advance_by(4 * DAY);
        assert_eq!(status(&mut w, &job).2, "Complete");
        let v = w.view().importexport().job(&job).unwrap();
        assert_eq!((v.loaded_objects, v.loaded_bytes), (1, 4));
        outputs.push(v.outputs[0].clone());
    }
    assert!(outputs[0].starts_with("glacier archive "), "{}", outputs[0]);
    assert!(outputs[0].ends_with(" in vault archive-vault (us-east-1)"), "{}", outputs[0]);
    assert_eq!(outputs[0].split(' ').nth(2).unwrap().len(), 40, "{}", outputs[0]);
    assert!(outputs[1].starts_with("EBS snapshot snap-"), "{}", outputs[1]);
    assert!(outputs[1].ends_with(" (us-east-1)"), "{}", outputs[1]);
    assert_eq!(outputs[2], "device image as 2 objects in s3://logs/ (over 1 TB: no EBS snapshot)");
    // Glacier and EBS read only version 3.0; an image import without a log bucket is refused.
    let v2 = glacier.replace("manifestVersion: 3.0", "manifestVersion: 2.0");
    assert_eq!(
        failure(create(&mut w, "Import", &v2), "CreateJob").0,
        "MissingManifestFieldException"
    );
    let no_log = glacier.replace("logBucket: logs\n", "");
    assert_eq!(
        failure(create(&mut w, "Import", &no_log), "CreateJob").0,
        "MissingManifestFieldException"
    );
    let elsewhere = ebs.replace("ebs-snapshot", "tape");
    assert_eq!(
        failure(create(&mut w, "Import", &elsewhere), "CreateJob").0,
        "InvalidManifestFieldException"
    );
}

/// Before the device arrives UpdateJob replaces the manifest and may switch the job's type
/// (as the AWS SDK for .NET's test does); the signature follows the new manifest.
#[test]
fn update_job_switches_an_unstarted_import_to_an_export() {
    let mut w = support::world(14);
    let (job, before) = new_import(&mut w, "");
    let text =
        manifest("fileSystem: NTFS\ntrueCryptPassword: pw\noperations:\n  - exportBucket: logs\n");
    let body = json!({"JobId": job, "JobType": "Export", "Manifest": text, "ValidateOnly": false});
    let out = ok(&mut w, "UpdateJob", body);
    assert_eq!(out["Success"], true);
    let listed = ok(&mut w, "ListJobs", json!({}));
    assert_eq!(listed["Jobs"][0]["JobType"], "Export");
    let v = w.view().importexport().job(&job).unwrap();
    assert_ne!(v.signature_file, before, "a new manifest, a new signature");
    assert!(v
        .signature_file
        .starts_with(&format!("version:2.0\nsigningMethod:HmacSHA1\njobId:{job}\n")));
}
