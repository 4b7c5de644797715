//! Data Pipeline's entry points (its API, a learner's commands, its wake-ups) behind one
//! table, so the page fetches its code when a pipeline is first used, not with the page (see
//! [`crate::sim::on_demand`]): the page [`install`]s [`LINKED`] from the module it fetches.
//! Its snapshots stay outside the table: they only read state, and what reads them (the
//! pipeline view, the learning layer) comes in modules of its own.

use super::learner::PipelineCommand;
use super::model::Wake;
use crate::api::{ApiError, ErrorCode};
use crate::sim::on_demand::Slot;
use crate::sim::{Ctx, Services};

/// What Data Pipeline does: the three ways into its code.
#[derive(Clone, Copy)]
pub struct Behaviour {
    dispatch: fn(&mut Services, &mut Ctx<'_>, &str, &str) -> Result<String, ApiError>,
    command: fn(&mut Services, &mut Ctx<'_>, &PipelineCommand) -> Result<String, ApiError>,
    wake: fn(&mut Services, &mut Ctx<'_>, Wake),
}

/// Data Pipeline's own code.
pub const LINKED: Behaviour = Behaviour {
    dispatch: super::ops::dispatch,
    command: super::learner::command,
    wake: super::tick::wake,
};

#[cfg(feature = "linked-services")]
static SLOT: Slot<Behaviour> = Slot::linked(LINKED);
#[cfg(not(feature = "linked-services"))]
static SLOT: Slot<Behaviour> = Slot::empty();

/// Hands the engine Data Pipeline's code, once it has arrived.
pub fn install(behaviour: Behaviour) {
    SLOT.install(behaviour)
}

pub fn is_ready() -> bool {
    SLOT.is_ready()
}

/// Never answered in the page (it installs the code first): an error, never a guess.
fn not_loaded() -> ApiError {
    ApiError::new(
        ErrorCode::ServiceUnavailable,
        "Data Pipeline has not loaded yet: try again in a moment.",
    )
}

pub(crate) fn dispatch(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    action: &str,
    body: &str,
) -> Result<String, ApiError> {
    SLOT.get().map_or_else(|| Err(not_loaded()), |b| (b.dispatch)(services, ctx, action, body))
}

pub(crate) fn command(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    command: &PipelineCommand,
) -> Result<String, ApiError> {
    SLOT.get().map_or_else(|| Err(not_loaded()), |b| (b.command)(services, ctx, command))
}

/// A wake-up comes only from Data Pipeline's own code, which has then run: never lost.
pub(crate) fn wake(services: &mut Services, ctx: &mut Ctx<'_>, wake: Wake) {
    if let Some(b) = SLOT.get() {
        (b.wake)(services, ctx, wake)
    }
}
