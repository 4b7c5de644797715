//! Every level: its solution, applied when the level opens, meets the goal within the level's
//! settling time; its start alone never meets it over the same span. Checked once a second, as
//! the goal overlay checks it after every tick.

use engine::World;
use learn::level::Level;
use learn::levels;

/// The first virtual time (checked every second from `from` to `until`) at which the goal holds.
fn first_met(level: &Level, world: &mut World, until: u64) -> Option<u64> {
    let mut t = world.now();
    while t <= until {
        world.advance_to(t);
        if level.is_met(world) {
            return Some(t);
        }
        t += 1_000;
    }
    None
}

#[test]
fn every_level_is_solved_by_its_solution_and_not_by_its_start() {
    for level in levels::all() {
        let deadline = level.opens_at + level.settles_within_ms;

        let mut idle = level.open();
        assert!(!level.is_met(&idle), "{}: met as it opens", level.id);
        assert_eq!(first_met(level, &mut idle, deadline), None, "{}: met without a fix", level.id);

        let mut tempted = level.open();
        for command in (level.tempting)() {
            let out = tempted.apply(command);
            assert!(out.result.is_ok(), "{}: tempting step refused: {:?}", level.id, out.result);
        }
        assert_eq!(
            first_met(level, &mut tempted, deadline),
            None,
            "{}: a tempting fix works",
            level.id
        );

        let mut solved = level.open();
        for command in (level.solution)() {
            let out = solved.apply(command);
            assert!(out.result.is_ok(), "{}: solution step refused: {:?}", level.id, out.result);
        }
        let at = first_met(level, &mut solved, deadline);
        assert!(
            at.is_some(),
            "{}: the solution does not meet the goal: {:?}",
            level.id,
            level.checks(&solved)
        );
        assert_eq!(level.actions_taken(&solved), level.par(), "{}", level.id);
    }
}

#[test]
fn level_ids_are_unique_and_url_safe() {
    let all = levels::all();
    let mut ids: Vec<_> = all.iter().map(|l| l.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all.len());
    for l in all {
        assert!(l.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
        assert!(l.par() > 0, "{}", l.id);
        assert!(!l.covers.is_empty() && !l.exams.is_empty(), "{}", l.id);
    }
}
