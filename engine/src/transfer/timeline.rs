//! How long each job state lasts on the virtual clock, and which state comes next. AWS gives
//! typical times, not exact ones; the sandbox's choices are here, and [`SANDBOX_TIMINGS`] says
//! them to the learner.

use super::model::{JobState, JobType};

pub const HOUR_MS: u64 = 3_600_000;
pub const DAY_MS: u64 = 24 * HOUR_MS;

/// What the learner reads about the timings (the view shows it beside the job's timeline).
pub const SANDBOX_TIMINGS: &str = "The sandbox's timings, from AWS's typical ones: a job stays \
     New for 60 minutes (\"usually within 60 minutes of the job being created\"), preparing the \
     appliance takes 1 day, an export copies for 1 day (\"Typically, exporting data takes one \
     business day\"), preparing the shipment 1 day (\"carriers generally only pick up outgoing \
     Snowballs once a day\"); shipping takes 1 day NEXT_DAY or EXPRESS, 2 days SECOND_DAY, 5 days \
     STANDARD, each way; the device stays with you until you return it (10 free days, then the \
     classic $15 a day); the sorting facility takes 2 days (\"typically within 2 days\"); at AWS \
     the import starts after 1 day (\"typically begins within a day\") and completes in 2 \
     (\"an average of two business days\"). Weekends are not skipped.";

/// One way, by shipping option (SECOND_DAY when the job named none).
pub fn shipping_ms(option: &str) -> u64 {
    match option {
        "NEXT_DAY" | "EXPRESS" => DAY_MS,
        "STANDARD" => 5 * DAY_MS,
        _ => 2 * DAY_MS,
    }
}

/// The state a job moves to when its time in `state` is up, and how long that time is. `None`
/// while the job waits for the learner (WithCustomer) or is finished.
///
/// IMPORT: New -> PreparingAppliance -> PreparingShipment -> InTransitToCustomer -> WithCustomer
/// -> InTransitToAWS -> WithAWSSortingFacility -> WithAWS -> InProgress -> Complete.
/// EXPORT: New -> PreparingAppliance -> InProgress ("Exporting") -> PreparingShipment -> ... ->
/// WithAWS -> Complete (after the erasure). LOCAL_USE: as IMPORT without InProgress.
pub fn next(job_type: JobType, state: JobState, shipping: &str) -> Option<(JobState, u64)> {
    use JobState::*;
    let export = job_type == JobType::Export;
    Some(match state {
        New => (PreparingAppliance, HOUR_MS),
        PreparingAppliance if export => (InProgress, DAY_MS),
        PreparingAppliance => (PreparingShipment, DAY_MS),
        InProgress if export => (PreparingShipment, DAY_MS),
        PreparingShipment => (InTransitToCustomer, DAY_MS),
        InTransitToCustomer => (WithCustomer, shipping_ms(shipping)),
        InTransitToAWS => (WithAWSSortingFacility, shipping_ms(shipping)),
        WithAWSSortingFacility => (WithAWS, 2 * DAY_MS),
        WithAWS if job_type == JobType::Import => (InProgress, DAY_MS),
        WithAWS => (Complete, DAY_MS),
        InProgress => (Complete, 2 * DAY_MS),
        WithCustomer | Complete | Cancelled | Listing | Pending => return None,
    })
}

/// The states a job of this type passes through, in order (for the view's timeline).
pub fn path(job_type: JobType) -> Vec<JobState> {
    let mut states = vec![JobState::New];
    let mut state = JobState::New;
    loop {
        let after = match next(job_type, state, "SECOND_DAY") {
            Some((s, _)) => s,
            None if state == JobState::WithCustomer => JobState::InTransitToAWS,
            None => break,
        };
        states.push(after);
        state = after;
    }
    states
}

