//! `aws s3 ... --endpoint http://192.0.2.0:8080`: the S3 endpoint of a Snowball on site (the
//! Edge guide's data path). An endpoint on this machine (localhost, 127.0.0.0/8, ::1: the
//! sandbox's own endpoint) or AWS's own (`*.amazonaws.com`) is the sandbox's S3, as before;
//! any other address is a device's, or nothing's. Such calls go to the engine's device adapter
//! (`engine::snowball::adapter`) as [`TARGET`] with `{"Endpoint", "Action", "Input"}`; where
//! nothing listens the engine answers [`CONNECTION_ERROR`], and the CLI's text names the URL
//! the request would have gone to, as botocore's EndpointConnectionError does.

use super::presign::encode;
use crate::json::Json;

/// The engine's device adapter: the Snowball dispatch's sandbox action (kept equal to
/// `engine::snowball::adapter::ACTION`; the console's tests go through it).
pub const TARGET: &str = "AWSIESnowballJobManagementService.DeviceS3";
/// The engine's answer when nothing listens (`adapter::ENDPOINT_CONNECTION_ERROR`).
pub const CONNECTION_ERROR: &str = "EndpointConnectionError";

/// Whether `endpoint` names an address outside the sandbox's own S3.
pub fn is_device_address(endpoint: &str) -> bool {
    let rest = endpoint.split_once("://").map_or(endpoint, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        authority.rsplit_once(':').map_or(authority, |(h, _)| h)
    };
    let host = host.to_ascii_lowercase();
    let local = host == "localhost"
        || host == "::1"
        || host.starts_with("127.")
        || host.ends_with(".localhost");
    let aws = host == "amazonaws.com"
        || host.ends_with(".amazonaws.com")
        || host.ends_with(".amazonaws.com.cn");
    !(local || aws)
}

/// The body of a device call.
pub fn body(endpoint: &str, action: &str, input: &Json) -> String {
    let mut b = Json::Object(Vec::new());
    b.insert("Endpoint", Json::String(endpoint.to_string()));
    b.insert("Action", Json::String(action.to_string()));
    b.insert("Input", input.clone());
    b.to_wire()
}

/// The URL botocore would send `action` to (path-style, as it addresses an IP endpoint):
/// what "Could not connect to the endpoint URL" quotes.
pub fn url_of(endpoint: &str, action: &str, input: &Json) -> String {
    let base = endpoint.trim_end_matches('/');
    let text = |k: &str| input.get(k).and_then(Json::as_str).unwrap_or_default().to_string();
    let bucket = text("Bucket");
    match action {
        "ListBuckets" => format!("{base}/"),
        "ListObjectsV2" => {
            // The query in the order the command put its parameters (botocore keeps it).
            let mut query = vec!["list-type=2".to_string()];
            if let Json::Object(members) = input {
                for (k, v) in members {
                    let name = match k.as_str() {
                        "Prefix" => "prefix",
                        "Delimiter" => "delimiter",
                        "EncodingType" => "encoding-type",
                        "MaxKeys" => "max-keys",
                        "ContinuationToken" => "continuation-token",
                        "StartAfter" => "start-after",
                        _ => continue,
                    };
                    let value = match v {
                        Json::String(s) => s.clone(),
                        other => other.to_wire(),
                    };
                    query.push(format!("{name}={}", encode(&value, true)));
                }
            }
            format!("{base}/{bucket}?{}", query.join("&"))
        }
        _ => format!("{base}/{bucket}/{}", encode(&text("Key"), false)),
    }
}

/// The CLI's wording of a failed connection.
pub fn connection_text(url: &str) -> String {
    format!("Could not connect to the endpoint URL: \"{url}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_addresses_outside_the_sandbox_are_devices() {
        assert!(is_device_address("http://192.0.2.0:8080"));
        assert!(is_device_address("http://10.0.0.9:8080/"));
        assert!(!is_device_address("http://localhost:4567"));
        assert!(!is_device_address("http://127.0.0.1:4567"));
        assert!(!is_device_address("http://[::1]:4567"));
        assert!(!is_device_address("https://s3.us-east-1.amazonaws.com"));
    }

    #[test]
    fn urls_are_the_ones_botocore_sends() {
        let mut ls = Json::Object(Vec::new());
        for (k, v) in [("Bucket", "edge-results"), ("Prefix", "raw/"), ("Delimiter", "/")] {
            ls.insert(k, Json::String(v.into()));
        }
        ls.insert("EncodingType", Json::String("url".into()));
        assert_eq!(
            url_of("http://192.0.2.0:8080", "ListObjectsV2", &ls),
            "http://192.0.2.0:8080/edge-results?list-type=2&prefix=raw%2F&delimiter=%2F&encoding-type=url"
        );
        let mut put = Json::Object(Vec::new());
        put.insert("Bucket", Json::String("edge-results".into()));
        put.insert("Key", Json::String("raw/my file.csv".into()));
        assert_eq!(
            url_of("http://192.0.2.0:8080/", "PutObject", &put),
            "http://192.0.2.0:8080/edge-results/raw/my%20file.csv"
        );
        assert_eq!(
            url_of("http://192.0.2.0:8080", "ListBuckets", &Json::Null),
            "http://192.0.2.0:8080/"
        );
    }
}
