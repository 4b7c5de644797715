//! The nodes, grouped by role: each with its instance, its DataNode as the NameNode sees it
//! (and how long it has been silent), its disks filling with HDFS blocks, the replicas it
//! holds coloured by file, its YARN containers; and the faults a learner can cause on it.

use std::collections::BTreeMap;

use engine::emr::{EmrCommand, HdfsView, NodeView};
use engine::Command;
use leptos::prelude::*;

use super::{duration_text, short_name, EmrState};
use crate::views::firehose::human_bytes;

/// At most this many replica squares per node; the rest is a count.
const SQUARES: usize = 96;

/// One replica on a node: which file (its colour), which block, whether it is the one picked.
#[derive(Clone, Debug, PartialEq)]
struct Square {
    file: usize,
    block: String,
}

/// The replicas each node holds, in file and block order.
fn squares_by_node(hdfs: &HdfsView) -> BTreeMap<String, Vec<Square>> {
    let mut by_node: BTreeMap<String, Vec<Square>> = BTreeMap::new();
    for (file, f) in hdfs.files.iter().enumerate() {
        for b in &f.blocks {
            for r in &b.replicas {
                by_node
                    .entry(r.node.clone())
                    .or_default()
                    .push(Square { file, block: b.name.clone() });
            }
        }
    }
    by_node
}

/// What the cards draw, without what changes every frame (the bill): the cards are built
/// again only when a node, a container or a replica changes, or a silent node's clock passes
/// another second.
#[derive(Clone, Debug, PartialEq)]
struct Shown {
    cluster: String,
    ended: bool,
    nodes: Vec<NodeView>,
    squares: BTreeMap<String, Vec<Square>>,
}

#[component]
pub fn Nodes() -> impl IntoView {
    let state = expect_context::<EmrState>();
    let shown = Memo::new(move |_| {
        let squares = state.hdfs.with(|h| h.as_ref().map(squares_by_node).unwrap_or_default());
        state.cluster.with(|c| {
            c.as_ref().map(|c| Shown {
                cluster: c.id.clone(),
                ended: c.ended_unix_ms.is_some(),
                nodes: c
                    .nodes
                    .iter()
                    .map(|n| NodeView {
                        silent_ms: n.silent_ms.map(|ms| ms / 1000 * 1000),
                        ..n.clone()
                    })
                    .collect(),
                squares,
            })
        })
    });
    let groups = move || {
        let Some(s) = shown.get() else { return Vec::new() };
        ["MASTER", "CORE", "TASK"]
            .into_iter()
            .filter_map(|role| {
                let nodes: Vec<NodeView> =
                    s.nodes.iter().filter(|n| n.role == role).cloned().collect();
                (!nodes.is_empty()).then(|| (role, nodes, s.clone()))
            })
            .collect::<Vec<_>>()
    };
    view! {
        <section class="panel emr-nodes" aria-labelledby="nodes-title">
            <h3 id="nodes-title">"Nodes"</h3>
            {move || {
                let g = groups();
                if g.is_empty() {
                    return view! { <p class="muted">"Create a cluster to see its nodes."</p> }.into_any();
                }
                g.into_iter().map(|(role, nodes, s)| {
                    let title = match role {
                        "MASTER" => "Primary node: the NameNode and YARN's ResourceManager",
                        "CORE" => "Core nodes: DataNodes (HDFS) and NodeManagers (YARN)",
                        _ => "Task nodes: NodeManagers only, no HDFS",
                    };
                    let cards = nodes.into_iter().map(|n| {
                        let sq = s.squares.get(&n.id).cloned().unwrap_or_default();
                        view! { <NodeCard n all=s.nodes.clone() cluster=s.cluster.clone() ended=s.ended squares=sq /> }
                    }).collect_view();
                    view! {
                        <div class="node-group" data-role=role>
                            <h4>{title}</h4>
                            <div class="node-cards">{cards}</div>
                        </div>
                    }
                }).collect_view().into_any()
            }}
        </section>
    }
}