/// Days of the appliance path for the calculator: every timed stage with `on_site_days` on
/// site, one way by `shipping`.
pub fn appliance_stages(
    job_type: JobType,
    shipping: &str,
    on_site_ms: u64,
) -> Vec<(JobState, u64)> {
    path(job_type)
        .into_iter()
        .filter_map(|s| match s {
            JobState::WithCustomer => Some((s, on_site_ms)),
            s => next(job_type, s, shipping).map(|(_, ms)| (s, ms)),
        })
        .collect()
}

/// An export larger than one device is split into job parts of at most a device's usable
/// bytes each: the bytes of each part, in order.
pub fn export_parts(bytes: u64, usable: u64) -> Vec<u64> {
    let usable = usable.max(1);
    let mut parts = Vec::new();
    let mut left = bytes;
    while left > usable {
        parts.push(usable);
        left -= usable;
    }
    parts.push(left);
    parts
}

/// One export part on the calendar: its bytes, and when it starts and completes (ms from the
/// order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartWindow {
    pub bytes: u64,
    pub start_ms: u64,
    pub end_ms: u64,
}

/// The parts shipped one after another: each part's device goes through the whole export path
/// (`on_site_ms` with you), and the next part's device is prepared once the previous one is
/// on its way back ("subsequent Snowballs shipping out to you once the previous job part has
/// entered the In transit to AWS status"), as the engine's main export job does.
pub fn export_schedule(
    bytes: u64,
    usable: u64,
    shipping: &str,
    on_site_ms: u64,
) -> Vec<PartWindow> {
    let stages = appliance_stages(JobType::Export, shipping, on_site_ms);
    let one: u64 = stages.iter().map(|(_, ms)| ms).sum();
    let until_return: u64 =
        stages.iter().take_while(|(s, _)| *s != JobState::InTransitToAWS).map(|(_, ms)| ms).sum();
    export_parts(bytes, usable)
        .into_iter()
        .enumerate()
        .map(|(i, b)| PartWindow {
            bytes: b,
            start_ms: i as u64 * until_return,
            end_ms: i as u64 * until_return + one,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use JobState::*;

    #[test]
    fn import_and_export_follow_aws_order() {
        assert_eq!(
            path(JobType::Import),
            [
                New,
                PreparingAppliance,
                PreparingShipment,
                InTransitToCustomer,
                WithCustomer,
                InTransitToAWS,
                WithAWSSortingFacility,
                WithAWS,
                InProgress,
                Complete
            ]
        );
        assert_eq!(
            path(JobType::Export),
            [
                New,
                PreparingAppliance,
                InProgress,
                PreparingShipment,
                InTransitToCustomer,
                WithCustomer,
                InTransitToAWS,
                WithAWSSortingFacility,
                WithAWS,
                Complete
            ]
        );
        assert!(!path(JobType::LocalUse).contains(&InProgress));
    }

    #[test]
    fn a_100_tb_export_on_t80_devices_ships_in_two_parts_one_after_another() {
        let usable = 72_000_000_000_000;
        assert_eq!(export_parts(100_000_000_000_000, usable), [usable, 28_000_000_000_000]);
        assert_eq!(export_parts(5, usable), [5]);
        let s = export_schedule(100_000_000_000_000, usable, "SECOND_DAY", 2 * DAY_MS);
        assert_eq!(s.len(), 2);
        // The second device is prepared once the first is on its way back: New 1 h, prepare,
        // export, shipment 1 day each, 2 days on the road, 2 days with you.
        assert_eq!(s[1].start_ms, HOUR_MS + 7 * DAY_MS);
        // New 1 h, prepare 1 day, export 1 day, shipment 1 day, 2 + 2 days on the road,
        // 2 days sorting, 1 day at AWS, 2 days with you.
        assert_eq!(s[0].end_ms, HOUR_MS + 12 * DAY_MS);
    }

    #[test]
    fn an_import_takes_eleven_days_and_an_hour_besides_its_time_on_site() {
        let total: u64 =
            appliance_stages(JobType::Import, "SECOND_DAY", 0).iter().map(|(_, ms)| ms).sum();
        assert_eq!(total, 11 * DAY_MS + HOUR_MS);
    }
}
