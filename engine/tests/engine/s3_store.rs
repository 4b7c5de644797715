//! The S3 store: buckets, objects, ETags, listing with prefix and delimiter, S3's error codes.

use crate::support;
use engine::s3::{S3Command, S3};
use engine::{Command, World};

fn world() -> World {
    support::world(3)
}

fn s3(w: &mut World, c: S3Command) -> Result<String, (String, String)> {
    w.apply(Command::S3(c)).result.map_err(|e| (e.code.to_string(), e.message))
}

fn mb(w: &mut World, bucket: &str) {
    s3(w, S3Command::CreateBucket { bucket: bucket.into() }).expect("create bucket");
}

fn put(w: &mut World, bucket: &str, key: &str, body: &str) {
    let c = S3Command::PutObject { bucket: bucket.into(), key: key.into(), body: body.into() };
    s3(w, c).expect("put");
}

/// The store itself, for its typed read actions (GetObject, ListObjectsV2).
fn store(w: &mut World) -> S3 {
    w.with_services(|s, _| s.s3().clone())
}

#[test]
fn put_get_etag_and_last_modified_on_the_virtual_clock() {
    let mut w = world();
    mb(&mut w, "data-lake");
    w.advance_by(1_500);
    put(&mut w, "data-lake", "hello.txt", "hello");
    let o = store(&mut w).get_object("data-lake", "hello.txt").cloned().expect("object");
    assert_eq!(o.etag, "\"5d41402abc4b2a76b9719d911017c592\"");
    assert_eq!(o.size(), 5);
    assert_eq!(o.last_modified_ms, w.config().epoch_ms + 1_500);
    assert_eq!(&o.bytes[..], b"hello");
    // A second PUT replaces the object.
    put(&mut w, "data-lake", "hello.txt", "bye");
    assert_eq!(w.view().s3().object_content("data-lake", "hello.txt").unwrap(), b"bye");
}

#[test]
fn listing_with_prefix_and_delimiter_rolls_up_common_prefixes() {
    let mut w = world();
    mb(&mut w, "bk1");
    for k in ["2026/01/01/00/a", "2026/01/01/00/b", "2026/01/01/01/c", "2026/01/02/00/d", "top"] {
        put(&mut w, "bk1", k, k);
    }
    let s = store(&mut w);
    let root = s.list_objects("bk1", "", Some("/"), None, 1000).unwrap();
    assert_eq!(root.common_prefixes, vec!["2026/"]);
    assert_eq!(root.contents.iter().map(|o| o.key.as_str()).collect::<Vec<_>>(), ["top"]);
    let day = s.list_objects("bk1", "2026/01/", Some("/"), None, 1000).unwrap();
    assert_eq!(day.common_prefixes, vec!["2026/01/01/", "2026/01/02/"]);
    assert!(day.contents.is_empty());
    let all = s.list_objects("bk1", "2026/01/01/", None, None, 1000).unwrap();
    assert_eq!(all.key_count, 3);
    // Pages: two at a time, continuing after the last entry.
    let p1 = s.list_objects("bk1", "", None, None, 2).unwrap();
    assert!(p1.is_truncated);
    let token = p1.next_continuation_token.clone().unwrap();
    assert_eq!(token, "2026/01/01/00/b");
    let p2 = s.list_objects("bk1", "", None, Some(&token), 2).unwrap();
    assert_eq!(p2.contents[0].key, "2026/01/01/01/c");
    // A continuation that ends on a common prefix skips the rest of that group.
    let p = s.list_objects("bk1", "2026/01/", Some("/"), None, 1).unwrap();
    assert_eq!(p.common_prefixes, vec!["2026/01/01/"]);
    let t = p.next_continuation_token.unwrap();
    let p = s.list_objects("bk1", "2026/01/", Some("/"), Some(&t), 1).unwrap();
    assert_eq!(p.common_prefixes, vec!["2026/01/02/"]);
    assert_eq!(
        w.view().s3().browse("bk1", "2026/01/01/").common_prefixes,
        vec!["2026/01/01/00/", "2026/01/01/01/"]
    );
    assert_eq!(w.view().s3().objects("bk1", "2026/01/01/0").len(), 3);
}

