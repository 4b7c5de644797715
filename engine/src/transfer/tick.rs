//! Wake-ups: a job's time in a state is up, a copy onto the device finished. Entering a state
//! is where things happen: the export copies the bucket onto the device, the import writes the
//! device's objects into the bucket, the device is erased once the job is done. A main export
//! job lists its buckets and splits into parts that ship one after another.

use super::at_aws;
use super::model::*;
use super::parts;
use super::timeline::{next, HOUR_MS};
use crate::sim::{Ctx, Services};

pub(crate) fn wake(services: &mut Services, ctx: &mut Ctx<'_>, wake: Wake) {
    match wake {
        Wake::Advance { job, from } => {
            let Some(j) = services.snowball.jobs.get(&job) else { return };
            if j.state != from {
                return;
            }
            if j.is_master {
                return master_advance(services, ctx, &job, from);
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

/// A main export job: New for its hour, then Listing (an hour: the sandbox's choice, AWS
/// gives no duration), then the split into parts; it is InProgress while they run and Complete
/// with the last (the sandbox's names for a main job's states; AWS's table has none).
fn master_advance(services: &mut Services, ctx: &mut Ctx<'_>, id: &str, from: JobState) {
    match from {
        JobState::New => {
            set_state(services, ctx, id, JobState::Listing);
            ctx.schedule_in(HOUR_MS, Wake::Advance { job: id.into(), from: JobState::Listing });
        }
        JobState::Listing => split_into_parts(services, ctx, id),
        _ => {}
    }
}

fn set_state(services: &mut Services, ctx: &mut Ctx<'_>, id: &str, to: JobState) {
    let now = ctx.unix_ms();
    let Some(job) = services.snowball.jobs.get_mut(id) else { return };
    let from = job.state;
    job.state = to;
    job.history.push((to, now));
    ctx.emit(Event::JobStateChanged {
        job_id: id.into(),
        from: from.as_str().into(),
        to: to.as_str().into(),
    });
}

/// The listing's result, cut into parts of at most a device: one job per part, with its
/// KeyRange and its share of the listing; the first is prepared at once, the others wait
/// (Pending) for the one before them to be on its way back.
fn split_into_parts(services: &mut Services, ctx: &mut Ctx<'_>, id: &str) {
    let Some(master) = services.snowball.jobs.get(id).cloned() else { return };
    let listing = parts::list(services, &master.resources);
    let (bytes, objects) =
        listing.iter().fold((0, 0), |(b, o), i| (b + i.bytes(), o + i.objects()));
    let usable = master.appliance.capacity_bytes;
    let mut ids = Vec::new();
    for part in parts::split(&listing, usable) {
        let part_id = super::ops::new_id(ctx, "JID");
        let mut job = super::ops::jobs::part_job(ctx, &master, part_id.clone());
        job.resources = parts::part_resources(&master.resources, &part);
        job.total = part.iter().fold((0, 0), |(b, o), i| (b + i.bytes(), o + i.objects()));
        job.plan = Some(part);
        ctx.emit(Event::JobCreated {
            job_id: part_id.clone(),
            job_type: "EXPORT".into(),
            snowball_type: job.snowball_type.clone(),
            capacity: job.capacity.clone(),
        });
        let sb = &mut services.snowball;
        sb.job_order.push(part_id.clone());
        sb.jobs.insert(part_id.clone(), job);
        ids.push(part_id);
    }
    if let Some(m) = services.snowball.jobs.get_mut(id) {
        m.parts = ids.clone();
        m.total = (bytes, objects);
    }
    ctx.emit(Event::ExportSplit { job_id: id.into(), parts: ids.clone(), bytes, objects });
    set_state(services, ctx, id, JobState::InProgress);
    if let Some(first) = ids.first() {
        enter(services, ctx, first, JobState::PreparingAppliance);
    }
}

/// A part moved on: the next part is prepared once this one is in transit to AWS, and the
/// main job is complete with its last part.
fn part_moved(services: &mut Services, ctx: &mut Ctx<'_>, master: &str, to: JobState) {
    let sb = &services.snowball;
    let Some(m) = sb.jobs.get(master) else { return };
    let states: Vec<(String, JobState)> =
        m.parts.iter().filter_map(|p| sb.jobs.get(p).map(|j| (p.clone(), j.state))).collect();
    if to == JobState::InTransitToAWS {
        if let Some((next_part, _)) = states.iter().find(|(_, s)| *s == JobState::Pending) {
            enter(services, ctx, &next_part.clone(), JobState::PreparingAppliance);
        }
    }
    let done = states.iter().all(|(_, s)| *s == JobState::Complete);
    let transferred = services.snowball.jobs.get(master).map(|m| {
        m.parts
            .iter()
            .filter_map(|p| services.snowball.jobs.get(p))
            .fold((0, 0), |(b, o), j| (b + j.transferred.0, o + j.transferred.1))
    });
    if let (Some(t), Some(m)) = (transferred, services.snowball.jobs.get_mut(master)) {
        m.transferred = t;
    }
    if done && to == JobState::Complete {
        set_state(services, ctx, master, JobState::Complete);
    }
}

/// Moves a job into `to`, does what that state does, and schedules its leaving.
pub(crate) fn enter(services: &mut Services, ctx: &mut Ctx<'_>, job_id: &str, to: JobState) {
    let Some(job) = services.snowball.jobs.get(job_id) else { return };
    let (job_type, shipping, cluster, master) =
        (job.job_type, job.shipping_option.clone(), job.cluster_id.clone(), job.master.clone());
    set_state(services, ctx, job_id, to);
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
    if let Some(m) = master {
        part_moved(services, ctx, &m, to);
    }
}
