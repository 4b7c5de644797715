//! The steps (state, timing, ActionOnFailure) and, for the running or last MapReduce job, its
//! tasks: input splits as tiles under the HDFS blocks they read, map tasks coloured by
//! locality (data-local, rack-local), retries visible, the combine stage when the job has a
//! combiner, the shuffle as lines from the nodes holding map output to the reducers' nodes
//! labelled with the bytes fetched, reduce tasks, the attempts of each on a timeline per node
//! (a Gantt strip), and Hadoop's counters as the job client prints them.

use engine::emr::{FlowView, JobView, NodeView, StepView, TaskView};
use leptos::prelude::*;

use super::{duration_text, short_name, EmrState};
use crate::views::firehose::{grouped, human_bytes};

#[component]
pub fn Steps() -> impl IntoView {
    let state = expect_context::<EmrState>();
    let steps = Memo::new(move |_| {
        state.cluster.with(|c| c.as_ref().map(|c| c.steps.clone()).unwrap_or_default())
    });
    view! {
        <section class="panel emr-steps" aria-labelledby="steps-title">
            <h3 id="steps-title">"Steps"</h3>
            {move || {
                let all = steps.get();
                if all.is_empty() {
                    return view! { <p class="muted">"No step yet."</p> }.into_any();
                }
                let rows = all.into_iter().rev().map(|s| view! { <StepRow s /> }).collect_view();
                view! {
                    <table class="emr-table">
                        <thead><tr><th>"Step"</th><th>"State"</th><th>"Took"</th><th>"On failure"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn StepRow(s: StepView) -> impl IntoView {
    let took = match (s.started_unix_ms, s.ended_unix_ms) {
        (Some(a), Some(b)) => duration_text(b - a),
        (Some(_), None) => "running".into(),
        _ => String::new(),
    };
    let why = s.failure_reason.clone().or(s.failure_message.clone());
    // `arn:aws:iam::000000000000:user/bob` reads as bob; the root user as root.
    let submitter = match s.submitted_by.rsplit_once(":user/") {
        Some((_, user)) => format!("IAM user {user}"),
        None if s.submitted_by.ends_with(":root") => "the root user".to_string(),
        None => s.submitted_by.clone(),
    };
    let who = format!("submitted by {submitter} · runs as {}", s.runs_as);
    view! {
        <tr data-testid="step-row" data-state=s.state.clone()>
            <td><strong>{s.name.clone()}</strong><br /><code class="muted">{s.id.clone()}</code><br /><span class="muted" data-testid="step-submitter">{who}</span></td>
            <td class=format!("step-state {}", s.state.to_ascii_lowercase())>{s.state.clone()}{why.map(|w| view! { <br /><span class="muted">{w}</span> })}</td>
            <td>{took}</td>
            <td>{s.action_on_failure.clone()}</td>
        </tr>
        {(!s.log.is_empty()).then(|| view! {
            <tr class="step-log-row"><td colspan="4">
                <details class="step-log"><summary>"Log"</summary><pre data-testid="step-log">{s.log.join("\n")}</pre></details>
            </td></tr>
        })}
    }
}

/// The job to draw: the running one, else the newest that ran; with its data flow.
fn job_to_show(state: EmrState) -> Option<(JobView, Option<FlowView>)> {
    let (id, steps) =
        state.cluster.with(|c| c.as_ref().map(|c| (c.id.clone(), c.steps.clone())))?;
    state.sim.with_world(|w| {
        let emr = w.view().emr();
        let jobs: Vec<JobView> = steps.iter().rev().filter_map(|s| emr.job(&id, &s.id)).collect();
        let job = jobs
            .iter()
            .find(|j| j.state == "RUNNING")
            .cloned()
            .or_else(|| jobs.into_iter().next())?;
        let flow = emr.flow(&id, &job.step);
        Some((job, flow))
    })
}

#[component]
pub fn Job() -> impl IntoView {
    let state = expect_context::<EmrState>();
    let job = Memo::new(move |_| {
        state.sim.version.track();
        job_to_show(state)
    });
    view! {
        <section class="panel emr-job" aria-labelledby="job-title">
            <h3 id="job-title">"Map, shuffle, reduce"</h3>
            {move || match job.get() {
                None => view! { <p class="muted">"No MapReduce job yet: add a word count step."</p> }.into_any(),
                Some((j, flow)) => view! { <JobDetail j flow /> }.into_any(),
            }}
        </section>
    }
}

/// The last attempt's locality and node, and how many attempts the task took.
fn last_attempt(t: &TaskView) -> (String, String, usize) {
    let last = t.attempts.last();
    (
        last.and_then(|a| a.locality.clone()).unwrap_or_default(),
        last.map(|a| a.node.clone()).unwrap_or_default(),
        t.attempts.len(),
    )
}

#[component]
fn JobDetail(j: JobView, flow: Option<FlowView>) -> impl IntoView {
    let state = expect_context::<EmrState>();
    let nodes = state.cluster.with(|c| c.as_ref().map(|c| c.nodes.clone())).unwrap_or_default();
    let counter = |name: &str| j.counters.iter().find(|(n, _)| n == name).map_or(0, |(_, v)| *v);
    let data_local = j.maps.iter().filter(|t| last_attempt(t).0 == "data-local").count();
    let maps = j.maps.iter().map(|t| {
        let (locality, node, attempts) = last_attempt(t);
        let label = format!("{} on {}{}", t.id, short_name(&nodes, &node), if attempts > 1 { format!(", attempt {attempts}") } else { String::new() });
        view! {
            <span class=format!("task map {locality}") class:done=t.done class:retried={attempts > 1} data-testid="map-task"
                data-locality=locality.clone() title=label>{short_name(&nodes, &node)}</span>
        }
    }).collect_view();
    let reduces = j.reduces.iter().enumerate().map(|(i, t)| {
        let (_, node, attempts) = last_attempt(t);
        view! {
            <span class="task reduce" class:done=t.done class:retried={attempts > 1} data-testid="reduce-task"
                title=format!("{} on {} writes part-{i:05}", t.id, short_name(&nodes, &node))>{format!("part-{i:05}")}</span>
        }
    }).collect_view();
    // The combiner runs inside each map task, on its sorted output before the shuffle: Hadoop
    // counts what went in and what came out.
    let combine = flow.as_ref().filter(|f| f.combiner).map(|_| {
        let (input, output) = (counter("Combine input records"), counter("Combine output records"));
        view! {
            <h4>"→ Combine"</h4>
            <p data-testid="combine-stage" class="muted">{format!(
                "{} record(s) in, {} out: each map sums its own counts before the shuffle{}",
                grouped(input), grouped(output),
                (output * 100).checked_div(input).map_or(String::new(), |pct| format!(" ({}% fewer to move)", 100u64.saturating_sub(pct))))}</p>
        }
    });
    let groups = j.counter_groups.iter().map(|(group, counters)| {
        let rows = counters.iter().map(|(n, v)| view! { <tr><td>{n.clone()}</td><td class="num">{grouped(*v)}</td></tr> }).collect_view();
        view! { <tbody><tr><th colspan="2">{group.clone()}</th></tr>{rows}</tbody> }
    }).collect_view();
    view! {
        <p class="job-id"><code>{j.job_id.clone()}</code>" · "{j.name.clone()}" · "<strong data-testid="job-state">{j.state.clone()}</strong></p>
        <p data-testid="job-summary">{format!(
            "{} map task(s), {} data-local; {} record(s) out of the maps, {} into the reducers ({} shuffled); {} reduce task(s), one part file each.",
            j.maps.len(), data_local, grouped(counter("Map output records")), grouped(counter("Reduce input records")),
            crate::views::firehose::human_bytes(counter("Reduce shuffle bytes")), j.reduces.len())}</p>
        {flow.as_ref().map(|f| view! { <Splits flow=f.clone() j=j.clone() /> })}
        <div class="mr-flow">
            <div class="mr-stage">
                <h4>"Map"</h4><div class="tasks">{maps}</div>
                {combine}
            </div>
            <Shuffle flow=flow.clone() nodes=nodes.clone() reduces=j.reduces.len() running={j.state == "RUNNING"} />
            <div class="mr-stage"><h4>"Reduce"</h4><div class="tasks">{reduces}</div></div>
        </div>
        <p class="legend"><span class="task map data-local">"data-local"</span><span class="task map rack-local">"rack-local"</span><span class="task map retried">"retried"</span></p>
        <Gantt j=j.clone() nodes=nodes.clone() />
        <details class="counters"><summary>"Hadoop's counters"</summary><table class="emr-table">{groups}</table></details>
    }
}

/// Every attempt on a timeline, one row per node (an SVG: the page's CSP allows no inline
/// styles, and SVG geometry is attributes).
#[component]
fn Gantt(j: JobView, nodes: Vec<engine::emr::NodeView>) -> impl IntoView {
    let attempts: Vec<(String, &str, u64, u64, String)> = j
        .maps
        .iter()
        .map(|t| ("map", t))
        .chain(j.reduces.iter().map(|t| ("reduce", t)))
        .flat_map(|(kind, t)| {
            t.attempts
                .iter()
                .map(move |a| (a.node.clone(), kind, a.started_at, a.ends_at, a.state.clone()))
        })
        .collect();
    if attempts.is_empty() {
        return None;
    }
    let start = attempts.iter().map(|a| a.2).min().unwrap_or(0);
    let end = attempts.iter().map(|a| a.3).max().unwrap_or(start + 1).max(start + 1);
    let mut rows: Vec<String> = attempts.iter().map(|a| a.0.clone()).collect();
    rows.sort_by_key(|n| short_name(&nodes, n));
    rows.dedup();
    let (width, row_h, label_w) = (600.0, 18.0, 70.0);
    let x = |t: u64| label_w + (t - start) as f64 / (end - start) as f64 * (width - label_w);
    let height = rows.len() as f64 * row_h + 16.0;
    let labels = rows.iter().enumerate().map(|(i, n)| {
        view! { <text x="0" y=format!("{:.0}", i as f64 * row_h + 13.0) class="gantt-label">{short_name(&nodes, n)}</text> }
    }).collect_view();
    let bars = attempts.iter().map(|(node, kind, a, b, st)| {
        let row = rows.iter().position(|r| r == node).unwrap_or(0);
        let (x0, x1) = (x(*a), x(*b).max(x(*a) + 2.0));
        view! {
            <rect x=format!("{x0:.1}") y=format!("{:.0}", row as f64 * row_h + 3.0) width=format!("{:.1}", x1 - x0) height="12"
                class=format!("gantt-bar {kind} {}", st.to_ascii_lowercase())><title>{format!("{kind} attempt on {}: {st}", short_name(&nodes, node))}</title></rect>
        }
    }).collect_view();
    Some(view! {
        <figure class="gantt">
            <svg viewBox=format!("0 0 {width} {height}") role="img" aria-label="Task attempts per node over time">
                {labels}{bars}
                <text x=format!("{label_w}") y=format!("{:.0}", height - 2.0) class="gantt-label">{format!("0 s → {}", duration_text((end - start) as i64))}</text>
            </svg>
            <figcaption class="muted">"Each bar is a task attempt in a YARN container: maps first, reduces once the maps' output is there to fetch."</figcaption>
        </figure>
    })
}

/// The nodes' short names in display order, each once.
fn node_order(ids: impl Iterator<Item = String>, nodes: &[NodeView]) -> Vec<String> {
    let mut out: Vec<String> = ids.collect();
    out.sort_by_key(|n| short_name(nodes, n));
    out.dedup();
    out
}

/// The shuffle: a line from each node holding finished map output to each node running a
/// reducer, labelled with the bytes the reducers there fetched from it (the engine's fetch
/// records, summed per pair of nodes). A reducer on the same node reads its share from local
/// disk: that line is dashed.
#[component]
fn Shuffle(
    flow: Option<FlowView>,
    nodes: Vec<NodeView>,
    reduces: usize,
    running: bool,
) -> impl IntoView {
    let fetches = flow.map(|f| f.fetches).unwrap_or_default();
    if fetches.is_empty() {
        let why = match (reduces, running) {
            (0, _) => "no reducers: no shuffle",
            (_, true) => "shuffle: reducers fetch each map's output once it is done",
            (_, false) => "shuffle: no map output was fetched",
        };
        return view! { <div class="mr-arrow" data-testid="shuffle-waiting">{format!("→ {why} →")}</div> }
            .into_any();
    }
    let from = node_order(fetches.iter().map(|f| f.map_node.clone()), &nodes);
    let to = node_order(fetches.iter().map(|f| f.reduce_node.clone()), &nodes);
    let mut pairs: std::collections::BTreeMap<(usize, usize), u64> = Default::default();
    for f in &fetches {
        let a = from.iter().position(|n| *n == f.map_node).unwrap_or(0);
        let b = to.iter().position(|n| *n == f.reduce_node).unwrap_or(0);
        *pairs.entry((a, b)).or_default() += f.bytes;
    }
    let (width, row_h, label_w) = (300.0, 34.0, 62.0);
    // Labels a third of the way from the map side: lines converging on one reducer are still
    // apart there, so their labels do not stack.
    const LABEL_AT: f64 = 0.3;
    let rows = from.len().max(to.len()) as f64;
    let height = rows * row_h + 10.0;
    let y = |i: usize, n: usize| {
        // Centre a shorter column against the longer one.
        (rows - n as f64) * row_h / 2.0 + i as f64 * row_h + row_h / 2.0 + 4.0
    };
    let (x0, x1) = (label_w, width - label_w);
    let most = pairs.values().copied().max().unwrap_or(1).max(1);
    let lines = pairs.iter().map(|(&(a, b), &bytes)| {
        let (ya, yb) = (y(a, from.len()), y(b, to.len()));
        let local = from[a] == to[b];
        let stroke = 1.0 + 4.0 * bytes as f64 / most as f64;
        let label = human_bytes(bytes);
        let dash = if local { "4 3" } else { "none" };
        let title = format!("{} → {}: {label}{}", short_name(&nodes, &from[a]), short_name(&nodes, &to[b]),
            if local { " (same node: read from local disk)" } else { " over the network" });
        view! {
            <g data-testid="shuffle-line" data-bytes=bytes.to_string() data-from=short_name(&nodes, &from[a]) data-to=short_name(&nodes, &to[b])>
                <title>{title}</title>
                <line x1=format!("{x0:.1}") y1=format!("{ya:.1}") x2=format!("{x1:.1}") y2=format!("{yb:.1}")
                    stroke="#c792ea" stroke-width=format!("{stroke:.1}") stroke-dasharray=dash stroke-opacity="0.8" />
                <text x=format!("{:.1}", x0 + (x1 - x0) * LABEL_AT) y=format!("{:.1}", ya + (yb - ya) * LABEL_AT - 3.0) text-anchor="middle" class="gantt-label">{label}</text>
            </g>
        }
    }).collect_view();
    let names = |list: &[String], x: f64, anchor: &'static str| {
        list.iter().enumerate().map(|(i, n)| view! {
            <text x=format!("{x:.1}") y=format!("{:.1}", y(i, list.len()) + 4.0) text-anchor=anchor class="gantt-label">{short_name(&nodes, n)}</text>
        }).collect_view()
    };
    let left = names(&from, x0 - 4.0, "end");
    let right = names(&to, x1 + 4.0, "start");
    let total: u64 = pairs.values().sum();
    view! {
        <figure class="gantt mr-shuffle">
            <svg viewBox=format!("0 0 {width} {height}") role="img" aria-label="Shuffle: bytes each reducer node fetched from each map node">
                {lines}{left}{right}
            </svg>
            <figcaption class="muted" data-testid="shuffle-total">{format!("Shuffle: {} fetched by the reducers", human_bytes(total))}</figcaption>
        </figure>
    }
    .into_any()
}

/// A block (its index, offset and length; `None` for S3) and the maps whose splits start in it.
type BlockSplits = (Option<(usize, u64, u64)>, Vec<usize>);

/// The input splits, each a tile under the HDFS block its first byte is in, coloured by where
/// its map ran (data-local: on a node holding a replica of that block). S3 input has no blocks
/// on the cluster: its splits sit under the object.
#[component]
fn Splits(flow: FlowView, j: JobView) -> impl IntoView {
    let state = expect_context::<EmrState>();
    if flow.splits.is_empty() || flow.splits.iter().all(|s| s.file.is_empty()) {
        return None;
    }
    let nodes = state.cluster.with(|c| c.as_ref().map(|c| c.nodes.clone())).unwrap_or_default();
    // The NameNode's block names (`blk_...`), found by the file's path in `hdfs://host:port/path`.
    let block_name = |uri: &str, i: usize| -> Option<String> {
        let path = uri.strip_prefix("hdfs://")?.split_once('/').map(|(_, p)| format!("/{p}"))?;
        state.hdfs.with(|h| {
            h.as_ref()?.files.iter().find(|f| f.path == path)?.blocks.get(i).map(|b| b.name.clone())
        })
    };
    // Files in the order the splits first name them; each file's blocks in order.
    let mut files: Vec<(String, Vec<BlockSplits>)> = Vec::new();
    for (m, s) in flow.splits.iter().enumerate() {
        let fi = match files.iter().position(|(f, _)| *f == s.file) {
            Some(i) => i,
            None => {
                files.push((s.file.clone(), Vec::new()));
                files.len() - 1
            }
        };
        let blocks = &mut files[fi].1;
        match blocks.iter_mut().find(|(b, _)| *b == s.block) {
            Some((_, maps)) => maps.push(m),
            None => blocks.push((s.block, vec![m])),
        }
    }
    let rows = files.into_iter().enumerate().map(|(fi, (uri, blocks))| {
        let groups = blocks.into_iter().map(|(block, maps)| {
            let head = match block {
                Some((i, _, len)) => {
                    let name = block_name(&uri, i).unwrap_or_else(|| format!("block {i}"));
                    view! { <span class=format!("hdfs-block file-{}", fi % 8) data-testid="split-block" title=format!("{name}, {}", human_bytes(len))>{format!("block {i}")}</span> }.into_any()
                }
                None => view! { <span class="muted" data-testid="split-block">"S3 object: no HDFS block"</span> }.into_any(),
            };
            let tiles = maps.into_iter().map(|m| {
                let s = &flow.splits[m];
                let (locality, node, _) = j.maps.get(m).map(last_attempt).unwrap_or_default();
                let hosts: Vec<String> = s.hosts.iter().map(|h| short_name(&nodes, h)).collect();
                let title = format!("split {m}: bytes {}-{} ({}), map on {}{}", s.start, s.start + s.len, human_bytes(s.len),
                    if node.is_empty() { "no node yet".to_string() } else { short_name(&nodes, &node) },
                    if hosts.is_empty() { String::new() } else { format!("; replicas on {}", hosts.join(", ")) });
                view! { <span class=format!("task map {locality}") data-testid="split-tile" data-locality=locality.clone() title=title>{format!("split {m}")}</span> }
            }).collect_view();
            view! { <div class="split-group"><div class="tasks">{head}</div><div class="tasks">{tiles}</div></div> }
        }).collect_view();
        view! {
            <li class="file-row"><code class=format!("file-name file-{}", fi % 8)>{uri.clone()}</code>
                <div class="tasks">{groups}</div></li>
        }
    }).collect_view();
    Some(view! {
        <h4>"Input splits over their blocks"</h4>
        <ul class="file-rows" data-testid="input-splits">{rows}</ul>
    })
}
