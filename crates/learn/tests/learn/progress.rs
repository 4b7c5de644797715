//! Progress: spaced review brings a missed question back after a day and a right one later;
//! export and import round-trip; a damaged file is refused with a reason.

use learn::progress::{Progress, DAY_MS};

#[test]
fn a_missed_question_is_due_after_a_day_and_a_right_one_is_not() {
    let mut p = Progress::default();
    let t = 1_767_225_600_000;
    p.record_answer("hot-key-outcome", 3, false, t);
    p.record_answer("first-flush", 5, true, t);
    assert!(p.due(t + DAY_MS / 2).is_empty());
    assert_eq!(p.due(t + 2 * DAY_MS), ["hot-key-outcome"]);
    assert_eq!(p.due(t + 3 * DAY_MS), ["hot-key-outcome", "first-flush"]);
    // Right twice in a row: the wait doubles.
    p.record_answer("first-flush", 6, true, t + 3 * DAY_MS);
    assert!(!p.due(t + 8 * DAY_MS).contains(&"first-flush"));
    assert!(p.due(t + 9 * DAY_MS).contains(&"first-flush"));
}

#[test]
fn export_and_import_round_trip_and_merge_keeps_the_best() {
    let mut a = Progress::default();
    a.record_level("hot-partition-key", 4, 2, 10);
    a.record_answer("which-shard", 1, true, 10);
    let text = a.to_json();
    let b = Progress::from_json(&text).expect("own export reads back");
    assert_eq!(a, b);

    let mut c = Progress::default();
    c.record_level("hot-partition-key", 2, 2, 20);
    c.merge(b);
    assert_eq!(c.levels["hot-partition-key"].best_actions, 2);
    assert!(c.questions.contains_key("which-shard"));
}

#[test]
fn a_damaged_or_foreign_file_is_refused_with_a_reason() {
    let err = Progress::from_json("{not json").unwrap_err();
    assert!(err.starts_with("This is not a Data Sandbox progress file"), "{err}");
    let err = Progress::from_json(r#"{"version": 9}"#).unwrap_err();
    assert_eq!(err, "This progress file is version 9; this sandbox reads version 1.");
}

#[test]
fn progress_reads_by_exam_and_by_study_note() {
    let mut p = Progress::default();
    p.record_level("per-ticker-counts", 1, 1, 0);
    p.record_answer("which-shard", 1, true, 0);
    p.record_answer("hot-key-outcome", 1, false, 0);
    let by = p.by_exam();
    let dea = by.iter().find(|e| e.exam.code() == "DEA-C01").expect("DEA");
    let saa = by.iter().find(|e| e.exam.code() == "SAA-C03").expect("SAA");
    // The Analytics level serves the Data Engineer exam only.
    assert_eq!((dea.levels_solved, saa.levels_solved), (1, 0));
    assert_eq!((dea.questions_right, saa.questions_right), (1, 1));
    assert!(dea.levels >= dea.levels_solved && dea.questions > 1);
    // S11 from the level, S9 from the right answer; not S7 (hot-key-outcome was missed).
    assert_eq!(p.notes_practised(), ["S9", "S11"]);
}
