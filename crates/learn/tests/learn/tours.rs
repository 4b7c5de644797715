//! Tours: every step's gate happens when the tour is played as a learner would (acting on
//! entry, playing until the gate), and not before the step's own action.

use engine::scenario::Speed;
use engine::World;
use learn::tours::{self, Until};

/// Plays a step's gate in 1-second ticks; the virtual time it happened.
fn play_until(
    world: &mut World,
    gate: &learn::tours::Gate,
    since: u64,
    limit_ms: u64,
) -> Option<u64> {
    play_every(world, gate, since, limit_ms, 1_000)
}

fn play_every(
    world: &mut World,
    gate: &learn::tours::Gate,
    since: u64,
    limit_ms: u64,
    tick_ms: u64,
) -> Option<u64> {
    while world.now() < since + limit_ms {
        world.advance_by(tick_ms);
        if gate.happened(world, since) {
            return Some(world.now());
        }
    }
    None
}

#[test]
fn every_tour_can_be_played_to_its_end() {
    for tour in tours::all() {
        let mut world = tour.open();
        for (i, step) in tour.steps.iter().enumerate() {
            let since = world.now();
            if let Until::Event(gate) = step.until {
                assert!(
                    !gate.happened(&world, since),
                    "{} step {i}: gate met before it began",
                    tour.id
                );
            }
            for c in step.act.map(|a| a()).unwrap_or_default() {
                assert!(world.apply(c).result.is_ok(), "{} step {i}", tour.id);
            }
            if let Until::Event(gate) = step.until {
                // Three minutes of the tour's own playing at most (at 100x, five virtual
                // hours); a tour played at full speed waits for days, checked every minute.
                let at = match tour.speed {
                    Speed::Times(x) => play_until(&mut world, &gate, since, (180_000.0 * x) as u64),
                    Speed::Max => play_every(&mut world, &gate, since, 30 * 86_400_000, 60_000),
                };
                assert!(at.is_some(), "{} step {i}: {:?} never happened", tour.id, gate);
            }
        }
    }
}

#[test]
fn a_gate_does_not_open_without_its_cause() {
    // The hot-key tour's throttle gate, without the producer step: nothing is refused.
    let tour = tours::find("hot-key").expect("hot-key");
    let mut world = tour.open();
    let Until::Event(gate) = tour.steps[1].until else { panic!("step 1 waits for an event") };
    let since = world.now();
    assert_eq!(play_until(&mut world, &gate, since, 30_000), None);
}

/// The EMR tour's point, checked on the engine: after the cluster has terminated by itself,
/// nothing of HDFS is left and the S3 output is. The pipeline tour's copy took two attempts.
#[test]
fn the_emr_and_pipeline_tours_end_where_their_last_captions_say() {
    let tour = tours::find("hdfs-vs-emrfs").expect("tour");
    let mut world = tour.open();
    let Until::Event(gate) = tour.steps[2].until else { panic!("step 2 waits for an event") };
    let since = world.now();
    assert!(play_until(&mut world, &gate, since, 90 * 60_000).is_some());
    let view = world.view();
    let emr = view.emr();
    let id = emr.clusters()[0].id.clone();
    assert!(emr.hdfs(&id).is_none_or(|h| !h.running), "HDFS went with the cluster");
    let s3 = view.s3();
    let keys: Vec<String> = s3.objects("lab-results", "").into_iter().map(|o| o.key).collect();
    assert!(keys.iter().any(|k| k == "wordcount/_SUCCESS"), "{keys:?}");
    assert!(keys.iter().any(|k| k.starts_with("wordcount/part-")), "{keys:?}");

    let tour = tours::find("pipeline-retry").expect("tour");
    let mut world = tour.open();
    let Until::Event(gate) = tour.steps[2].until else { panic!("step 2 waits for an event") };
    let since = world.now();
    assert!(play_until(&mut world, &gate, since, 3 * 60 * 60_000).is_some());
    let view = world.view().pipeline();
    let id = view.pipeline_ids()[0].clone();
    let copy = &view.instances_of(&id, "DailyCopy")[0];
    let attempts: Vec<&str> = copy.attempts.iter().map(|a| a.status).collect();
    assert_eq!(attempts, ["FAILED", "FINISHED"]);
}

/// The Snowball tour ends with the four files in S3, read back as they were copied.
#[test]
fn the_snowball_tour_lands_its_files_in_s3() {
    let tour = tours::find("snowball-import").expect("tour");
    let mut world = tour.open();
    for (i, step) in tour.steps.iter().enumerate() {
        let since = world.now();
        for c in step.act.map(|a| a()).unwrap_or_default() {
            let out = world.apply(c);
            assert!(out.result.is_ok(), "step {i}: {:?}", out.result);
        }
        if let Until::Event(gate) = step.until {
            assert!(
                play_every(&mut world, &gate, since, 30 * 86_400_000, 60_000).is_some(),
                "step {i}"
            );
        }
    }
    let keys: Vec<String> =
        world.view().s3().objects("snow-landing", "sensors/").into_iter().map(|o| o.key).collect();
    assert_eq!(
        keys,
        [
            "sensors/sensor-0.csv",
            "sensors/sensor-1.csv",
            "sensors/sensor-2.csv",
            "sensors/sensor-3.csv"
        ]
    );
}
