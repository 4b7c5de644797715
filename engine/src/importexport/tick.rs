//! A job's moments on the virtual clock (timings in [`super::model::SANDBOX_TIMINGS`]): the
//! device arrives, loading starts (or the job aborts on its SIGNATURE file), loading ends, the
//! device goes back; a job whose device never came expires after 30 days.

use super::load;
use super::model::*;
use crate::sim::{Ctx, Services};

/// Sets the job's codes (either may stay), records the change, emits it.
pub(crate) fn set_status(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    job_id: &str,
    location: Option<Location>,
    progress: Option<Progress>,
) {
    let now = ctx.unix_ms();
    let Some(j) = services.importexport.jobs.get_mut(job_id) else { return };
    j.location = location.unwrap_or(j.location);
    j.progress = progress.unwrap_or(j.progress);
    j.history.push((now, j.location, j.progress));
    ctx.emit(Event::StatusChanged {
        job_id: job_id.into(),
        location: j.location.as_str().into(),
        progress: j.progress.as_str().into(),
    });
}

pub(crate) fn wake(services: &mut Services, ctx: &mut Ctx<'_>, wake: Wake) {
    match wake {
        Wake::Expire { job } => {
            let Some(j) = services.importexport.jobs.get(&job) else { return };
            if j.device.is_none() && j.not_started() {
                set_status(services, ctx, &job, None, Some(Progress::Expired));
            }
        }
        Wake::Arrive { job } => {
            let Some(j) = services.importexport.jobs.get(&job) else { return };
            let canceled = j.canceled;
            set_status(services, ctx, &job, Some(Location::AtAWS), None);
            if canceled {
                ctx.schedule_in(DAY_MS, Wake::ShipBack { job });
            } else {
                ctx.schedule_in(DAY_MS, Wake::StartLoading { job });
            }
        }
        Wake::StartLoading { job } => start_loading(services, ctx, &job),
        Wake::FinishLoading { job } => {
            load::finish(services, ctx, &job);
            ctx.schedule_in(DAY_MS, Wake::ShipBack { job });
        }
        Wake::ShipBack { job } => {
            let Some(j) = services.importexport.jobs.get(&job) else { return };
            let days = if j.manifest.expedited { 2 } else { 5 };
            set_status(services, ctx, &job, Some(Location::Returned), None);
            ctx.schedule_in(days * DAY_MS, Wake::Returned { job });
        }
        Wake::Returned { job } => {
            let Some(j) = services.importexport.jobs.get_mut(&job) else { return };
            j.returned = true;
            let tracking = j.return_tracking.clone();
            ctx.emit(Event::DeviceReturned { job_id: job, tracking });
        }
    }
}

/// AWS checks the SIGNATURE file before it loads anything; then loading takes the device's data
/// (an export: what fits of the selected objects) at the loading rate, plus the erasure.
fn start_loading(services: &mut Services, ctx: &mut Ctx<'_>, job_id: &str) {
    let Some(j) = services.importexport.jobs.get(job_id) else { return };
    if j.canceled {
        return;
    }
    let Some(device) = &j.device else { return };
    let verdict = match &device.signature {
        None => Some(Progress::MissingSignature),
        Some(s) if s.trim() != j.signature_file.trim() => Some(Progress::InvalidSignature),
        Some(_) => None,
    };
    if let Some(aborted) = verdict {
        set_status(services, ctx, job_id, None, Some(aborted));
        ctx.schedule_in(DAY_MS, Wake::ShipBack { job: job_id.into() });
        return;
    }
    let bytes = load::bytes_to_load(services, job_id);
    let Some(j) = services.importexport.jobs.get_mut(job_id) else { return };
    let erase = match (&j.device, j.job_type, j.manifest.erase_device) {
        (Some(d), DiskJobType::Import, true) => d.capacity_bytes,
        _ => 0,
    };
    let ms = (bytes + erase).saturating_mul(1000) / LOADING_BYTES_PER_S;
    j.loading_ms = ms;
    set_status(services, ctx, job_id, None, Some(Progress::InProgress));
    ctx.schedule_in(ms.max(1), Wake::FinishLoading { job: job_id.into() });
}
