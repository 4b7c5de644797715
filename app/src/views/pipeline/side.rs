//! Beside the graph: the on-premises box with the Task Runner of each worker group (start and
//! stop it: tasks wait in WAITING_FOR_RUNNER while it is down), the data nodes' S3 prefixes
//! filling as copies land, and the messages the SnsAlarm actions published.

use engine::s3::wire::ListedObject;
use leptos::prelude::*;

use super::actions::task_runner;
use super::PipeState;

/// `s3://bucket/prefix` up to its first expression (`#{...}` is different per period, so
/// the node's objects of every period are under what comes before it).
pub fn fixed_prefix(path: &str) -> Option<(String, String)> {
    let rest = path.strip_prefix("s3://")?;
    let fixed = rest.split("#{").next().unwrap_or(rest);
    let (bucket, prefix) = fixed.split_once('/').unwrap_or((fixed, ""));
    (!bucket.is_empty()).then(|| (bucket.to_string(), prefix.to_string()))
}

#[component]
pub fn TaskRunner() -> impl IntoView {
    let state = expect_context::<PipeState>();
    let sim = state.sim;
    let groups = move || {
        state.pipeline.with(|p| {
            let mut g: Vec<String> = p
                .as_ref()
                .map(|p| {
                    p.objects
                        .iter()
                        .filter_map(|o| o.text("workerGroup").map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            g.sort();
            g.dedup();
            g
        })
    };
    move || {
        let groups = groups();
        if groups.is_empty() {
            return None;
        }
        sim.version.track();
        let boxes = groups
            .into_iter()
            .map(|g| {
                let running = sim.with_world(|w| w.view().pipeline().task_runner(&g));
                let waiting = state.pipeline.with(|p| {
                    p.as_ref().map_or(0, |p| {
                        p.instances.iter().filter(|i| i.status == "WAITING_FOR_RUNNER").count()
                    })
                });
                let group = g.clone();
                view! {
                    <div class="runner" class:stopped=!running data-testid="task-runner" data-running=running.to_string()>
                        <div class="runner-name">{format!("workerGroup = {g}")}</div>
                        <div class="runner-state" data-testid="task-runner-state">{if running { "Task Runner: polling (PollForTask)" } else { "Task Runner: stopped" }}</div>
                        <div class="muted">{format!("{waiting} instance(s) WAITING_FOR_RUNNER")}</div>
                        <button data-testid="task-runner-toggle" on:click=move |_| task_runner(sim, &group, !running)>
                            {if running { "■ Stop Task Runner" } else { "▶ Start Task Runner" }}
                        </button>
                    </div>
                }
            })
            .collect_view();
        Some(view! {
            <section class="panel onprem" aria-labelledby="onprem-title">
                <h3 id="onprem-title">"On premises"</h3>
                <p class="muted">"Activities with a workerGroup (and no runsOn) run on your own machine, through Task Runner polling the service for work."</p>
                {boxes}
            </section>
        })
    }
}

#[component]
pub fn DataNodes() -> impl IntoView {
    let state = expect_context::<PipeState>();
    let sim = state.sim;
    move || {
        sim.version.track();
        let nodes: Vec<(String, String)> = state.pipeline.with(|p| {
            p.as_ref()
                .map(|p| {
                    p.objects
                        .iter()
                        .filter(|o| o.kind == "data")
                        .filter_map(|o| {
                            let path = o.text("directoryPath").or_else(|| o.text("filePath"))?;
                            Some((o.id.clone(), path.to_string()))
                        })
                        .collect()
                })
                .unwrap_or_default()
        });
        if nodes.is_empty() {
            return None;
        }
        let cards = nodes
            .into_iter()
            .map(|(id, path)| {
                let listed: Vec<ListedObject> = fixed_prefix(&path)
                    .map(|(b, prefix)| sim.with_world(|w| w.view().s3().objects(&b, &prefix)))
                    .unwrap_or_default();
                let bytes: u64 = listed.iter().map(|o| o.size).sum();
                let keys = listed
                    .iter()
                    .rev()
                    .take(6)
                    .map(|o| view! { <li class="mono">{format!("{} ({} B)", o.key, o.size)}</li> })
                    .collect_view();
                view! {
                    <div class="data-node" data-testid="data-node" data-id=id.clone() data-objects=listed.len().to_string()>
                        <div class="runner-name">{id.clone()}</div>
                        <div class="mono path">{path.clone()}</div>
                        <div class="fill"><strong>{format!("{} object(s)", listed.len())}</strong>{format!(", {bytes} bytes")}</div>
                        <ul class="keys">{keys}</ul>
                    </div>
                }
            })
            .collect_view();
        Some(view! {
            <section class="panel" aria-labelledby="nodes-title">
                <h3 id="nodes-title">"Data nodes in S3"</h3>
                {cards}
                <p class="muted">"Each node lists the objects under its path up to the first expression (#{...}), so the output of every period shows as it lands."</p>
            </section>
        })
    }
}

/// The tables of the sandbox's Redshift that the pipeline's RedshiftDataNodes name, with their
/// rows as the copies and SQL left them.
#[component]
pub fn RedshiftTables() -> impl IntoView {
    let state = expect_context::<PipeState>();
    let sim = state.sim;
    move || {
        sim.version.track();
        let names: Vec<String> = state.pipeline.with(|p| {
            p.as_ref()
                .map(|p| {
                    p.objects
                        .iter()
                        .filter(|o| o.type_name == "RedshiftDataNode")
                        .filter_map(|o| o.text("tableName").map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        });
        if names.is_empty() {
            return None;
        }
        let tables = sim.with_world(|w| w.view().firehose().redshift_tables());
        let cards = names
            .into_iter()
            .map(|name| {
                let table = tables.iter().find(|t| t.table == name).cloned();
                let rows = table.as_ref().map_or(0, |t| t.rows.len());
                let body = table.map(|t| {
                    let head = t.columns.iter().map(|c| view! { <th>{c.clone()}</th> }).collect_view();
                    let lines = t
                        .rows
                        .iter()
                        .take(12)
                        .map(|r| {
                            let cells = r
                                .iter()
                                .map(|c| view! { <td>{c.clone().unwrap_or_else(|| "NULL".into())}</td> })
                                .collect_view();
                            view! { <tr data-testid="redshift-row">{cells}</tr> }
                        })
                        .collect_view();
                    view! {
                        <div class="mono path">{t.cluster_jdbc_url.clone()}</div>
                        <table class="mono"><thead><tr>{head}</tr></thead><tbody>{lines}</tbody></table>
                    }
                    .into_any()
                });
                let body = body.unwrap_or_else(|| {
                    view! { <div class="mono path">"(not created yet)"</div> }.into_any()
                });
                view! {
                    <div class="data-node" data-testid="redshift-table" data-table=name.clone() data-rows=rows.to_string()>
                        <div class="runner-name">{name.clone()}</div>
                        <div class="fill"><strong>{format!("{rows} row(s)")}</strong></div>
                        {body}
                    </div>
                }
            })
            .collect_view();
        Some(view! {
            <section class="panel" aria-labelledby="redshift-title">
                <h3 id="redshift-title">"Redshift tables"</h3>
                {cards}
                <p class="muted">"The sandbox's Redshift, shared with Firehose's Redshift destination. Matching rows by key (KEEP_EXISTING, OVERWRITE_EXISTING) uses the data node's primaryKeys, else the PRIMARY KEY of its createTableSql."</p>
            </section>
        })
    }
}

/// The keys the S3KeyExists preconditions wait for, each with a button that puts it.
#[component]
pub fn Preconditions() -> impl IntoView {
    let state = expect_context::<PipeState>();
    let sim = state.sim;
    move || {
        sim.version.track();
        let keys: Vec<(String, String)> = state.pipeline.with(|p| {
            p.as_ref()
                .map(|p| {
                    p.objects
                        .iter()
                        .filter(|o| o.type_name == "S3KeyExists")
                        .filter_map(|o| Some((o.id.clone(), o.text("s3Key")?.to_string())))
                        .collect()
                })
                .unwrap_or_default()
        });
        if keys.is_empty() {
            return None;
        }
        let rows = keys
            .into_iter()
            .map(|(id, key)| {
                let exists = fixed_prefix(&key).is_some_and(|(b, k)| {
                    sim.with_world(|w| w.view().s3().objects(&b, &k).iter().any(|o| o.key == k))
                });
                let put_line: Option<String> = super::presets::put_key_line(&key);
                view! {
                    <div class="data-node" data-testid="precondition-key" data-exists=exists.to_string()>
                        <div class="runner-name">{format!("{id} (S3KeyExists)")}</div>
                        <div class="mono path">{key.clone()}</div>
                        <div>{if exists { "the key exists" } else { "the key does not exist yet" }}</div>
                        {put_line.map(|cmd: String| view! {
                            <button data-testid="put-key" disabled=exists on:click=move |_| {
                                state.error.set(super::actions::cli(sim, &cmd).err());
                            }>"⬆ Put this key"</button>
                        })}
                    </div>
                }
            })
            .collect_view();
        Some(view! {
            <section class="panel" aria-labelledby="pre-title">
                <h3 id="pre-title">"Preconditions"</h3>
                {rows}
            </section>
        })
    }
}

#[component]
pub fn Alarms() -> impl IntoView {
    let state = expect_context::<PipeState>();
    move || {
        state.pipeline.with(|p| {
            let p = p.as_ref()?;
            if p.notifications.is_empty() {
                return None;
            }
            let items = p
                .notifications
                .iter()
                .map(|n| {
                    view! {
                        <li data-testid="sns-message">
                            <div class="mono">{format!("{} · {}", n.at, n.topic_arn)}</div>
                            <div><strong>{n.subject.clone()}</strong></div>
                            <div>{n.message.clone()}</div>
                        </li>
                    }
                })
                .collect_view();
            Some(view! {
                <section class="panel alarms" aria-labelledby="alarms-title">
                    <h3 id="alarms-title">"SNS topic (SnsAlarm messages)"</h3>
                    <ul>{items}</ul>
                </section>
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_node_path_is_listed_up_to_its_first_expression() {
        assert_eq!(
            fixed_prefix("s3://lab/out/#{format(@scheduledStartTime,'YYYY-MM-dd')}/"),
            Some(("lab".into(), "out/".into()))
        );
        assert_eq!(fixed_prefix("s3://raw/in/"), Some(("raw".into(), "in/".into())));
        assert_eq!(fixed_prefix("/home/data"), None);
    }
}
