//! Tours: every step's gate happens when the tour is played as a learner would (acting on
//! entry, playing until the gate), and not before the step's own action.

use engine::World;
use learn::tours::{self, Until};

/// Plays a step's gate in 1-second ticks; the virtual time it happened.
fn play_until(
    world: &mut World,
    gate: &learn::tours::Gate,
    since: u64,
    limit_ms: u64,
) -> Option<u64> {
    while world.now() < since + limit_ms {
        world.advance_by(1_000);
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
                let at = play_until(&mut world, &gate, since, 180_000);
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
