//! `hdfs fsck <path> [-files [-blocks [-locations]]]`: NamenodeFsck's report (Hadoop 3: a
//! status, the "Replicated Blocks" and "Erasure Coded Block Groups" sections; every file with
//! its blocks and where their replicas are on request), as the NameNode sees HDFS now: a
//! DataNode not yet declared dead still counts.

use super::{java, ShellOutput};
use crate::emr::fs::namenode_uri;
use crate::emr::hdfs::{namespace, Block, EntryKind};
use crate::emr::model::Cluster;
use crate::sim::{Ctx, Services};

#[derive(Default)]
struct Totals {
    size: u64,
    files: u64,
    blocks: u64,
    min_replicated: u64,
    over: u64,
    under: u64,
    under_min: u64,
    missing: u64,
    missing_size: u64,
    corrupt_files: u64,
    replicas: u64,
    expected: u64,
    missing_replicas: u64,
    decommissioning: u64,
}

/// `DS-<uuid>`: a storage (disk) id, stable for the node and disk.
pub fn storage_id(node: &str, disk: usize) -> String {
    use md5::{Digest, Md5};
    let d = Md5::digest(format!("{node}/{disk}").as_bytes());
    let h: String = d.iter().map(|b| format!("{b:02x}")).collect();
    format!("DS-{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

/// The DataNode's data transfer port: 9866 in Hadoop 3, 50010 in Hadoop 2.
pub fn xfer_port(c: &Cluster) -> u16 {
    if c.release.hadoop3() {
        9866
    } else {
        50010
    }
}

fn java_url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'*' | b'_' => {
                (b as char).to_string()
            }
            b' ' => "+".into(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

pub fn run(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster: &str,
    args: &[&str],
) -> ShellOutput {
    let Some(c) = services.emr.clusters.get(cluster) else {
        return ShellOutput::err("No such cluster\n".into(), 1);
    };
    let mut path = None;
    let mut query = String::new();
    let (mut files, mut blocks, mut locations) = (false, false, false);
    for a in args {
        match *a {
            "-files" => (files, query) = (true, query + "&files=1"),
            "-blocks" => (blocks, query) = (true, query + "&blocks=1"),
            "-locations" => (locations, query) = (true, query + "&locations=1"),
            "-racks" => query.push_str("&racks=1"),
            p if path.is_none() && !p.starts_with('-') => path = Some(p.to_string()),
            _ => {}
        }
    }
    let typed = path.unwrap_or_else(|| "/".into());
    let resolved = namespace::resolve(&typed).unwrap_or_else(|| typed.clone());
    let region = &ctx.config.region;
    let nn = namenode_uri(c, region).replace("hdfs://", "").replace(":8020", "");
    let port = if c.release.hadoop3() { 9870 } else { 50070 };
    let now = ctx.unix_ms();
    let master_ip = c.master().map(|m| m.private_ip.clone()).unwrap_or_default();
    let mut out = format!(
        "Connecting to namenode via http://{nn}:{port}/fsck?ugi=hadoop{query}&path={}\n",
        java_url_encode(&resolved)
    );
    out.push_str(&format!(
        "FSCK started by hadoop (auth:SIMPLE) from /{master_ip} for path {resolved} at {}\n",
        java::date(now)
    ));
    if !c.hdfs.exists(&resolved) {
        out.push_str(&format!("\n\nPath '{resolved}' does not exist\n"));
        return ShellOutput { stdout: out, stderr: String::new(), exit_code: 1 };
    }
    let mut t = Totals::default();
    let mut dirs = 0u64;
    let opts = (files, blocks, locations);
    walk(c, &resolved, opts, &mut t, &mut dirs, &mut out);
    let healthy = t.missing == 0;
    let live = c.nodes.iter().filter(|n| n.is_datanode() && n.is_alive()).filter(|n| {
        crate::emr::hdfs::health::state(n, ctx.now) != crate::emr::hdfs::health::DataNodeState::Dead
    });
    out.push_str(&format!("\nStatus: {}\n", if healthy { "HEALTHY" } else { "CORRUPT" }));
    out.push_str(&format!(" Number of data-nodes:\t{}\n", live.count()));
    out.push_str(" Number of racks:\t\t1\n");
    out.push_str(&format!(" Total dirs:\t\t\t{dirs}\n"));
    out.push_str(" Total symlinks:\t\t0\n");
    out.push_str("\nReplicated Blocks:\n");
    out.push_str(&replication_result(&t, c.hdfs.replication));
    out.push_str("\n\nErasure Coded Block Groups:\n");
    out.push_str(EC_EMPTY);
    out.push_str(&format!("\nFSCK ended at {} in 1 milliseconds\n", java::date(now)));
    let status = if healthy { "is HEALTHY" } else { "is CORRUPT" };
    out.push_str(&format!("\n\nThe filesystem under path '{resolved}' {status}\n"));
    ShellOutput { stdout: out, stderr: String::new(), exit_code: i32::from(!healthy) }
}

/// NamenodeFsck.check: a directory, then each child in name order, depth first.
fn walk(
    c: &Cluster,
    path: &str,
    opts: (bool, bool, bool),
    t: &mut Totals,
    dirs: &mut u64,
    out: &mut String,
) {
    let Some(e) = c.hdfs.entry(path) else { return };
    match &e.kind {
        EntryKind::Dir => {
            *dirs += 1;
            if opts.0 {
                out.push_str(&format!("{path} <dir>\n"));
            }
            let children: Vec<String> = c.hdfs.children(path).map(|(p, _)| p.to_string()).collect();
            for child in children {
                walk(c, &child, opts, t, dirs, out);
            }
        }
        EntryKind::File { len, replication, blocks: ids } => {
            let bs: Vec<&Block> = ids.iter().filter_map(|b| c.hdfs.blocks.get(b)).collect();
            check_file(c, path, *len, *replication, &bs, opts, t, out);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn check_file(
    c: &Cluster,
    path: &str,
    len: u64,
    replication: u16,
    blocks: &[&Block],
    (files, show_blocks, locations): (bool, bool, bool),
    t: &mut Totals,
    out: &mut String,
) {
    t.files += 1;
    t.size += len;
    t.blocks += blocks.len() as u64;
    if files {
        out.push_str(&format!(
            "{path} {len} bytes, replicated: replication={replication}, {} block(s): ",
            blocks.len()
        ));
    }
    let (mut missing, mut missize, mut under_file) = (0u64, 0u64, 0u64);
    let mut report = String::new();
    for (i, b) in blocks.iter().enumerate() {
        let decom = b
            .replicas
            .iter()
            .filter(|r| c.node(&r.node).is_some_and(|n| n.decommissioning))
            .count() as u64;
        let live = b.replicas.len() as u64 - decom;
        let total = live + decom;
        t.replicas += total;
        t.decommissioning += decom;
        t.expected += replication as u64;
        let name = format!("{}:{}", c.hdfs.block_pool, b.name());
        if total < 1 {
            t.under_min += 1;
        } else {
            t.min_replicated += 1;
        }
        if live > replication as u64 {
            t.over += 1;
        }
        if total < replication as u64 && total > 0 {
            t.missing_replicas += replication as u64 - total;
            t.under += 1;
            under_file += 1;
            if !files {
                out.push_str(&format!("\n{path}: "));
            }
            out.push_str(&format!(
                " Under replicated {name}. Target Replicas is {replication} but found {live} live replica(s), 0 decommissioned replica(s), {decom} decommissioning replica(s).\n"
            ));
        }
        report.push_str(&format!("{i}. {name} len={}", b.len));
        if total == 0 {
            report.push_str(" MISSING!");
            missing += 1;
            missize += b.len;
        } else {
            report.push_str(&format!(" Live_repl={live}"));
            if locations {
                let where_: Vec<String> = b
                    .replicas
                    .iter()
                    .map(|r| {
                        let ip = c.node(&r.node).map(|n| n.private_ip.clone()).unwrap_or_default();
                        format!(
                            "DatanodeInfoWithStorage[{ip}:{},{},DISK]",
                            xfer_port(c),
                            storage_id(&r.node, r.disk)
                        )
                    })
                    .collect();
                report.push_str(&format!("  [{}]", where_.join(", ")));
            }
        }
        report.push('\n');
    }
    if missing > 0 {
        t.missing += missing;
        t.missing_size += missize;
        t.corrupt_files += 1;
        if !files {
            out.push_str(&format!("\n{path}: MISSING {missing} blocks of total size {missize} B."));
        }
    }
    if files {
        if missing > 0 {
            out.push_str(&format!(" MISSING {missing} blocks of total size {missize} B\n"));
        } else if under_file == 0 {
            out.push_str(" OK\n");
        }
        if show_blocks {
            out.push_str(&report);
            out.push('\n');
        }
    }
}

fn pct(n: u64, total: u64) -> String {
    java::float((n * 100) as f32 / total as f32)
}

/// NamenodeFsck.ReplicationResult.toString.
fn replication_result(t: &Totals, replication: u16) -> String {
    let mut r = format!(" Total size:\t{} B", t.size);
    r.push_str(&format!("\n Total files:\t{}", t.files));
    r.push_str(&format!("\n Total blocks (validated):\t{}", t.blocks));
    if let Some(avg) = t.size.checked_div(t.blocks) {
        r.push_str(&format!(" (avg. block size {avg} B)"));
    }
    if t.corrupt_files > 0 || t.under_min > 0 {
        r.push_str("\n  ********************************");
        if t.under_min > 0 {
            r.push_str(&format!("\n  UNDER MIN REPL'D BLOCKS:\t{}", t.under_min));
            if t.blocks > 0 {
                r.push_str(&format!(" ({} %)", pct(t.under_min, t.blocks)));
            }
            r.push_str("\n  dfs.namenode.replication.min:\t1");
        }
        if t.corrupt_files > 0 {
            r.push_str(&format!("\n  CORRUPT FILES:\t{}", t.corrupt_files));
            if t.missing_size > 0 {
                r.push_str(&format!(
                    "\n  MISSING BLOCKS:\t{}\n  MISSING SIZE:\t\t{} B",
                    t.missing, t.missing_size
                ));
            }
        }
        r.push_str("\n  ********************************");
    }
    for (label, n) in [
        ("\n Minimally replicated blocks:\t", t.min_replicated),
        ("\n Over-replicated blocks:\t", t.over),
        ("\n Under-replicated blocks:\t", t.under),
        ("\n Mis-replicated blocks:\t\t", 0),
    ] {
        r.push_str(&format!("{label}{n}"));
        if t.blocks > 0 {
            r.push_str(&format!(" ({} %)", pct(n, t.blocks)));
        }
    }
    let avg = if t.blocks == 0 { 0.0 } else { t.replicas as f32 / t.blocks as f32 };
    r.push_str(&format!("\n Default replication factor:\t{replication}"));
    r.push_str(&format!("\n Average block replication:\t{}", java::float(avg)));
    r.push_str(&format!("\n Missing blocks:\t\t{}", t.missing));
    r.push_str("\n Corrupt blocks:\t\t0");
    r.push_str(&format!("\n Missing replicas:\t\t{}", t.missing_replicas));
    if t.replicas > 0 {
        r.push_str(&format!(" ({} %)", pct(t.missing_replicas, t.expected)));
    }
    if t.decommissioning > 0 {
        r.push_str(&format!("\n DecommissioningReplicas:\t{}", t.decommissioning));
    }
    r
}

/// ErasureCodingResult for a cluster without erasure-coded files.
const EC_EMPTY: &str = " Total size:\t0 B\n Total files:\t0\n Total block groups (validated):\t0\n Minimally erasure-coded block groups:\t0\n Over-erasure-coded block groups:\t0\n Under-erasure-coded block groups:\t0\n Unsatisfactory placement block groups:\t0\n Average block group size:\t0.0\n Missing block groups:\t\t0\n Corrupt block groups:\t\t0\n Missing internal blocks:\t0";
