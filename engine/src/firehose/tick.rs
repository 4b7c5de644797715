//! What Firehose does when one of its wake-ups comes due: finishing a state transition
//! (CREATING -> ACTIVE, DELETING -> gone), flushing a buffer whose interval is up, retrying
//! deliveries, reading a Kinesis source, and finishing an encryption change.

use super::model::{DeliveryStreamStatus, FlushReason, Source};
use super::{delivery, source, Event, Wake};
use crate::sim::{Ctx, Services};

/// Handles one of the service's wake-ups.
pub(crate) fn wake(services: &mut Services, ctx: &mut Ctx<'_>, wake: Wake) {
    match wake {
        Wake::Transition { stream, generation } => transition(services, ctx, &stream, generation),
        Wake::Flush { stream, generation, serial } => {
            let due = services.firehose.streams.get(&stream).is_some_and(|s| {
                s.generation == generation
                    && s.buffer.serial == serial
                    && s.status == DeliveryStreamStatus::Active
            });
            if due {
                delivery::flush(services, ctx, &stream, FlushReason::Interval);
            }
        }
        Wake::Retry { stream, generation } => {
            let Some(s) =
                services.firehose.streams.get_mut(&stream).filter(|s| s.generation == generation)
            else {
                return;
            };
            s.retry_scheduled = false;
            delivery::deliver_pending(services, ctx, &stream);
        }
        Wake::SourcePoll { stream, generation } => source::poll(services, ctx, &stream, generation),
        Wake::Encryption { stream, generation, serial } => {
            super::ops::finish_encryption(services, ctx, &stream, generation, serial)
        }
    }
}

fn transition(services: &mut Services, ctx: &mut Ctx<'_>, name: &str, generation: u64) {
    let fh = &mut services.firehose;
    let Some(s) = fh.streams.get_mut(name).filter(|s| s.generation == generation) else { return };
    match s.status {
        DeliveryStreamStatus::Deleting => {
            fh.streams.remove(name);
            ctx.emit(Event::DeliveryStreamDeleted { stream: name.to_string() });
        }
        DeliveryStreamStatus::Creating => {
            s.status = DeliveryStreamStatus::Active;
            ctx.emit(Event::DeliveryStreamStatusChanged {
                stream: name.to_string(),
                status: "ACTIVE".into(),
            });
            if let Source::KinesisStream(k) = &mut s.source {
                k.started_ms = Some(ctx.unix_ms());
                source::poll(services, ctx, name, generation);
            }
        }
        DeliveryStreamStatus::Active => {}
    }
}
