//! Snowball's entry points (its API, the device's S3 adapter among them, a learner's commands,
//! its wake-ups) behind one table, so the page fetches its code when a job or the transfer view
//! is first used, not with the page (see [`crate::sim::on_demand`]): the page [`install`]s
//! [`LINKED`] from the module it fetches. Its snapshots and the calculator stay outside: the
//! transfer view, which reads them, comes in a module of its own.

crate::sim::on_demand::entry_points!(
    "Snowball",
    super::learner::SnowballCommand,
    super::model::Wake,
    dispatch: super::ops::dispatch,
    command: super::learner::command,
    wake: super::tick::wake,
);
