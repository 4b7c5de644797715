//! EMR's entry points (its API, a learner's commands, its wake-ups) behind one table, so the
//! page can fetch EMR's code when it is first needed (see [`crate::sim::on_demand`]): the
//! page [`install`]s [`LINKED`] from the module it fetches.

use super::model::Wake;
use super::EmrCommand;
use crate::api::{ApiError, ErrorCode};
use crate::sim::on_demand::Slot;
use crate::sim::{Ctx, Services};

/// What EMR does: the three ways into its code, and the ways into EC2's and IAM's, which
/// exist for EMR access and travel with EMR's code (they would add some 27 kB to the page's
/// first download otherwise).
#[derive(Clone, Copy)]
pub struct Behaviour {
    dispatch: fn(&mut Services, &mut Ctx<'_>, &str, &str) -> Result<String, ApiError>,
    command: fn(&mut Services, &mut Ctx<'_>, &EmrCommand) -> Result<String, ApiError>,
    wake: fn(&mut Services, &mut Ctx<'_>, Wake),
    ec2_dispatch: fn(&mut Services, &mut Ctx<'_>, &str, &str) -> Result<String, ApiError>,
    ec2_command:
        fn(&mut Services, &mut Ctx<'_>, &crate::ec2::Ec2Command) -> Result<String, ApiError>,
    iam_dispatch: fn(&mut Services, &mut Ctx<'_>, &str, &str) -> Result<String, ApiError>,
}

/// EMR's own code.
pub const LINKED: Behaviour = Behaviour {
    dispatch: super::ops::dispatch,
    command: super::learner::command,
    wake: super::tick::wake,
    ec2_dispatch: crate::ec2::ops::dispatch_linked,
    ec2_command: crate::ec2::learner::command_linked,
    iam_dispatch: crate::iam::ops::dispatch_linked,
};

#[cfg(feature = "linked-services")]
static SLOT: Slot<Behaviour> = Slot::linked(LINKED);
#[cfg(not(feature = "linked-services"))]
static SLOT: Slot<Behaviour> = Slot::empty();

fn behaviour() -> Option<Behaviour> {
    SLOT.get()
}

/// Hands the engine EMR's code, once it has arrived.
pub fn install(behaviour: Behaviour) {
    SLOT.install(behaviour)
}

pub fn is_ready() -> bool {
    SLOT.is_ready()
}

/// Never answered in the page (it installs EMR first): an error, never a guess.
fn not_loaded() -> ApiError {
    ApiError::new(ErrorCode::ServiceUnavailable, "EMR has not loaded yet: try again in a moment.")
}

pub(crate) fn dispatch(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    action: &str,
    body: &str,
) -> Result<String, ApiError> {
    behaviour().map_or_else(|| Err(not_loaded()), |b| (b.dispatch)(services, ctx, action, body))
}

pub(crate) fn command(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    command: &EmrCommand,
) -> Result<String, ApiError> {
    behaviour().map_or_else(|| Err(not_loaded()), |b| (b.command)(services, ctx, command))
}

/// A wake-up comes only from EMR's own code, which has then run: never lost.
pub(crate) fn wake(services: &mut Services, ctx: &mut Ctx<'_>, wake: Wake) {
    if let Some(b) = behaviour() {
        (b.wake)(services, ctx, wake)
    }
}

/// EC2's API, through the table (see [`Behaviour`]).
pub(crate) fn ec2_dispatch(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    action: &str,
    body: &str,
) -> Result<String, ApiError> {
    behaviour().map_or_else(|| Err(not_loaded()), |b| (b.ec2_dispatch)(services, ctx, action, body))
}

/// A learner's EC2 command, through the table.
pub(crate) fn ec2_command(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    command: &crate::ec2::Ec2Command,
) -> Result<String, ApiError> {
    behaviour().map_or_else(|| Err(not_loaded()), |b| (b.ec2_command)(services, ctx, command))
}

/// IAM's API, through the table.
pub(crate) fn iam_dispatch(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    action: &str,
    body: &str,
) -> Result<String, ApiError> {
    behaviour().map_or_else(|| Err(not_loaded()), |b| (b.iam_dispatch)(services, ctx, action, body))
}
