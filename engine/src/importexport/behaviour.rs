//! Import/Export Disk's entry points (its API, a learner's commands, its wake-ups) behind one
//! table, so the page fetches its code with Snowball's when the transfer view or a job first
//! needs it (see [`crate::sim::on_demand`]): the page [`install`]s [`LINKED`] from that module.

crate::sim::on_demand::entry_points!(
    "Import/Export",
    super::learner::DiskCommand,
    super::model::Wake,
    dispatch: super::ops::dispatch,
    command: super::learner::command,
    wake: super::tick::wake,
);