#[test]
fn s3_error_codes() {
    let mut w = world();
    let bad = s3(&mut w, S3Command::CreateBucket { bucket: "Bad_Name".into() }).unwrap_err();
    assert_eq!(bad, ("InvalidBucketName".into(), "The specified bucket is not valid.".into()));
    for name in ["ab", "a..b", "192.168.1.1", "-ab", "ab-"] {
        assert!(s3(&mut w, S3Command::CreateBucket { bucket: name.into() }).is_err(), "{name}");
    }
    mb(&mut w, "bkt");
    assert_eq!(s3(&mut w, S3Command::CreateBucket { bucket: "bbb".into() }).map(|_| ()), Ok(()));
    let again = s3(&mut w, S3Command::CreateBucket { bucket: "bbb".into() }).unwrap_err();
    assert_eq!(again.0, "BucketAlreadyOwnedByYou");
    let e = s3(&mut w, S3Command::DeleteBucket { bucket: "nope".into() }).unwrap_err();
    assert_eq!(e, ("NoSuchBucket".into(), "The specified bucket does not exist".into()));
    put(&mut w, "bbb", "k", "v");
    let e = s3(&mut w, S3Command::DeleteBucket { bucket: "bbb".into() }).unwrap_err();
    assert_eq!(e, ("BucketNotEmpty".into(), "The bucket you tried to delete is not empty".into()));
    s3(&mut w, S3Command::DeleteObject { bucket: "bbb".into(), key: "k".into() }).unwrap();
    // Deleting what is not there succeeds, as in S3.
    s3(&mut w, S3Command::DeleteObject { bucket: "bbb".into(), key: "k".into() }).unwrap();
    s3(&mut w, S3Command::DeleteBucket { bucket: "bbb".into() }).unwrap();
    let e = store(&mut w).get_object("bkt", "missing").unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("NoSuchKey", "The specified key does not exist.")
    );
    let long = "k".repeat(1025);
    let e = s3(&mut w, S3Command::PutObject { bucket: "bkt".into(), key: long, body: "x".into() });
    assert_eq!(e.unwrap_err().0, "KeyTooLongError");
}

#[test]
fn preview_truncates_and_views_list_buckets() {
    let mut w = world();
    mb(&mut w, "bkt");
    put(&mut w, "bkt", "k", "0123456789");
    let p = w.view().s3().object_preview("bkt", "k", 4).unwrap();
    assert_eq!((p.text.as_str(), p.truncated, p.decompressed), ("0123", true, false));
    let b = &w.view().s3().buckets()[0];
    assert_eq!((b.name.as_str(), b.objects, b.bytes), ("bkt", 1, 10));
}

#[test]
fn a_tree_level_shows_folders_keys_writers_and_delete_markers() {
    let mut w = world();
    mb(&mut w, "lake");
    for k in ["2026/01/01/00/a.gz", "2026/02/b.gz", "notes.txt", "readme.txt", "z/"] {
        put(&mut w, "lake", k, "x");
    }
    s3(&mut w, S3Command::DeleteObject { bucket: "lake".into(), key: "readme.txt".into() })
        .unwrap();
    // Versioning on: the delete leaves a marker the level shows struck through.
    support::call(
        &mut w,
        "s3",
        "PutBucketVersioning",
        serde_json::json!({"Bucket": "lake", "VersioningConfiguration": {"Status": "Enabled"}}),
    )
    .unwrap();
    s3(&mut w, S3Command::DeleteObject { bucket: "lake".into(), key: "notes.txt".into() }).unwrap();
    let top = w.view().s3().level("lake", "");
    assert_eq!(top.prefixes, ["2026/", "z/"]);
    let rows: Vec<_> =
        top.objects.iter().map(|o| (o.key.as_str(), o.deleted, o.written_by.as_str())).collect();
    // readme.txt was deleted before versioning: gone for good, no marker.
    assert_eq!(rows, [("notes.txt", true, "")]);
    let year = w.view().s3().level("lake", "2026/");
    assert_eq!(year.prefixes, ["2026/01/", "2026/02/"]);
    assert!(year.objects.is_empty());
    let feb = w.view().s3().level("lake", "2026/02/");
    assert_eq!(feb.objects[0].key, "2026/02/b.gz");
    assert_eq!((feb.objects[0].size, feb.objects[0].writer_kind), (1, "upload"));
    assert_eq!(feb.objects[0].written_by, "learner upload");
    // The folder marker `z/` is a key of its own one level down.
    assert_eq!(w.view().s3().level("lake", "z/").objects[0].key, "z/");
    assert_eq!(w.view().s3().level("nope", "").prefixes.len(), 0);
}

#[test]
fn writers_are_labelled_for_the_view() {
    use engine::s3::WrittenBy;
    let cases = [
        (WrittenBy::Api, "learner upload", "upload"),
        (WrittenBy::Firehose { delivery_stream: "clicks".into() }, "Firehose clicks", "firehose"),
        (WrittenBy::Emr { cluster_id: "j-1ABC".into() }, "EMR cluster j-1ABC", "emr"),
        (WrittenBy::Snowball { job_id: "JID1".into() }, "Snowball import JID1", "snowball"),
    ];
    for (w, label, kind) in cases {
        assert_eq!((w.label().as_str(), w.kind()), (label, kind));
    }
}
