//! `hdfs dfsadmin -report [-live] [-dead] [-decommissioning]`: DFSAdmin's cluster totals
//! (Hadoop 3: "Replicated Blocks" and "Erasure Coded Block Groups" counts), then each
//! DataNode's report (`DatanodeInfo.getDatanodeReport`) grouped live, dead, decommissioning.

use super::fsck::xfer_port;
use super::{java, ShellOutput};
use crate::emr::hdfs::health::{self, DataNodeState};
use crate::emr::hdfs::{placement, EntryKind, HEARTBEAT_MS};
use crate::emr::model::{Cluster, Node};
use crate::sim::{Ctx, Services};

/// Block reports come every 6 hours (dfs.blockreport.intervalMsec).
const BLOCK_REPORT_MS: i64 = 21_600_000;

struct Dn<'a> {
    node: &'a Node,
    capacity: u64,
    used: u64,
    blocks: u64,
    state: DataNodeState,
}

fn datanodes<'a>(c: &'a Cluster, now: u64) -> Vec<Dn<'a>> {
    let usage = placement::usage(c);
    c.nodes
        .iter()
        .filter(|n| n.is_datanode() && n.times.ready_ms.is_some())
        .filter(|n| n.is_alive() || n.silent_since.is_some())
        .map(|n| {
            let capacity = (0..n.disks.len()).map(|d| placement::disk_capacity(n, d)).sum();
            let used = usage.iter().filter(|((id, _), _)| *id == n.id).map(|(_, b)| b).sum();
            let blocks = c
                .hdfs
                .blocks
                .values()
                .filter(|b| b.replicas.iter().any(|r| r.node == n.id))
                .count() as u64;
            Dn { node: n, capacity, used, blocks, state: health::state(n, now) }
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
    let region = ctx.config.region.clone();
    let (now, now_ms) = (ctx.now, ctx.unix_ms());
    let dns = datanodes(c, now);
    let counted = |d: &&Dn| d.state != DataNodeState::Dead;
    let capacity: u64 = dns.iter().filter(counted).map(|d| d.capacity).sum();
    let used: u64 = dns.iter().filter(counted).map(|d| d.used).sum();
    let remaining = capacity - used;
    let mut out = String::new();
    out.push_str(&format!("Configured Capacity: {capacity} ({})\n", java::byte_desc(capacity)));
    out.push_str(&format!("Present Capacity: {capacity} ({})\n", java::byte_desc(capacity)));
    out.push_str(&format!("DFS Remaining: {remaining} ({})\n", java::byte_desc(remaining)));
    out.push_str(&format!("DFS Used: {used} ({})\n", java::byte_desc(used)));
    let pct = if capacity == 0 { 0.0 } else { used as f64 / capacity as f64 * 100.0 };
    out.push_str(&format!("DFS Used%: {}\n", java::percent(pct)));
    let (under, missing, missing_one) = block_counts(c);
    out.push_str("Replicated Blocks:\n");
    out.push_str(&format!("\tUnder replicated blocks: {under}\n"));
    out.push_str("\tBlocks with corrupt replicas: 0\n");
    out.push_str(&format!("\tMissing blocks: {missing}\n"));
    out.push_str(&format!("\tMissing blocks (with replication factor 1): {missing_one}\n"));
    out.push_str("\tPending deletion blocks: 0\n");
    out.push_str("Erasure Coded Block Groups: \n");
    out.push_str("\tLow redundancy block groups: 0\n\tBlock groups with corrupt internal blocks: 0\n\tMissing block groups: 0\n\tPending deletion blocks: 0\n");
    out.push_str("\n-------------------------------------------------\n");
    let (live_f, dead_f, decom_f) =
        (args.contains(&"-live"), args.contains(&"-dead"), args.contains(&"-decommissioning"));
    let all = !live_f && !dead_f && !decom_f;
    let live = |d: &Dn| d.state != DataNodeState::Dead;
    let dead = |d: &Dn| d.state == DataNodeState::Dead;
    let decommissioning = |d: &Dn| d.state == DataNodeState::Decommissioning;
    type Keep<'k> = &'k dyn Fn(&Dn) -> bool;
    let sections: [(&str, bool, Keep); 3] = [
        ("Live", live_f, &live),
        ("Dead", dead_f, &dead),
        ("Decommissioning", decom_f, &decommissioning),
    ];
    for (title, asked, keep) in sections {
        if !(all || asked) {
            continue;
        }
        let list: Vec<&Dn> = dns.iter().filter(|d| keep(d)).collect();
        if !list.is_empty() || asked {
            out.push_str(&format!("{title} datanodes ({}):\n\n", list.len()));
        }
        for d in list {
            out.push_str(&datanode_report(c, d, &region, (now_ms, ctx.config.epoch_ms)));
            out.push('\n');
        }
    }
    ShellOutput::ok(out)
}

/// (under-replicated, missing, missing with replication 1) as the NameNode counts them.
fn block_counts(c: &Cluster) -> (u64, u64, u64) {
    let (mut under, mut missing, mut missing_one) = (0, 0, 0);
    for b in c.hdfs.blocks.values() {
        let Some(EntryKind::File { replication, .. }) = c.hdfs.entry(&b.path).map(|e| &e.kind)
        else {
            continue;
        };
        let have = b.replicas.len() as u64;
        if have == 0 {
            missing += 1;
            if *replication == 1 {
                missing_one += 1;
            }
        } else if have < *replication as u64 {
            under += 1;
        }
    }
    (under, missing, missing_one)
}

fn datanode_report(c: &Cluster, d: &Dn, region: &str, (now_ms, epoch_ms): (i64, i64)) -> String {
    let n = d.node;
    let host = n.private_dns(region);
    let dead = d.state == DataNodeState::Dead;
    let (capacity, used) = if dead { (0, 0) } else { (d.capacity, d.used) };
    let remaining = capacity - used;
    let (used_pct, remaining_pct) = if capacity == 0 {
        (0.0, 0.0)
    } else {
        (used as f64 * 100.0 / capacity as f64, remaining as f64 * 100.0 / capacity as f64)
    };
    let last_contact = match n.silent_since {
        Some(t) => epoch_ms + t as i64,
        None => now_ms - now_ms.rem_euclid(HEARTBEAT_MS as i64),
    };
    let ready = n.times.ready_ms.unwrap_or(now_ms);
    let report_at = ready + (now_ms - ready).max(0) / BLOCK_REPORT_MS * BLOCK_REPORT_MS;
    let status = match d.state {
        DataNodeState::Decommissioning => "Decommission in progress",
        _ => "Normal",
    };
    let mut r = String::new();
    r.push_str(&format!("Name: {}:{} ({host})\n", n.private_ip, xfer_port(c)));
    r.push_str(&format!("Hostname: {host}\n"));
    r.push_str(&format!("Decommission Status : {status}\n"));
    r.push_str(&format!("Configured Capacity: {capacity} ({})\n", java::byte_desc(capacity)));
    r.push_str(&format!("DFS Used: {used} ({})\n", java::byte_desc(used)));
    r.push_str("Non DFS Used: 0 (0 B)\n");
    r.push_str(&format!("DFS Remaining: {remaining} ({})\n", java::byte_desc(remaining)));
    r.push_str(&format!("DFS Used%: {}\n", java::percent(used_pct)));
    r.push_str(&format!("DFS Remaining%: {}\n", java::percent(remaining_pct)));
    r.push_str(
        "Configured Cache Capacity: 0 (0 B)\nCache Used: 0 (0 B)\nCache Remaining: 0 (0 B)\n",
    );
    r.push_str("Cache Used%: 100.00%\nCache Remaining%: 0.00%\n");
    r.push_str(&format!("Xceivers: {}\n", u8::from(!dead)));
    r.push_str(&format!("Last contact: {}\n", java::date(last_contact)));
    r.push_str(&format!("Last Block Report: {}\n", java::date(report_at)));
    r.push_str(&format!("Num of Blocks: {}\n", if dead { 0 } else { d.blocks }));
    r
}
