//! Wake-ups: a job's time in a state is up, a copy onto the device finished. Entering a state
//! is where things happen: the export copies the bucket onto the device, the import writes the
//! device's objects into the bucket, the device is erased once the job is done.

use super::at_aws;
use super::model::*;
use super::timeline::next;
use crate::sim::{Ctx, Services};

pub(crate) fn wake(services: &mut Services, ctx: &mut Ctx<'_>, wake: Wake) {
    match wake {
        Wake::Advance { job, from } => {
            let Some(j) = services.snowball.jobs.get(&job) else { return };
            if j.state != from {
                return;
            }
            if let Some((to, _)) = next(j.job_type, from, &j.shipping_option) {
                enter(services, ctx, &job, to);
            }
        }
        Wake::CopyDone { job, until_ms } => {
            let Some(j) = services.snowball.jobs.get(&job) else { return };
            if j.appliance.copy_until_ms == until_ms {
                ctx.emit(Event::CopyFinished { job_id: job });
            }
        }
    }
}

/// Moves a job into `to`, does what that state does, and schedules its leaving.
pub(crate) fn enter(services: &mut Services, ctx: &mut Ctx<'_>, job_id: &str, to: JobState) {
    let now = ctx.unix_ms();
    let Some(job) = services.snowball.jobs.get_mut(job_id) else { return };
    let from = job.state;
    job.state = to;
    job.history.push((to, now));
    let (job_type, shipping, cluster) =
        (job.job_type, job.shipping_option.clone(), job.cluster_id.clone());
    ctx.emit(Event::JobStateChanged {
        job_id: job_id.into(),
        from: from.as_str().into(),
        to: to.as_str().into(),
    });
    match (job_type, to) {
        (JobType::Export, JobState::InProgress) => {
            at_aws::export_onto_device(services, ctx, job_id)
        }
        (JobType::Import, JobState::InProgress) => at_aws::import_into_s3(services, ctx, job_id),
        (_, JobState::Complete) => at_aws::erase(services, ctx, job_id),
        _ => {}
    }
    if let Some((_, ms)) = next(job_type, to, &shipping) {
        ctx.schedule_in(ms, Wake::Advance { job: job_id.into(), from: to });
    }
    if let Some(c) = cluster {
        super::ops::clusters::refresh(services, ctx, &c);
    }
}
