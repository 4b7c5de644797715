//! Any text as a HiveQL script, after a table over a small file: the pre-pass, sqlparser, the
//! planner and the stages' map, combine and reduce must answer (rows or Hive's error), never
//! panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

use hive_sql::local::{run, MemFs};
use hive_sql::Catalog;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut fs = MemFs::default();
    fs.buckets.insert("d".into());
    fs.files.insert("s3://d/t/a".into(), b"a,1\nb,2\na,3\n".to_vec());
    let mut catalog = Catalog::new();
    let script = format!(
        "CREATE EXTERNAL TABLE t (k STRING, v INT) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://d/t';\n{text}"
    );
    let _ = run(&script, &mut catalog, &mut fs, 2);
});
