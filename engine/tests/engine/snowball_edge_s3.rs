//! The device's S3 endpoint (`aws s3 cp ... --endpoint http://192.0.2.0:8080`, issue 18's
//! Deliver 2), as the console's `aws s3` commands reach it: `DeviceS3` with the S3 action and
//! its input. A PUT lands on the device (encrypted, counted against its capacity, listed by
//! it), not in the bucket; the bucket gets it at AWS after the return. An address with no
//! device and a locked device answer as nothing listening.

use crate::support::{self, snowball_ok as ok};
use engine::snowball::SnowballCommand;
use engine::{Command, World};
use serde_json::{json, Value};

const HOUR: u64 = 3_600_000;
const DAY: u64 = 24 * HOUR;
const AT: &str = "http://192.0.2.0:8080";
const FN: &str = "arn:aws:lambda:us-east-1:000000000000:function:";

fn device(
    w: &mut World,
    endpoint: &str,
    action: &str,
    input: Value,
) -> Result<Value, engine::api::ApiError> {
    let body = json!({"Endpoint": endpoint, "Action": action, "Input": input});
    support::snowball(w, "DeviceS3", body)
}

fn b64(text: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// An Edge import job into `edge-results`, its device delivered (not unlocked yet).
fn delivered(w: &mut World, resources: Value) -> String {
    let _ = support::call(w, "s3", "CreateBucket", json!({"Bucket": "edge-results"}));
    let a = json!({"Address": {"Name": "Jane Roe", "Street1": "123 Any Street", "City": "Anytown",
        "StateOrProvince": "WA", "Country": "US", "PostalCode": "91011", "PhoneNumber": "206-555-1111"}});
    let addr = ok(w, "CreateAddress", a)["AddressId"].as_str().unwrap().to_string();
    let mut r = json!({"S3Resources": [{"BucketArn": "arn:aws:s3:::edge-results"}]});
    for (k, v) in resources.as_object().unwrap() {
        r[k] = v.clone();
    }
    let body = json!({"JobType": "IMPORT", "SnowballType": "EDGE", "ShippingOption": "SECOND_DAY",
        "AddressId": addr, "Resources": r});
    let job = ok(w, "CreateJob", body)["JobId"].as_str().unwrap().to_string();
    w.advance_by(HOUR + 4 * DAY);
    job
}

fn unlock(w: &mut World, job: &str) {
    let manifest =
        ok(w, "GetJobManifest", json!({"JobId": job}))["ManifestURI"].as_str().unwrap().to_string();
    let code = ok(w, "GetJobUnlockCode", json!({"JobId": job}))["UnlockCode"]
        .as_str()
        .unwrap()
        .to_string();
    let c = SnowballCommand::UnlockDevice { job_id: job.into(), manifest, unlock_code: code };
    w.apply(Command::Snowball(c)).result.unwrap();
}

fn put(w: &mut World, key: &str, body: &str) -> Result<Value, engine::api::ApiError> {
    device(
        w,
        AT,
        "PutObject",
        json!({"Bucket": "edge-results", "Key": key, "Body": b64(body),
        "ChecksumAlgorithm": "CRC32"}),
    )
}

#[test]
fn a_put_through_the_adapter_lands_on_the_device_then_in_s3_after_the_return() {
    let mut w = support::world(61);
    let job = delivered(&mut w, json!({}));
    unlock(&mut w, &job);
    let out = put(&mut w, "raw/a.csv", "a,1\n").unwrap();
    // S3's ETag: the MD5 of the bytes, quoted.
    assert_eq!(out, json!({"ETag": "\"c9dea323bc24b952f3e602a8ec0768d0\""}));
    put(&mut w, "raw/b.csv", "b,22\n").unwrap();
    // On the device: encrypted, counted; the bucket itself has nothing yet.
    let view = w.view().snowball().job(&job).unwrap();
    let files: Vec<(&str, u64)> =
        view.device.files.iter().map(|f| (f.path.as_str(), f.bytes)).collect();
    assert_eq!(files, [("edge-results/raw/a.csv", 4), ("edge-results/raw/b.csv", 5)]);
    assert_eq!(view.device.used_bytes, 9);
    assert!(!view.device.files[0].ciphertext_hex.is_empty());
    assert_ne!(view.device.files[0].ciphertext_hex, "612c310a", "ciphertext, not the bytes");
    let e = support::call(
        &mut w,
        "s3",
        "GetObject",
        json!({"Bucket": "edge-results", "Key": "raw/a.csv"}),
    )
    .unwrap_err();
    assert_eq!(e.message, "The specified key does not exist.");
    // The device lists what it holds, one level at a time.
    let listed = device(
        &mut w,
        AT,
        "ListObjectsV2",
        json!({"Bucket": "edge-results", "Prefix": "",
        "Delimiter": "/", "EncodingType": "url"}),
    )
    .unwrap();
    assert_eq!(listed["CommonPrefixes"], json!([{"Prefix": "raw/"}]));
    let listed =
        device(&mut w, AT, "ListObjectsV2", json!({"Bucket": "edge-results", "Prefix": "raw/"}))
            .unwrap();
    let keys: Vec<(&str, u64)> = listed["Contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["Key"].as_str().unwrap(), c["Size"].as_u64().unwrap()))
        .collect();
    assert_eq!(keys, [("raw/a.csv", 4), ("raw/b.csv", 5)]);
    let buckets = device(&mut w, AT, "ListBuckets", json!({})).unwrap();
    assert_eq!(buckets["Buckets"][0]["Name"], "edge-results");
    let got =
        device(&mut w, AT, "GetObject", json!({"Bucket": "edge-results", "Key": "raw/b.csv"}))
            .unwrap();
    assert_eq!(got["Body"], b64("b,22\n"));
    // Back to AWS once the copy is done: the import writes the device's objects into the bucket.
    w.advance_by(1_000);
    ok(&mut w, "UpdateJobShipmentState", json!({"JobId": job, "ShipmentState": "RETURNED"}));
    w.advance_by(7 * DAY);
    let got = support::call(
        &mut w,
        "s3",
        "GetObject",
        json!({"Bucket": "edge-results", "Key": "raw/b.csv"}),
    )
    .unwrap();
    assert_eq!(got["Body"], b64("b,22\n"));
}

#[test]
fn nothing_listens_at_another_address_nor_on_a_locked_device() {
    let mut w = support::world(62);
    let nobody = |w: &mut World, endpoint: &str| {
        let e = device(w, endpoint, "ListBuckets", json!({})).unwrap_err();
        (e.code.as_str().to_string(), e.message)
    };
    // No device on site yet: nothing at the guide's address either.
    assert_eq!(nobody(&mut w, AT), ("EndpointConnectionError".into(), String::new()));
    let job = delivered(&mut w, json!({}));
    assert_eq!(
        nobody(&mut w, "http://10.0.0.9:8080"),
        ("EndpointConnectionError".into(), String::new())
    );
    assert_eq!(
        nobody(&mut w, "http://192.0.2.0:9000"),
        ("EndpointConnectionError".into(), String::new())
    );
    assert_eq!(
        nobody(&mut w, AT),
        (
            "EndpointConnectionError".into(),
            format!("(The sandbox: the Snowball of job {job} at 192.0.2.0 is locked, and a locked device has not started its S3 adapter, so nothing listens on port 8080. Unlock it first: snowballEdge unlock-device, or snowball start -i 192.0.2.0 -m MANIFEST -u CODE in the transfer view. AWS documents no other answer.)")
        )
    );
    unlock(&mut w, &job);
    assert!(device(&mut w, "https://192.0.2.0:8443", "ListBuckets", json!({})).is_ok());
    // Not one of the job's buckets: not on the device.
    let e = device(
        &mut w,
        AT,
        "PutObject",
        json!({"Bucket": "elsewhere", "Key": "k", "Body": b64("x")}),
    )
    .unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("NoSuchBucket", "The specified bucket does not exist")
    );
    let e = device(&mut w, AT, "DeleteObject", json!({"Bucket": "edge-results", "Key": "k"}))
        .unwrap_err();
    assert_eq!(e.code.as_str(), "NotImplemented");
    let e = device(&mut w, AT, "HeadObject", json!({"Bucket": "edge-results", "Key": "missing"}))
        .unwrap_err();
    assert_eq!((e.code.as_str(), e.message.as_str(), e.status), ("404", "Not Found", 404));
}

#[test]
fn the_device_capacity_holds_and_the_jobs_functions_run_on_each_put() {
    let mut w = support::world(63);
    let lambda = json!({"LambdaResources": [{"LambdaArn": format!("{FN}sandbox-filter:ERROR"),
        "EventTriggers": [{"EventResourceARN": "arn:aws:s3:::edge-results"}]}]});
    let job = delivered(&mut w, lambda);
    unlock(&mut w, &job);
    put(&mut w, "logs/a.csv", "time,level\n1,INFO\n2,ERROR\n").unwrap();
    let got =
        device(&mut w, AT, "GetObject", json!({"Bucket": "edge-results", "Key": "logs/a.csv"}))
            .unwrap();
    assert_eq!(got["Body"], b64("time,level\n2,ERROR\n"), "the function's output was stored");
    let view = w.view().snowball().job(&job).unwrap();
    assert_eq!((view.lambdas[0].files_in, view.lambdas[0].files_out), (1, 1));
    // Fill the device with described bulk data, then one byte more than is free is refused.
    let free = view.device.capacity_bytes - view.device.used_bytes;
    // The classic client's copy waits for the adapter's to finish (a millisecond here).
    w.advance_by(1_000);
    let c = SnowballCommand::CopyDescribed {
        job_id: job.clone(),
        destination: "s3://edge-results/bulk".into(),
        bytes: free - 3,
        objects: 1_000,
        rate_mb_s: None,
    };
    w.apply(Command::Snowball(c)).result.unwrap();
    let e = put(&mut w, "logs/b.csv", "abcd").unwrap_err();
    assert_eq!(e.message, "Not enough space on the Snowball: 4 bytes to copy, 3 bytes free.");
    // A PUT while a copy runs waits behind it: the copy's end moves on.
    let before = w.view().snowball().job(&job).unwrap().device.copy_bytes;
    put(&mut w, "logs/c.csv", "abc").unwrap();
    assert_eq!(w.view().snowball().job(&job).unwrap().device.copy_bytes, before + 3);
}

/// What the adapter answers is a JSON object or an S3-shaped error, whatever the call.
fn answers(w: &mut World, body: String) -> Result<(), String> {
    match w.apply(Command::api("AWSIESnowballJobManagementService.DeviceS3", body.clone())).result {
        Ok(text) => match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(_)) => Ok(()),
            _ => Err(format!("{body:.300}: not a JSON object: {text:.200}")),
        },
        Err(e) if e.code.as_str().is_empty() || !(400..600).contains(&e.status) => {
            Err(format!("{body:.300}: malformed error {e:?}"))
        }
        Err(_) => Ok(()),
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    #[test]
    fn any_call_to_the_adapter_gets_an_answer(
        picks in proptest::collection::vec(proptest::prelude::any::<u8>(), 12),
        raw in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..80),
    ) {
        let mut w = support::world(64);
        let job = delivered(&mut w, json!({}));
        if picks[0] % 2 == 0 {
            unlock(&mut w, &job);
        }
        let endpoints = [AT, "https://192.0.2.0:8443/", "http://192.0.2.0:8443", "http://10.0.0.1:8080",
            "garbage", "", "http://[::1]:8080", "http://192.0.2.0:99999", "http://@:8080", "ftp://192.0.2.0:8080"];
        let actions = ["ListBuckets", "ListObjectsV2", "HeadObject", "GetObject", "PutObject", "DeleteObject", "", "\u{0}"];
        let long = "é/".repeat(600);
        let texts = [json!("edge-results"), json!("other"), json!(""), json!(long), json!("raw/"),
            json!("/"), json!(-1), json!(null), json!(["x"]), json!(b64("hello")), json!("!!not base64")];
        let pick = |i: usize, n: usize| picks[i] as usize % n;
        let mut input = serde_json::Map::new();
        for (i, k) in ["Bucket", "Key", "Body", "Prefix", "Delimiter", "ContinuationToken", "MaxKeys", "EncodingType"].iter().enumerate() {
            if picks[i + 3] % 3 != 0 {
                input.insert(k.to_string(), texts[pick(i + 3, texts.len())].clone());
            }
        }
        let body = json!({"Endpoint": endpoints[pick(1, endpoints.len())], "Action": actions[pick(2, actions.len())],
            "Input": Value::Object(input)});
        answers(&mut w, body.to_string()).map_err(proptest::test_runner::TestCaseError::fail)?;
        answers(&mut w, String::from_utf8_lossy(&raw).into_owned()).map_err(proptest::test_runner::TestCaseError::fail)?;
        w.advance_by(DAY);
    }
}
