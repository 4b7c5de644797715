//! HDFS as the NameNode sees it: its DataNodes (live, stale, dead), its blocks (under-replicated,
//! missing, being copied) and an fsck-style verdict; then every file as a row of blocks, each
//! block coloured by how many replicas it still has, and the picked block's details.

use engine::emr::{BlockView, HdfsView};
use leptos::prelude::*;

use super::{short_name, EmrState};
use crate::views::firehose::{grouped, human_bytes};

/// Files shown, and blocks shown per file (the rest is counted).
const FILES: usize = 24;
const BLOCKS: usize = 48;

#[component]
pub fn NameNode() -> impl IntoView {
    let state = expect_context::<EmrState>();
    let counts = Memo::new(move |_| {
        state.cluster.with(|c| {
            let mut n = [0u32; 4];
            for node in c.iter().flat_map(|c| &c.nodes) {
                match node.datanode.as_deref() {
                    Some("live") => n[0] += 1,
                    Some("stale") => n[1] += 1,
                    Some("dead") => n[2] += 1,
                    Some(_) => n[3] += 1,
                    None => {}
                }
            }
            n
        })
    });
    let summary = Memo::new(move |_| {
        state.hdfs.with(|h| {
            h.as_ref().map(|h| {
                let blocks: usize = h.files.iter().map(|f| f.blocks.len()).sum();
                (
                    h.running,
                    blocks,
                    h.under_replicated_blocks,
                    h.missing_blocks,
                    h.copies_in_flight,
                    h.replication,
                    h.file_bytes,
                    h.files.len(),
                )
            })
        })
    });
    view! {
        <section class="panel emr-namenode" aria-labelledby="namenode-title">
            <h3 id="namenode-title">"The NameNode"</h3>
            {move || match summary.get() {
                None => view! { <p class="muted">"No HDFS yet."</p> }.into_any(),
                Some((false, ..)) => view! { <p data-testid="hdfs-down">"HDFS is not running: the cluster's nodes, and every block on them, are gone or not up yet."</p> }.into_any(),
                Some((true, blocks, under, missing, copying, replication, bytes, files)) => {
                    let [live, stale, dead, decommissioning] = counts.get();
                    let healthy = missing == 0;
                    view! {
                        <dl class="namenode-counts">
                            <div><dt>"Live DataNodes"</dt><dd data-testid="live-datanodes">{live}</dd></div>
                            <div class:warn={stale > 0}><dt>"Stale"</dt><dd data-testid="stale-datanodes">{stale}</dd></div>
                            <div class:bad={dead > 0}><dt>"Dead"</dt><dd data-testid="dead-datanodes">{dead}</dd></div>
                            {(decommissioning > 0).then(|| view! { <div><dt>"Decommissioning"</dt><dd>{decommissioning}</dd></div> })}
                            <div><dt>"Blocks"</dt><dd data-testid="hdfs-blocks">{grouped(blocks as u64)}</dd></div>
                            <div class:warn={under > 0}><dt>"Under-replicated"</dt><dd data-testid="under-replicated">{grouped(under)}</dd></div>
                            <div class:bad={missing > 0}><dt>"Missing"</dt><dd data-testid="missing-blocks">{grouped(missing)}</dd></div>
                            {(copying > 0).then(|| view! { <div><dt>"Copies in flight"</dt><dd data-testid="copies-in-flight">{copying}</dd></div> })}
                        </dl>
                        <p class="fsck" class:bad={!healthy} data-testid="fsck-status">
                            {format!("fsck /: {} files, {}, {} blocks, default replication {} · ", files, human_bytes(bytes), blocks, replication)}
                            <strong>{if healthy { "The filesystem under path '/' is HEALTHY" } else { "The filesystem under path '/' is CORRUPT" }}</strong>
                        </p>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// How many replicas a block should have: its file's replication, capped by the live
/// DataNodes (the NameNode never puts two replicas on one node).
fn wanted(replication: u16, datanodes: usize) -> usize {
    (replication as usize).min(datanodes.max(1))
}

#[component]
pub fn Files() -> impl IntoView {
    let state = expect_context::<EmrState>();
    let datanodes = Memo::new(move |_| {
        state.cluster.with(|c| {
            c.iter()
                .flat_map(|c| &c.nodes)
                .filter(|n| n.datanode.as_deref() == Some("live"))
                .count()
        })
    });
    let files = move || {
        state.hdfs.with(|h| {
            h.as_ref().filter(|h| h.running).map(|h: &HdfsView| h.files.clone()).unwrap_or_default()
        })
    };
    view! {
        <section class="panel emr-files" aria-labelledby="files-title">
            <h3 id="files-title">"Files in HDFS"</h3>
            <p class="muted">"Each square is a block; its colour says how many replicas it has: full, under-replicated, or missing (none left). Pick one to see where its replicas are."</p>
            {move || {
                let all = files();
                if all.is_empty() {
                    return view! { <p class="muted">"No file in HDFS."</p> }.into_any();
                }
                let more = all.len().saturating_sub(FILES);
                let live = datanodes.get();
                let rows = all.into_iter().take(FILES).enumerate().map(|(i, f)| {
                    let extra = f.blocks.len().saturating_sub(BLOCKS);
                    let blocks = f.blocks.iter().take(BLOCKS).map(|b| view! { <BlockSquare b=b.clone() file=i want=wanted(f.replication, live) /> }).collect_view();
                    view! {
                        <li class="file-row">
                            <code class=format!("file-name file-{}", i % 8)>{f.path.clone()}</code>
                            <span class="muted">{format!(" {} · replication {} · {} block(s) ", human_bytes(f.len), f.replication, f.blocks.len())}</span>
                            <span class="blocks">{blocks}{(extra > 0).then(|| view! { <span class="muted">{format!("+{extra}")}</span> })}</span>
                        </li>
                    }
                }).collect_view();
                view! {
                    <ul class="file-rows">{rows}</ul>
                    {(more > 0).then(|| view! { <p class="muted">{format!("and {more} more file(s)")}</p> })}
                }.into_any()
            }}
            <BlockDetail />
        </section>
    }
}

#[component]
fn BlockSquare(b: BlockView, file: usize, want: usize) -> impl IntoView {
    let state = expect_context::<EmrState>();
    let have = b.replicas.len();
    let health = if have == 0 {
        "missing"
    } else if have < want {
        "under"
    } else {
        "full"
    };
    let name = b.name.clone();
    let picked = {
        let name = name.clone();
        move || state.block.with(|x| x.as_deref() == Some(name.as_str()))
    };
    view! {
        <button class=format!("hdfs-block file-{} {health}", file % 8) class:picked=picked data-testid="hdfs-block"
            data-replicas=have.to_string() data-health=health title=format!("{name}: {have} replica(s)")
            aria-label=format!("block {name}, {have} replica(s)")
            on:click=move |_| state.block.set(Some(name.clone()))>{have}</button>
    }
}

/// `blk_1073741825_1001` -> (1073741825, 1001): the block id and its generation stamp.
pub fn block_parts(name: &str) -> Option<(u64, u64)> {
    let mut parts = name.strip_prefix("blk_")?.split('_');
    let id = parts.next()?.parse().ok()?;
    let generation = parts.next()?.parse().ok()?;
    Some((id, generation))
}

#[component]
fn BlockDetail() -> impl IntoView {
    let state = expect_context::<EmrState>();
    move || {
        let picked = state.block.get()?;
        let (path, block) = state.hdfs.with(|h| {
            h.as_ref()?.files.iter().find_map(|f| {
                f.blocks.iter().find(|b| b.name == picked).map(|b| (f.path.clone(), b.clone()))
            })
        })?;
        let nodes = state.cluster.with(|c| c.as_ref().map(|c| c.nodes.clone())).unwrap_or_default();
        let (id, generation) = block_parts(&block.name).unwrap_or((0, 0));
        let replicas = block.replicas.iter().map(|r| {
            view! { <li>{format!("{} (disk {}, storage {})", short_name(&nodes, &r.node), r.disk + 1, r.storage_id)}</li> }
        }).collect_view();
        Some(view! {
            <div class="block-detail" data-testid="block-detail">
                <p><strong><code>{block.name.clone()}</code></strong>{format!(" of {path}: block id {id}, generation stamp {generation}, {}", human_bytes(block.len))}</p>
                {if block.replicas.is_empty() {
                    view! { <p class="bad">"No replica left: the block is missing, and the file cannot be read whole."</p> }.into_any()
                } else {
                    view! { <ul>{replicas}</ul> }.into_any()
                }}
            </div>
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_name_holds_its_id_and_generation() {
        assert_eq!(block_parts("blk_1073741825_1001"), Some((1_073_741_825, 1001)));
        assert_eq!(block_parts("nonsense"), None);
        assert_eq!(wanted(3, 2), 2);
        assert_eq!(wanted(1, 5), 1);
    }
}
