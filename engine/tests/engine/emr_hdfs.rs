//! HDFS on a cluster: files cut into blocks with replicas on distinct core nodes, `hdfs fsck`
//! and `hdfs dfsadmin -report` in Hadoop's words, the NameNode's stale and dead marks after a
//! node is lost, re-replication, missing blocks when the replication was 1, decommissioning on a
//! shrink, and HDFS gone with the cluster while EMRFS data stays in S3.

use serde_json::{json, Value};

use crate::support::{call, emr_cluster, emr_ok, shell, world};
use engine::emr::hdfs::HdfsEvent;
use engine::World;

const MIB: usize = 1 << 20;

/// Writes `len` bytes at `path` in HDFS (through S3 and `hdfs dfs -cp`).
fn put_bytes(w: &mut World, c: &str, path: &str, len: usize) {
    let _ = call(w, "s3", "CreateBucket", json!({"Bucket": "staging"}));
    let bytes: Vec<u8> = (0..len).map(|i| b"hadoop\n"[i % 7]).collect();
    use base64::Engine as _;
    let body = base64::engine::general_purpose::STANDARD.encode(&bytes);
    call(w, "s3", "PutObject", json!({"Bucket": "staging", "Key": "blob", "Body": body}))
        .expect("put");
    let (_, err, code) = shell(w, c, &format!("hdfs dfs -cp s3://staging/blob {path}"));
    assert_eq!((err.as_str(), code), ("", 0), "cp to {path}");
}

fn hdfs_events(w: &World, cluster: &str) -> Vec<HdfsEvent> {
    w.log()
        .recent(w.log().len())
        .filter_map(|e| match &e.event {
            engine::Event::Emr(engine::emr::Event::Hdfs { cluster: c, event }) if c == cluster => {
                Some(event.clone())
            }
            _ => None,
        })
        .collect()
}

fn lose(w: &mut World, cluster: &str, node: &str) {
    let cmd = engine::emr::EmrCommand::LoseNode { cluster: cluster.into(), node: node.into() };
    w.apply(engine::Command::Emr(cmd)).result.expect("lose node");
}

const SMALL_BLOCKS: &str = "1m";

fn blocks_config(replication: Option<u32>) -> Value {
    let mut props = json!({"dfs.blocksize": SMALL_BLOCKS});
    if let Some(r) = replication {
        props["dfs.replication"] = json!(r.to_string());
    }
    json!([{"Classification": "hdfs-site", "Properties": props}])
}

#[test]
fn fsck_lists_files_blocks_and_locations_in_hadoops_words() {
    let mut w = world(51);
    let c = emr_cluster(&mut w, 2, blocks_config(None));
    put_bytes(&mut w, &c, "data/big.bin", 3 * MIB);
    let view = w.view().emr().cluster(&c).expect("cluster");
    let master = view.nodes.iter().find(|n| n.role == "MASTER").expect("primary");
    let ip_of = |id: &str| {
        view.nodes.iter().find(|n| n.id == id).map(|n| n.private_ip.clone()).unwrap_or_default()
    };
    let hdfs = w.view().emr().hdfs(&c).expect("hdfs");
    let file = &hdfs.files[0];
    assert_eq!(file.path, "/user/hadoop/data/big.bin");
    assert_eq!(file.replication, 1, "2 core nodes: EMR's dfs.replication is 1");
    let block_lines: String = file
        .blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let r = &b.replicas[0];
            format!(
                "{i}. {}:{} len=1048576 Live_repl=1  [DatanodeInfoWithStorage[{}:9866,{},DISK]]\n",
                hdfs.block_pool,
                b.name,
                ip_of(&r.node),
                r.storage_id
            )
        })
        .collect();
    let host = format!("ip-{}.ec2.internal", master.private_ip.replace('.', "-"));
    let (out, err, code) = shell(&mut w, &c, "hdfs fsck / -files -blocks -locations");
    assert_eq!((err.as_str(), code), ("", 0));
    let ip = &master.private_ip;
    let lines = [
        format!("Connecting to namenode via http://{host}:9870/fsck?ugi=hadoop&files=1&blocks=1&locations=1&path=%2F"),
        format!("FSCK started by hadoop (auth:SIMPLE) from /{ip} for path / at Thu Jan 01 00:04:30 UTC 2026"),
        "/ <dir>\n/tmp <dir>\n/user <dir>\n/user/hadoop <dir>\n/user/hadoop/data <dir>".into(),
        "/user/hadoop/data/big.bin 3145728 bytes, replicated: replication=1, 3 block(s):  OK".into(),
        format!("{block_lines}\n\nStatus: HEALTHY"),
        " Number of data-nodes:\t2\n Number of racks:\t\t1\n Total dirs:\t\t\t5\n Total symlinks:\t\t0\n".into(),
        "Replicated Blocks:".into(),
        " Total size:\t3145728 B\n Total files:\t1\n Total blocks (validated):\t3 (avg. block size 1048576 B)".into(),
        " Minimally replicated blocks:\t3 (100.0 %)\n Over-replicated blocks:\t0 (0.0 %)".into(),
        " Under-replicated blocks:\t0 (0.0 %)\n Mis-replicated blocks:\t\t0 (0.0 %)".into(),
        " Default replication factor:\t1\n Average block replication:\t1.0".into(),
        " Missing blocks:\t\t0\n Corrupt blocks:\t\t0\n Missing replicas:\t\t0 (0.0 %)\n".into(),
        "Erasure Coded Block Groups:".into(),
        " Total size:\t0 B\n Total files:\t0\n Total block groups (validated):\t0".into(),
        " Minimally erasure-coded block groups:\t0\n Over-erasure-coded block groups:\t0".into(),
        " Under-erasure-coded block groups:\t0\n Unsatisfactory placement block groups:\t0".into(),
        " Average block group size:\t0.0\n Missing block groups:\t\t0\n Corrupt block groups:\t\t0".into(),
        " Missing internal blocks:\t0".into(),
        "FSCK ended at Thu Jan 01 00:04:30 UTC 2026 in 1 milliseconds\n\n".into(),
        "The filesystem under path '/' is HEALTHY\n".into(),
    ];
    let expected = lines.join("\n");
    assert_eq!(out, expected);
    let (ls, _, _) = shell(&mut w, &c, "hdfs dfs -ls data");
    assert_eq!(ls, "Found 1 items\n-rw-r--r--   1 hadoop hdfsadmingroup    3145728 2026-01-01 00:04 data/big.bin\n");
    let (du, _, _) = shell(&mut w, &c, "hdfs dfs -du -s /user/hadoop");
    assert_eq!(du, "3145728  3145728  /user/hadoop\n");
}

