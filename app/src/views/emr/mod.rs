//! The EMR view (`#/emr`): a cluster builder that echoes `aws emr create-cluster`; the cluster
//! drawn (nodes by role, their disks filling with HDFS blocks, their YARN containers); the
//! NameNode's view of its DataNodes and blocks; files as rows of blocks with every replica
//! where it lives; faults (lose a node, a disk, a heartbeat) and termination, with what HDFS
//! lost and what S3 kept; the steps and, for the running or last job, its map and reduce tasks
//! with their locality and Hadoop's counters; presets.
//!
//! Every change goes through the API (`sim.call` with a typed input, echoed as `aws emr ...`)
//! or, for a fault, a learner's verb on the world (`sim.act_checked`).

mod access;
mod builder;
mod cluster;
mod compare;
mod faceoff;
mod hdfs;
mod jobs;
mod nodes;
pub(crate) mod presets;
mod scenarios;

use engine::emr::{ClusterSummaryView, ClusterView, HdfsView, NodeView};
use leptos::prelude::*;

use crate::driver::Sim;

#[derive(Clone, Copy)]
pub struct EmrState {
    pub sim: Sim,
    pub clusters: Memo<Vec<ClusterSummaryView>>,
    /// The cluster the learner picked (`None`: the newest).
    pub chosen: RwSignal<Option<String>>,
    pub cluster: Memo<Option<ClusterView>>,
    pub hdfs: Memo<Option<HdfsView>>,
    /// The block the learner clicked (`blk_...`).
    pub block: RwSignal<Option<String>>,
    /// The last refusal (an API error, a fault the engine refused), shown under the actions.
    pub error: RwSignal<Option<String>>,
    /// The IAM user the view's own calls are made as (`None`: the account's root user).
    pub acting: RwSignal<Option<String>>,
}

impl EmrState {
    /// An API call of the view, made as the user it is acting as.
    pub fn call(&self, call: engine::api::Call) -> Result<String, engine::api::ApiError> {
        let user = self.acting.get_untracked();
        self.sim.call_as(user.as_deref(), call)
    }
}

#[component]
pub fn EmrView() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let acting = RwSignal::new(None::<String>);
    // The clusters the user acted as lists: under 2019's rules one hidden from them is not
    // there.
    let clusters = Memo::new(move |_| {
        sim.version.track();
        let user = acting.get();
        sim.with_world(|w| {
            let emr = w.view().emr();
            let all = emr.clusters();
            match user {
                None => all,
                Some(u) => {
                    let visible = emr.clusters_visible_to(&u);
                    all.into_iter().filter(|c| visible.contains(&c.id)).collect()
                }
            }
        })
    });
    let chosen = RwSignal::new(None::<String>);
    let id = Memo::new(move |_| {
        let picked = chosen.get();
        clusters.with(|all| {
            picked
                .filter(|id| all.iter().any(|c| &c.id == id))
                .or_else(|| all.first().map(|c| c.id.clone()))
        })
    });
    let cluster = Memo::new(move |_| {
        sim.version.track();
        id.get().and_then(|id| sim.with_world(|w| w.view().emr().cluster(&id)))
    });
    let hdfs = Memo::new(move |_| {
        sim.version.track();
        id.get().and_then(|id| sim.with_world(|w| w.view().emr().hdfs(&id)))
    });
    let state = EmrState {
        sim,
        clusters,
        chosen,
        cluster,
        hdfs,
        block: RwSignal::new(None),
        error: RwSignal::new(None),
        acting,
    };
    provide_context(state);
    presets::follow_the_url(state);
    view! {
        <section class="emr" aria-labelledby="emr-title">
            <div class="emr-head">
                <h2 id="emr-title">"EMR: a Hadoop cluster, drawn"</h2>
                <presets::PresetPicker />
            </div>
            <presets::PresetNotice />
            <div class="emr-layout">
                <div class="emr-side">
                    <cluster::ClusterPanel />
                    <builder::Builder />
                </div>
                <div class="emr-main">
                    <hdfs::NameNode />
                    <nodes::Nodes />
                    <hdfs::Files />
                    <jobs::Steps />
                    <jobs::Job />
                    <compare::Compare />
                    <faceoff::FaceOff />
                    <access::Access />
                </div>
            </div>
        </section>
    }
}

/// `core-2`: a node's role and position among the nodes of its role, in launch order (what
/// the faults take, and what a learner reads more easily than `ci-...`).
pub fn short_name(nodes: &[NodeView], node_id: &str) -> String {
    let Some(node) = nodes.iter().find(|n| n.id == node_id) else {
        return node_id.to_string();
    };
    let role = match node.role.as_str() {
        "MASTER" => "primary",
        "CORE" => "core",
        "TASK" => "task",
        other => other,
    };
    let n = nodes.iter().filter(|x| x.role == node.role).position(|x| x.id == node_id).unwrap_or(0);
    format!("{role}-{}", n + 1)
}

/// `$1.23`, from millionths of a dollar.
pub fn dollars(micros: u64) -> String {
    let cents = micros.div_ceil(10_000);
    format!("${}.{:02}", cents / 100, cents % 100)
}

/// `1m 05s`, `2h 10m`.
pub fn duration_text(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    if s >= 3600 {
        format!("{}h {:02}m", s / 3600, (s % 3600) / 60)
    } else {
        format!("{}m {:02}s", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_time_read_as_the_learner_expects() {
        assert_eq!(dollars(0), "$0.00");
        assert_eq!(dollars(1_230_000), "$1.23");
        assert_eq!(dollars(1), "$0.01");
        assert_eq!(duration_text(65_000), "1m 05s");
        assert_eq!(duration_text(7_800_000), "2h 10m");
    }
}
