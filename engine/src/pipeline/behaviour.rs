//! Data Pipeline's entry points (its API, a learner's commands, its wake-ups) behind one
//! table, so the page fetches its code when a pipeline is first used, not with the page (see
//! [`crate::sim::on_demand`]): the page [`install`]s [`LINKED`] from the module it fetches.
//! Its snapshots stay outside the table: they only read state, and what reads them (the
//! pipeline view, the learning layer) comes in modules of its own.

crate::sim::on_demand::entry_points!(
    "Data Pipeline",
    super::learner::PipelineCommand,
    super::model::Wake,
    dispatch: super::ops::dispatch,
    command: super::learner::command,
    wake: super::tick::wake,
);
