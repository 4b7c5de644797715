//! HDFS invariants under node loss, for any cluster size, replication and file sizes: once
//! re-replication has settled, every block that kept a replica has min(replication, live core
//! nodes) replicas, never two on one node and none on a lost node; a block is missing only if
//! every replica it had was on a lost node (not conversely: a copy made between two losses can
//! save it); no block is lost or duplicated in the namespace.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use serde_json::json;

use crate::support::{call, emr_cluster, shell, world};

fn put(w: &mut engine::World, c: &str, path: &str, len: usize) {
    let _ = call(w, "s3", "CreateBucket", json!({"Bucket": "staging"}));
    use base64::Engine as _;
    let body = base64::engine::general_purpose::STANDARD.encode(vec![b'x'; len]);
    call(w, "s3", "PutObject", json!({"Bucket": "staging", "Key": "blob", "Body": body}))
        .expect("put");
    let (_, err, code) = shell(w, c, &format!("hdfs dfs -cp s3://staging/blob {path}"));
    assert_eq!((err.as_str(), code), ("", 0));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn replicas_settle_to_min_of_replication_and_live_nodes(
        seed in 0u64..1000,
        core in 2u32..=6,
        replication in proptest::option::of(1u32..=3),
        sizes in proptest::collection::vec(0usize..(3 << 20), 1..4),
        losses in proptest::collection::vec((0u64..900_000, 0usize..6), 0..3),
    ) {
        let mut w = world(seed);
        let mut props = json!({"dfs.blocksize": "1m"});
        if let Some(r) = replication {
            props["dfs.replication"] = json!(r.to_string());
        }
        let c = emr_cluster(&mut w, core, json!([{"Classification": "hdfs-site", "Properties": props}]));
        for (i, len) in sizes.iter().enumerate() {
            put(&mut w, &c, &format!("/f{i}"), *len);
        }
        let before = w.view().emr().hdfs(&c).expect("hdfs");
        let cores: Vec<String> = w
            .view()
            .emr()
            .cluster(&c)
            .expect("cluster")
            .nodes
            .iter()
            .filter(|n| n.role == "CORE")
            .map(|n| n.id.clone())
            .collect();
        let mut lost = BTreeSet::new();
        let mut losses = losses;
        losses.sort();
        let mut at = 0;
        for (t, i) in losses {
            w.advance_by(t - at);
            at = t;
            let node = cores[i % cores.len()].clone();
            let alive = cores.len() - lost.len();
            if alive > 1 && lost.insert(node.clone()) {
                let cmd = engine::emr::EmrCommand::LoseNode { cluster: c.clone(), node };
                w.apply(engine::Command::Emr(cmd)).result.expect("lose");
            }
        }
        w.advance_by(2_000_000);
        let after = w.view().emr().hdfs(&c).expect("hdfs");
        let live = cores.len() - lost.len();
        // The namespace: the same files, the same blocks in the same order.
        let names = |h: &engine::emr::HdfsView| -> BTreeMap<String, Vec<String>> {
            h.files.iter().map(|f| (f.path.clone(), f.blocks.iter().map(|b| b.name.clone()).collect())).collect()
        };
        prop_assert_eq!(names(&before), names(&after));
        let originally: BTreeMap<String, BTreeSet<String>> = before
            .files
            .iter()
            .flat_map(|f| f.blocks.iter().map(|b| (b.name.clone(), b.replicas.iter().map(|r| r.node.clone()).collect())))
            .collect();
        for f in &after.files {
            for b in &f.blocks {
                let nodes: BTreeSet<&str> = b.replicas.iter().map(|r| r.node.as_str()).collect();
                prop_assert_eq!(nodes.len(), b.replicas.len(), "two replicas of {} on one node", b.name);
                prop_assert!(nodes.iter().all(|n| !lost.contains(*n)), "{} on a lost node", b.name);
                let had = &originally[&b.name];
                if b.replicas.is_empty() {
                    // Missing only if every replica it had is gone (a copy made between two
                    // losses can save a block whose original nodes both went).
                    prop_assert!(had.iter().all(|n| lost.contains(n)), "{} lost with a live replica", b.name);
                } else {
                    prop_assert_eq!(b.replicas.len(), (f.replication as usize).min(live), "{} settles", b.name);
                }
            }
        }
    }
}
