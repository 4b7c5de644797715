//! TeraGen, TeraSort and TeraValidate over real bytes: TeraGen's records are GenSort's (the
//! first one checked against the generator, every one's CRC-32 summed), TeraSort's output is
//! the same records globally sorted across its reducers with its cut points in
//! `_partition.lst` and one replica per block, TeraValidate's report is the checksum TeraGen
//! computed; unsorted input is reported as misordered; the client's own failures.

use serde_json::json;

use crate::support::{emr_cluster, examples_step, shell, world};
use engine::emr::fs::{self, Location};
use engine::emr::mapreduce::tera;
use engine::World;

fn run(w: &mut World, c: &str, args: &[&str]) -> (String, serde_json::Value) {
    examples_step(w, c, args, 20)
}

fn bytes(w: &mut World, c: &str, path: &str) -> Vec<u8> {
    let c = c.to_string();
    let loc = Location::Hdfs(path.to_string());
    w.with_services(|s, _| fs::read(s, &c, &loc).map(|b| b.to_vec()).expect("read"))
}

fn counter(w: &World, c: &str, step: &str, name: &str) -> Option<u64> {
    let job = w.view().emr().job(c, step).expect("job");
    job.counters.iter().find(|(n, _)| n == name).map(|(_, v)| *v)
}

#[test]
fn teragen_terasort_teravalidate() {
    let mut w = world(41);
    let c = emr_cluster(&mut w, 2, json!([]));
    let rows = 10_000u64;

    let (gen, d) = run(&mut w, &c, &["teragen", "10k", "/teragen"]);
    assert_eq!(d["Status"]["State"], json!("COMPLETED"), "{d}");
    let (ls, _, _) = shell(&mut w, &c, "hdfs dfs -ls /teragen");
    let names: Vec<&str> = ls.lines().skip(1).filter_map(|l| l.rsplit(' ').next()).collect();
    assert_eq!(names, ["/teragen/_SUCCESS", "/teragen/part-m-00000", "/teragen/part-m-00001"]);
    let mut generated = bytes(&mut w, &c, "/teragen/part-m-00000");
    generated.extend(bytes(&mut w, &c, "/teragen/part-m-00001"));
    let mut want = Vec::new();
    let sum = tera::generate(0, rows, |r| want.extend_from_slice(r));
    assert_eq!(generated.len(), want.len());
    assert!(generated == want, "TeraGen's rows are GenSort's");
    assert_eq!(&generated[12..44], b"00000000000000000000000000000000");
    assert_eq!(counter(&w, &c, &gen, "Map input records"), Some(rows));
    assert_eq!(counter(&w, &c, &gen, "Map output records"), Some(rows));
    assert_eq!(counter(&w, &c, &gen, "Other local map tasks"), Some(2));
    assert_eq!(counter(&w, &c, &gen, "Input split bytes"), Some(77 + 1 + 3 + 77 + 3 + 3));
    let (s0, s1) =
        (tera::generate(0, rows / 2, |_| {}), tera::generate(rows / 2, rows / 2, |_| {}));
    assert_eq!(counter(&w, &c, &gen, "CHECKSUM"), Some((s0 as u64).wrapping_add(s1 as u64)));

    let (sort, d) =
        run(&mut w, &c, &["terasort", "-D", "mapreduce.job.reduces=3", "/teragen", "/terasort"]);
    assert_eq!(d["Status"]["State"], json!("COMPLETED"), "{d}");
    let (ls, _, _) = shell(&mut w, &c, "hdfs dfs -ls /terasort");
    let names: Vec<&str> = ls.lines().skip(1).filter_map(|l| l.rsplit(' ').next()).collect();
    assert_eq!(
        names,
        [
            "/terasort/_SUCCESS",
            "/terasort/_partition.lst",
            "/terasort/part-r-00000",
            "/terasort/part-r-00001",
            "/terasort/part-r-00002"
        ]
    );
    let mut sorted = Vec::new();
    let mut sizes = Vec::new();
    for i in 0..3 {
        let part = bytes(&mut w, &c, &format!("/terasort/part-r-0000{i}"));
        sizes.push(part.len() / 100);
        sorted.extend(part);
    }
    assert!(sizes.iter().all(|n| *n > 2000), "{sizes:?}");
    let records: Vec<&[u8]> = sorted.chunks(100).collect();
    assert_eq!(records.len() as u64, rows);
    assert!(records.windows(2).all(|p| p[0][..10] <= p[1][..10]), "globally sorted");
    let mut a: Vec<&[u8]> = want.chunks(100).collect();
    let mut b = records.clone();
    a.sort();
    b.sort();
    assert!(a == b, "the same records");
    let partition_file = bytes(&mut w, &c, "/terasort/_partition.lst");
    assert_eq!(partition_file.len(), 2 * 11);
    let hdfs = w.view().emr().hdfs(&c).expect("hdfs");
    let replication = |p: &str| hdfs.files.iter().find(|f| f.path == p).map(|f| f.replication);
    assert_eq!(replication("/terasort/part-r-00000"), Some(1));
    assert_eq!(replication("/terasort/_partition.lst"), Some(10));
    assert_eq!(counter(&w, &c, &sort, "Map output bytes"), Some(rows * 102));
    assert_eq!(counter(&w, &c, &sort, "Reduce output records"), Some(rows));
    let log = d["Status"].to_string();
    let _ = log;

    let (_, d) = run(&mut w, &c, &["teravalidate", "/terasort", "/report"]);
    assert_eq!(d["Status"]["State"], json!("COMPLETED"), "{d}");
    let report = String::from_utf8(bytes(&mut w, &c, "/report/part-r-00000")).expect("utf8");
    assert_eq!(report, format!("checksum\t{}\n", tera::unsigned16(sum)));

    // TeraGen's output, unsorted, is reported misordered.
    let (_, d) = run(&mut w, &c, &["teravalidate", "/teragen", "/report2"]);
    assert_eq!(d["Status"]["State"], json!("COMPLETED"), "{d}");
    let report = String::from_utf8(bytes(&mut w, &c, "/report2/part-r-00000")).expect("utf8");
    assert!(report.starts_with(&format!("checksum\t{}\n", tera::unsigned16(sum))), "{report}");
    assert!(report.contains("error\tmisorder in part-m-00000 between "), "{report}");
}

