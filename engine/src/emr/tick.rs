//! What EMR does when one of its wake-ups comes due: the next phase of a cluster's start or
//! end, a step's end or cancellation, a resize finishing, HDFS's heartbeat marks and
//! re-replication, MapReduce tasks finishing.

use super::model::{StepState, Wake};
use super::{hdfs, lifecycle, mapreduce, nodes, steps};
use crate::sim::{Ctx, Services};

pub(crate) fn wake(services: &mut Services, ctx: &mut Ctx<'_>, wake: Wake) {
    match wake {
        Wake::Lifecycle { cluster, generation, phase } => {
            lifecycle::on_phase(services, ctx, &cluster, generation, phase)
        }
        Wake::StepDone { cluster, generation, step, serial } => {
            let Some(c) = services.emr.current(&cluster, generation) else { return };
            let Some(s) = c.step_mut(&step).filter(|s| s.serial == serial) else { return };
            if s.state != StepState::Running {
                return;
            }
            let outcome = s.outcome.take().unwrap_or(Ok(()));
            steps::finish(services, ctx, &cluster, &step, outcome);
        }
        Wake::StepCancelled { cluster, generation, step, serial } => {
            let Some(c) = services.emr.current(&cluster, generation) else { return };
            if c.step(&step)
                .is_some_and(|s| s.serial == serial && s.state == StepState::CancelPending)
            {
                steps::cancel_done(services, ctx, &cluster, &step);
            }
        }
        Wake::Resized { cluster, generation, group, serial } => {
            nodes::resize_done(services, ctx, &cluster, generation, &group, serial)
        }
        Wake::Hdfs { cluster, generation, wake } => {
            let Some(c) = services.emr.current(&cluster, generation) else { return };
            let decommissioned = hdfs::health::wake(c, ctx, wake);
            for node in decommissioned {
                nodes::decommissioned(services, ctx, &cluster, &node);
            }
        }
        Wake::MapReduce { cluster, generation, wake } => {
            mapreduce::wake(services, ctx, &cluster, generation, wake)
        }
    }
}
