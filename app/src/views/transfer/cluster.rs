//! A cluster of Snowball Edge devices for local storage and compute, drawn as the devices of
//! one cluster: CreateCluster (LOCAL_USE, five nodes), its node jobs in ListClusterJobs' order,
//! each device's state, where it is and its shipment's tracking numbers. A node is a job of
//! its own; a click picks it for the shipment panel.

use engine::api::Call;
use engine::snowball::wire::{CreateClusterInput, ListClusterJobsInput};
use engine::snowball::{ClusterView, JobState, JobView};
use leptos::prelude::*;

use super::actions::address;
use super::job::place;
use super::TransferState;
use crate::driver::Sim;

/// CreateCluster for five Snowball Edge nodes (LOCAL_USE, the only type a cluster takes);
/// the new cluster's id.
pub fn order_cluster(sim: Sim) -> Result<String, String> {
    let address_id = address(sim).ok_or("no address")?;
    let input = CreateClusterInput {
        job_type: Some("LOCAL_USE".into()),
        snowball_type: Some("EDGE".into()),
        shipping_option: Some("SECOND_DAY".into()),
        address_id: Some(address_id),
        initial_cluster_size: Some(5),
        description: Some("Edge cluster for local storage and compute".into()),
        role_arn: Some("arn:aws:iam::000000000000:role/snowball-local-role".into()),
        ..Default::default()
    };
    let out = sim.call(Call::new(&input)).map_err(|e| format!("{}: {}", e.code, e.message))?;
    let v: serde_json::Value = serde_json::from_str(&out).map_err(|e| e.to_string())?;
    Ok(v["ClusterId"].as_str().unwrap_or_default().to_string())
}

#[component]
pub fn ClusterPanel() -> impl IntoView {
    let state = expect_context::<TransferState>();
    let sim = state.sim;
    let clusters = Memo::new(move |_| {
        sim.version.track();
        sim.with_world(|w| w.view().snowball().clusters())
    });
    let listed = RwSignal::new(None::<String>);
    let order = move |_| match order_cluster(sim) {
        Ok(_) => {
            listed.set(None);
            state.error.set(None);
        }
        Err(e) => state.error.set(Some(e)),
    };
    view! {
        <section class="panel transfer-cluster" aria-labelledby="cluster-title" data-testid="cluster-panel">
            <h3 id="cluster-title">"A cluster of Snowball Edge devices"</h3>
            <button data-testid="cluster-order" on:click=order>"Order a 5-node Edge cluster"</button>
            {move || {
                // A node moves on without its cluster changing state: redraw on either.
                state.jobs.track();
                clusters.get().last().cloned().map(|c| view! { <ClusterDevices c listed /> })
            }}
            <p class="muted">"CreateCluster makes the cluster; each node is a job of its own (InitialClusterSize made all five at once, CreateJob with the ClusterId adds one). The API's rule: \"Each cluster supports five nodes ... The cluster does not ship until these five node jobs have been created\" (today's guide allows 3 to 16 devices). A cluster is LOCAL_USE only: its data reaches S3 only through separate import jobs."</p>
        </section>
    }
}

#[component]
fn ClusterDevices(c: ClusterView, listed: RwSignal<Option<String>>) -> impl IntoView {
    let state = expect_context::<TransferState>();
    let sim = state.sim;
    let nodes: Vec<JobView> = state.jobs.with_untracked(|all| {
        c.jobs.iter().filter_map(|id| all.iter().find(|j| &j.id == id).cloned()).collect()
    });
    let head = format!(
        "Cluster {} ({}, LOCAL_USE): {} · {} of 5 nodes",
        c.id,
        c.snowball_type,
        c.state,
        nodes.len()
    );
    let devices = nodes
        .into_iter()
        .enumerate()
        .map(|(i, j)| {
            let (class, where_) = place(j.state);
            let went = |s: JobState| j.history.iter().any(|(h, _)| *h == s);
            let mut shipment = Vec::new();
            if went(JobState::InTransitToCustomer) {
                shipment.push(format!("out {}", j.outbound_tracking));
            }
            if went(JobState::InTransitToAWS) {
                shipment.push(format!("back {}", j.inbound_tracking));
            }
            let shipment =
                if shipment.is_empty() { "not shipped yet".into() } else { shipment.join(", ") };
            let id = j.id.clone();
            let selected = {
                let id = id.clone();
                move || state.job.with(|c| c.as_ref().is_some_and(|c| c.id == id))
            };
            view! {
                <li data-testid="cluster-node" data-state=j.state.as_str() class=format!("node {class}") class:selected=selected>
                    <button class="link" on:click=move |_| state.chosen.set(Some(id.clone()))>
                        <span class="glyph" aria-hidden="true">"▣"</span>
                        <strong>{format!("Node {}", i + 1)}</strong>
                        <span>{j.state.console(j.job_type)}</span>
                        <code>{j.state.as_str()}</code>
                        <span class="muted">{where_}</span>
                        <span class="muted">{format!("device {}", j.device.snowball_id)}</span>
                        <span class="muted">{shipment}</span>
                    </button>
                </li>
            }
        })
        .collect_view();
    let cluster_id = c.id.clone();
    let list = move |_| {
        let input =
            ListClusterJobsInput { cluster_id: Some(cluster_id.clone()), ..Default::default() };
        let text = match sim.call(Call::new(&input)) {
            Ok(out) => {
                let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
                let entries = v["JobListEntries"].as_array().cloned().unwrap_or_default();
                let states: Vec<&str> =
                    entries.iter().filter_map(|e| e["JobState"].as_str()).collect();
                format!("ListClusterJobs: {} job(s): {}", entries.len(), states.join(", "))
            }
            Err(e) => format!("{}: {}", e.code, e.message),
        };
        listed.set(Some(text));
    };
    view! {
        <p data-testid="cluster-state" data-state=c.state>{head}</p>
        <ol class="cluster-devices">{devices}</ol>
        <button data-testid="cluster-list-jobs" on:click=list>"aws snowball list-cluster-jobs"</button>
        {move || listed.get().map(|t| view! { <p data-testid="cluster-listed">{t}</p> })}
    }
}
