//! Read-only views for the UI: plain data, cheap to build, never internals to mutate.

use serde::Serialize;

use super::Emr;

/// One cluster as the cluster list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClusterSummaryView {
    pub id: String,
    pub name: String,
    pub state: String,
    pub message: Option<String>,
}

/// Read-only handle on EMR for the UI, from `world.view().emr()`: every answer is a plain
/// `*View` value, never the service's state.
#[derive(Clone, Copy)]
pub struct Snapshot<'a> {
    emr: &'a Emr,
    now_unix_ms: i64,
}

impl<'a> Snapshot<'a> {
    pub(crate) fn new(emr: &'a Emr, now_unix_ms: i64) -> Self {
        Self { emr, now_unix_ms }
    }

    /// Every cluster, newest first.
    pub fn clusters(&self) -> Vec<ClusterSummaryView> {
        let _ = self.now_unix_ms;
        self.emr
            .order
            .iter()
            .rev()
            .filter_map(|id| self.emr.clusters.get(id))
            .map(|c| ClusterSummaryView {
                id: c.id.clone(),
                name: c.name.clone(),
                state: c.state.as_str().to_string(),
                message: c.reason.message.clone(),
            })
            .collect()
    }
}
