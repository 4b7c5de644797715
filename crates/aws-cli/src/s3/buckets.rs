//! `aws s3 mb` and `aws s3 rb` (`--force` empties the bucket first, as `rm --recursive`).

use super::{s3_path, transfer, Args, Ctx};
use crate::json::Json;

pub fn mb(cx: &mut Ctx<'_>, args: &Args) -> i32 {
    let path = args.paths.first().cloned().unwrap_or_default();
    let Some((bucket, _)) = s3_path(&path) else {
        cx.eprint("\nusage: aws s3 mb <S3Uri>\nError: Invalid argument type\n");
        return 252;
    };
    let mut input = Json::Object(vec![("Bucket".into(), Json::String(bucket.clone()))]);
    if cx.region != "us-east-1" {
        let config =
            Json::Object(vec![("LocationConstraint".into(), Json::String(cx.region.clone()))]);
        input.insert("CreateBucketConfiguration", config);
    }
    match cx.api("CreateBucket", input) {
        Ok(_) => {
            cx.print(&format!("make_bucket: {bucket}\n"));
            0
        }
        Err(e) => {
            cx.eprint(&format!("make_bucket failed: {path} {e}\n"));
            1
        }
    }
}

pub fn rb(cx: &mut Ctx<'_>, args: &Args) -> i32 {
    let path = args.paths.first().cloned().unwrap_or_default();
    let Some((bucket, _)) = s3_path(&path) else {
        cx.eprint("\nusage: aws s3 rb <S3Uri>\nError: Invalid argument type\n");
        return 252;
    };
    if args.flag("force") {
        let rm = super::Args {
            paths: vec![format!("s3://{bucket}")],
            flags: vec!["recursive".into()],
            values: Vec::new(),
        };
        if transfer::rm(cx, &rm) != 0 {
            cx.eprint("remove_bucket failed: Unable to delete all objects in the bucket, bucket will not be deleted.\n");
            return 1;
        }
    }
    let input = Json::Object(vec![("Bucket".into(), Json::String(bucket.clone()))]);
    match cx.api("DeleteBucket", input) {
        Ok(_) => {
            cx.print(&format!("remove_bucket: {bucket}\n"));
            0
        }
        Err(e) => {
            cx.eprint(&format!("remove_bucket failed: {path} {e}\n"));
            1
        }
    }
}