#[component]
fn NodeCard(
    n: NodeView,
    all: Vec<NodeView>,
    cluster: String,
    ended: bool,
    squares: Vec<Square>,
) -> impl IntoView {
    let state = expect_context::<EmrState>();
    let name = short_name(&all, &n.id);
    let alive = n.state == "RUNNING" || n.state == "BOOTSTRAPPING" || n.state == "PROVISIONING";
    let dn = n.datanode.clone();
    let dn_attr = dn.clone().unwrap_or_default();
    let silent = n.silent_ms.map(|ms| {
        format!("silent for {} (stale at 0m 30s, dead at 10m 30s)", duration_text(ms as i64))
    });
    let has_datanode = n.datanode.is_some();
    let disks = n.disks.iter().map(|d| {
        let size = u64::from(d.size_gib) << 30;
        let permille = d.used_bytes.saturating_mul(1000).checked_div(size).unwrap_or(0).min(1000);
        let hdfs = if has_datanode { format!(": {} of HDFS", human_bytes(d.used_bytes)) } else { String::new() };
        let label = format!("{} {} GiB {}{hdfs}{}", d.device, d.size_gib,
            if d.instance_store { "instance store" } else { "EBS" },
            if d.failed { " · FAILED" } else { "" });
        view! {
            <li class="disk" class:failed=d.failed>
                <meter min="0" max="1000" value=permille.to_string() title=label.clone()></meter>
                <span>{label}</span>
            </li>
        }
    }).collect_view();
    let more = squares.len().saturating_sub(SQUARES);
    let replicas = squares.into_iter().take(SQUARES).map(|s| {
        let block = s.block.clone();
        let picked = {
            let block = block.clone();
            move || state.block.with(|b| b.as_deref() == Some(block.as_str()))
        };
        view! {
            <button class=format!("replica file-{}", s.file % 8) class:picked=picked data-testid="block-replica"
                title=block.clone() aria-label=format!("replica of {block}")
                on:click=move |_| state.block.set(Some(block.clone()))></button>
        }
    }).collect_view();
    let containers = n.containers.iter().map(|k| {
        let class = format!("container {}", k.kind.to_ascii_lowercase());
        view! { <span class=class title=format!("{} ({} MiB) for step {}", k.id, k.mib, k.step)>{k.kind.clone()}</span> }
    }).collect_view();
    let fault = move |command: EmrCommand, line: String| {
        let r = state.sim.act_checked(Command::Emr(command), &line);
        state.error.set(r.err().map(|e| e.message));
    };
    let node_id = n.id.clone();
    let actions = (alive && !ended).then(|| {
        let (c1, c2, c3) = (cluster.clone(), cluster.clone(), cluster.clone());
        let (n1, n2, n3) = (node_id.clone(), node_id.clone(), node_id.clone());
        let (l1, l2, l3) = (
            format!("lose {name}: its EC2 instance is terminated"),
            format!("stop {name}'s DataNode heartbeat"),
            format!("lose disk 1 of {name}"),
        );
        let has_hdfs = n.datanode.is_some();
        view! {
            <div class="node-faults">
                <button class="danger" data-testid="lose-node" on:click=move |_| fault(EmrCommand::LoseNode { cluster: c1.clone(), node: n1.clone() }, l1.clone())>"Lose node"</button>
                {has_hdfs.then(|| view! {
                    <button data-testid="stop-heartbeat" on:click=move |_| fault(EmrCommand::StopHeartbeat { cluster: c2.clone(), node: n2.clone() }, l2.clone())>"Stop heartbeat"</button>
                    <button data-testid="lose-disk" on:click=move |_| fault(EmrCommand::LoseDisk { cluster: c3.clone(), node: n3.clone(), disk: 0 }, l3.clone())>"Lose a disk"</button>
                })}
            </div>
        }
    });
    view! {
        <article class="emr-node" data-testid="emr-node" data-role=n.role.clone() data-state=n.state.clone()
            data-datanode=dn_attr class:down={!alive}>
            <header>
                <strong>{name.clone()}</strong>
                <span class="muted">{format!(" {} · {} · {}", n.instance_type, n.ec2_id, n.state)}</span>
            </header>
            {dn.map(|s| view! { <p class=format!("datanode {s}") data-testid="datanode-state">{format!("DataNode: {s}")}{silent.map(|t| format!(" · {t}"))}</p> })}
            <ul class="disks">{disks}</ul>
            {(n.role != "MASTER" && n.role != "TASK").then(|| view! {
                <div class="replicas" aria-label=format!("{} block replicas on {name}", n.replicas)>
                    {replicas}
                    {(more > 0).then(|| view! { <span class="muted">{format!("+{more}")}</span> })}
                </div>
            })}
            {(n.yarn_total_mib > 0).then(|| view! {
                <p class="yarn">{format!("YARN {} of {} MiB free ", n.yarn_free_mib, n.yarn_total_mib)}{containers}</p>
            })}
            {actions}
        </article>
    }
}
