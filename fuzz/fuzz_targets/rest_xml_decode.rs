//! Any request through S3's REST-XML codec: the first bytes pick the method, the path's depth
//! and a query the model routes on, the rest is split into a header value and the body (an
//! XML payload or a blob). Decoding must give an operation and a JSON object or S3's error,
//! never panic; whatever decodes runs in the engine, and its answer encodes back to HTTP.
//!
//! `make fuzz FUZZ_TARGET=rest_xml_decode`
#![no_main]

use std::sync::OnceLock;

use aws_api::rest_xml::{Codec, Request};
use engine::{Command, World, WorldConfig};
use libfuzzer_sys::fuzz_target;

const METHODS: [&str; 5] = ["GET", "PUT", "POST", "DELETE", "HEAD"];
const PATHS: [&str; 4] = ["/", "/bucket", "/bucket/key", "/bucket/dir/key%20x"];
const QUERIES: [&str; 8] = [
    "",
    "uploads",
    "uploadId=u",
    "partNumber=1&uploadId=u",
    "list-type=2",
    "versions",
    "delete",
    "versioning",
];

fn codec() -> &'static Codec {
    static CODEC: OnceLock<Codec> = OnceLock::new();
    CODEC.get_or_init(|| {
        let info = engine::services::by_cli_name("s3api").expect("s3 in the registry");
        Codec::new(info.model.as_ref().expect("s3 model")).expect("model loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let [m, p, q, h, rest @ ..] = data else { return };
    let split = rest.iter().position(|&b| b == b'\n').unwrap_or(0);
    let header_value = String::from_utf8_lossy(&rest[..split]).into_owned();
    let body = &rest[split..];
    let header_names =
        ["content-md5", "x-amz-checksum-crc32", "range", "x-amz-copy-source", "content-encoding"];
    let headers = vec![(header_names[*h as usize % header_names.len()], header_value.as_str())];
    let req = Request {
        method: METHODS[*m as usize % METHODS.len()],
        path: PATHS[*p as usize % PATHS.len()],
        query: QUERIES[*q as usize % QUERIES.len()],
        headers,
        bucket_from_host: None,
        body,
    };
    let Ok((op, input)) = codec().decode(&req) else { return };
    assert!(input.is_object(), "a request that decodes is an object: {input}");
    let mut world = World::new(WorldConfig { record_commands: false, ..WorldConfig::with_seed(1) });
    let _ = world.apply(Command::api("s3.CreateBucket", r#"{"Bucket":"bucket"}"#));
    if let Ok(output) = world.apply(Command::api(format!("s3.{op}"), input.to_string())).result {
        let _ = codec().encode(&op, &output, req.method == "HEAD");
    }
});
