//! Every question, over many seeds: exactly one choice is right, found by running the
//! simulation (every choice's world, for an intervention); the same seed gives the same
//! numbers and the same measurements; and where the numbers should flip the answer, some
//! seed does flip it.

use std::collections::BTreeSet;

use learn::questions;

const SEEDS: std::ops::Range<u64> = 1..11;

/// Questions whose answer depends on the drawn numbers (the others teach one fact with
/// varied numbers).
const FLIPPING: &[&str] = &[
    "which-shard",
    "hot-key-outcome",
    "shared-reads",
    "kcl-workers",
    "retention-replay",
    "putrecords-partial",
    "first-flush",
    "redshift-retry",
    "window-rows",
    "hdfs-replication-default",
    "steps-done",
    "ssh-primary",
    "visible-to-all-users",
    "step-submitter",
    "disk-device-limit",
    "disk-encryption-optional",
    "snowball-usable",
    "snowball-cancel-window",
];

#[test]
fn every_seed_has_exactly_one_right_choice_and_the_flipping_ones_flip() {
    for q in questions::all() {
        let mut seen = BTreeSet::new();
        for seed in SEEDS {
            let right = q.right_choices(seed);
            assert_eq!(
                right.len(),
                1,
                "{} seed {seed}: right choices {right:?} ({:?})",
                q.id,
                q.params(seed)
            );
            seen.insert(right[0]);
        }
        if FLIPPING.contains(&q.id) {
            assert!(seen.len() > 1, "{}: the same answer for every seed", q.id);
        }
    }
    for id in FLIPPING {
        assert!(questions::find(id).is_some(), "{id}");
    }
}

#[test]
fn the_same_seed_gives_the_same_question_and_run() {
    for q in questions::all() {
        let (a, b) = (q.params(7), q.params(7));
        assert_eq!(a, b, "{}", q.id);
        assert_eq!(q.run(7, q.run_of(0)), q.run(7, q.run_of(0)), "{}", q.id);
        // Another seed draws other numbers for at least one question parameter.
        assert!(
            (1..20).any(|s| q.params(s).values != a.values),
            "{}: the seed changes nothing",
            q.id
        );
    }
}

#[test]
fn prompts_and_labels_fill_every_placeholder() {
    for q in questions::all() {
        let p = q.params(3);
        let texts = std::iter::once(q.prompt).chain(q.choices.iter().map(|c| c.label));
        for t in texts {
            let filled = p.fill(t);
            assert!(!filled.contains('{') && !filled.contains('}'), "{}: {filled}", q.id);
        }
        assert!(q.choices.len() >= 2, "{}", q.id);
        assert!(!q.covers.is_empty() && !q.exams.is_empty(), "{}", q.id);
    }
}

#[test]
fn an_intervention_forks_one_world_at_the_same_point() {
    let q = questions::find("hot-key-fix").expect("hot-key-fix");
    assert!(q.is_intervention());
    let params = q.params(4);
    let (a, b) = (q.commands(&params, Some(0)), q.commands(&params, Some(1)));
    let shared = (q.setup)(&params).len();
    assert_eq!(a[..shared], b[..shared], "the same seed and setup before the fork");
    assert_ne!(a[shared..], b[shared..]);
    assert!(a[shared..].iter().all(|c| c.at == q.fork_at));
    // Right and wrong, measured side by side: the wrong fix still refuses writes.
    let (wrong, right) = (q.run(4, Some(0)), q.run(4, Some(1)));
    assert!(wrong.get("throttled") > 0 && right.get("throttled") == 0);
}

#[test]
fn fill_picks_numbers_and_named_options() {
    let p = learn::question::Params { seed: 1, values: vec![("rate", 1500), ("query", 1)] };
    assert_eq!(p.fill("{rate} records/s, {query|tumbling|sliding}"), "1,500 records/s, sliding");
    assert_eq!(p.fill("{nothing} stays"), "{nothing} stays");
    assert_eq!(p.fill("key-{=rate}"), "key-1500");
}