#[test]
fn a_lost_node_goes_stale_at_30_s_dead_at_630_s_then_its_blocks_are_copied_again() {
    let mut w = world(52);
    let c = emr_cluster(&mut w, 3, blocks_config(Some(2)));
    put_bytes(&mut w, &c, "/data/f", 4 * MIB);
    let hdfs = w.view().emr().hdfs(&c).expect("hdfs");
    let victim = hdfs.files[0].blocks[0].replicas[0].node.clone();
    let on_victim =
        hdfs.files[0].blocks.iter().filter(|b| b.replicas.iter().any(|r| r.node == victim)).count();
    lose(&mut w, &c, &victim);
    let before = hdfs_events(&w, &c).len();
    w.advance_by(29_999);
    let (report, _, _) = shell(&mut w, &c, "hdfs dfsadmin -report");
    assert!(report.contains("Live datanodes (3):"), "{report}");
    w.advance_by(1);
    let state = |w: &World| {
        hdfs_events(w, &c)[before..]
            .iter()
            .filter_map(|e| match e {
                HdfsEvent::DataNodeState { node, state } if *node == victim => Some(state.clone()),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(state(&w), ["stale"]);
    let (fsck, _, _) = shell(&mut w, &c, "hdfs fsck /");
    assert!(
        fsck.contains(" Under-replicated blocks:\t0 (0.0 %)"),
        "the NameNode still counts the stale node's replicas"
    );
    w.advance_by(600_000);
    assert_eq!(state(&w), ["stale", "dead"]);
    let lost =
        hdfs_events(&w, &c).iter().filter(|e| matches!(e, HdfsEvent::ReplicaLost { .. })).count();
    assert_eq!(lost, on_victim);
    let (report, _, _) = shell(&mut w, &c, "hdfs dfsadmin -report");
    assert!(
        report.contains("Live datanodes (2):") && report.contains("Dead datanodes (1):"),
        "{report}"
    );
    w.advance_by(60_000);
    let copied = hdfs_events(&w, &c)
        .iter()
        .filter(|e| matches!(e, HdfsEvent::BlockReplicated { .. }))
        .count();
    assert_eq!(copied, on_victim);
    let hdfs = w.view().emr().hdfs(&c).expect("hdfs");
    for b in &hdfs.files[0].blocks {
        let mut nodes: Vec<&str> = b.replicas.iter().map(|r| r.node.as_str()).collect();
        nodes.sort_unstable();
        nodes.dedup();
        assert_eq!(nodes.len(), 2, "{}: two replicas on two live nodes", b.name);
        assert!(!nodes.contains(&victim.as_str()));
    }
    let (fsck, _, code) = shell(&mut w, &c, "hdfs fsck /");
    assert_eq!(code, 0);
    assert!(
        fsck.contains("Status: HEALTHY") && fsck.contains(" Number of data-nodes:\t2\n"),
        "{fsck}"
    );
}

#[test]
fn with_replication_1_a_lost_node_takes_its_blocks_with_it() {
    let mut w = world(53);
    let c = emr_cluster(&mut w, 3, blocks_config(None));
    put_bytes(&mut w, &c, "/data/f", 3 * MIB);
    let hdfs = w.view().emr().hdfs(&c).expect("hdfs");
    let block = hdfs.files[0].blocks[1].clone();
    let victim = block.replicas[0].node.clone();
    lose(&mut w, &c, &victim);
    let (_, err, code) = shell(&mut w, &c, "hdfs dfs -cat /data/f");
    assert_eq!(code, 1);
    assert_eq!(
        err,
        format!("cat: Could not obtain block: {}:{} file=/data/f\n", hdfs.block_pool, block.name)
    );
    w.advance_by(630_000);
    let missing: Vec<HdfsEvent> = hdfs_events(&w, &c)
        .into_iter()
        .filter(|e| matches!(e, HdfsEvent::BlockMissing { .. }))
        .collect();
    assert!(missing
        .contains(&HdfsEvent::BlockMissing { block: block.name.clone(), path: "/data/f".into() }));
    let (fsck, _, code) = shell(&mut w, &c, "hdfs fsck / -files");
    assert_eq!(code, 1);
    let n = missing.len();
    let size = n * MIB;
    assert!(fsck.contains(&format!("/data/f 3145728 bytes, replicated: replication=1, 3 block(s):  MISSING {n} blocks of total size {size} B\n")), "{fsck}");
    assert!(
        fsck.contains(&format!(
            "  CORRUPT FILES:\t1\n  MISSING BLOCKS:\t{n}\n  MISSING SIZE:\t\t{size} B\n"
        )),
        "{fsck}"
    );
    assert!(fsck.ends_with("The filesystem under path '/' is CORRUPT\n"));
    let (report, _, _) = shell(&mut w, &c, "hdfs dfsadmin -report");
    assert!(
        report.contains(&format!(
            "\tMissing blocks: {n}\n\tMissing blocks (with replication factor 1): {n}\n"
        )),
        "{report}"
    );
}

#[test]
fn terminating_the_cluster_loses_hdfs_but_not_what_emrfs_wrote_to_s3() {
    let mut w = world(54);
    call(&mut w, "s3", "CreateBucket", json!({"Bucket": "keep"})).expect("bucket");
    let c = emr_cluster(&mut w, 2, json!([]));
    shell(&mut w, &c, "echo scratch | hdfs dfs -put - /tmp/scratch.txt");
    shell(&mut w, &c, "echo results | hdfs dfs -put - /results.txt");
    let (_, err, code) = shell(&mut w, &c, "hdfs dfs -cp /results.txt s3://keep/results.txt");
    assert_eq!((err.as_str(), code), ("", 0));
    emr_ok(&mut w, "TerminateJobFlows", json!({"JobFlowIds": [c]}));
    w.advance_by(60_000);
    let lost: Vec<HdfsEvent> = hdfs_events(&w, &c)
        .into_iter()
        .filter(|e| matches!(e, HdfsEvent::FileLost { .. }))
        .collect();
    assert_eq!(
        lost,
        [
            HdfsEvent::FileLost { path: "/results.txt".into(), bytes: 8 },
            HdfsEvent::FileLost { path: "/tmp/scratch.txt".into(), bytes: 8 },
        ]
    );
    assert!(w.view().emr().hdfs(&c).is_some_and(|h| !h.running && h.files.is_empty()));
    let kept = call(&mut w, "s3", "HeadObject", json!({"Bucket": "keep", "Key": "results.txt"}))
        .expect("still in S3");
    assert_eq!(kept["ContentLength"], json!(8));
}

#[test]
fn shrinking_the_core_group_decommissions_before_the_instance_goes() {
    let mut w = world(55);
    let c = emr_cluster(&mut w, 4, blocks_config(Some(2)));
    put_bytes(&mut w, &c, "/data/f", 5 * MIB);
    let groups = emr_ok(&mut w, "ListInstanceGroups", json!({"ClusterId": c}));
    let core = groups["InstanceGroups"][1]["Id"].as_str().expect("core").to_string();
    emr_ok(
        &mut w,
        "ModifyInstanceGroups",
        json!({"InstanceGroups": [{"InstanceGroupId": core, "InstanceCount": 3}]}),
    );
    let leaving: Vec<String> = hdfs_events(&w, &c)
        .iter()
        .filter_map(|e| match e {
            HdfsEvent::DataNodeState { node, state } if state == "decommissioning" => {
                Some(node.clone())
            }
            _ => None,
        })
        .collect();
    assert_eq!(leaving.len(), 1);
    w.advance_by(60_000);
    let states: Vec<String> = hdfs_events(&w, &c)
        .iter()
        .filter_map(|e| match e {
            HdfsEvent::DataNodeState { node, state } if *node == leaving[0] => Some(state.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(states, ["live", "decommissioning", "decommissioned"]);
    let hdfs = w.view().emr().hdfs(&c).expect("hdfs");
    assert!(hdfs.files[0]
        .blocks
        .iter()
        .all(|b| b.replicas.len() == 2 && b.replicas.iter().all(|r| r.node != leaving[0])));
    assert!(hdfs_events(&w, &c)
        .iter()
        .all(|e| !matches!(e, HdfsEvent::BlockMissing { .. } | HdfsEvent::ReplicaLost { .. })));
    let g = emr_ok(&mut w, "ListInstanceGroups", json!({"ClusterId": c}));
    assert_eq!(g["InstanceGroups"][1]["RunningInstanceCount"], json!(3));
    assert_eq!(g["InstanceGroups"][1]["Status"]["State"], json!("RUNNING"));
}