#[test]
fn the_clients_own_failures() {
    let mut w = world(43);
    let c = emr_cluster(&mut w, 2, json!([]));
    let (_, d) = run(&mut w, &c, &["teragen", "1", "/one"]);
    assert_eq!(d["Status"]["State"], json!("COMPLETED"), "{d}");
    let (_, d) = run(&mut w, &c, &["teragen", "10", "/one"]);
    assert_eq!(d["Status"]["State"], json!("FAILED"));
    assert_eq!(
        d["Status"]["FailureDetails"]["Message"],
        json!("java.io.IOException: Output directory /one already exists.")
    );
    let (_, d) = run(&mut w, &c, &["terasort", "-D", "mapreduce.job.reduces=2", "/one", "/sorted"]);
    assert_eq!(d["Status"]["State"], json!("FAILED"));
    assert_eq!(
        d["Status"]["FailureDetails"]["Message"],
        json!("Requested more partitions than input keys (2 > 1)")
    );
    let (_, d) = run(&mut w, &c, &["teragen", "ten", "/x"]);
    assert_eq!(d["Status"]["State"], json!("FAILED"));
    let (_, d) = run(&mut w, &c, &["teravalidate", "/one"]);
    assert_eq!(d["Status"]["State"], json!("FAILED"));
    let (_, d) = run(&mut w, &c, &["teragen", "1t", "/huge"]);
    assert_eq!(d["Status"]["State"], json!("FAILED"));
    let message = d["Status"]["FailureDetails"]["Message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("The sandbox generates at most 2684354 TeraGen rows (256 MiB"),
        "{message}"
    );
}
