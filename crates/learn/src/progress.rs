//! Progress without accounts: levels solved, questions answered, and when a question comes
//! back for review (spaced review in Leitner boxes: a miss returns the next day, each right
//! answer in a row doubles the wait from three days). Pure data and rules; the page keeps it
//! in localStorage and moves it between browsers as a file. Times are Unix ms, passed in.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub const DAY_MS: i64 = 86_400_000;
/// The file format's version; an import of another version is refused with a reason.
pub const VERSION: u32 = 1;
/// Most boxes: a question answered right five times in a row waits 48 days.
const TOP_BOX: u8 = 5;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelRecord {
    /// When it was first solved.
    pub solved_at_ms: i64,
    /// The fewest actions it was solved in, and par then.
    pub best_actions: u32,
    pub par: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionRecord {
    pub attempts: u32,
    pub right: u32,
    /// 0 after a miss; one up for each right answer in a row.
    pub leitner_box: u8,
    /// When it is due for review again.
    pub due_ms: i64,
    pub last_seed: u64,
    pub last_right: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub version: u32,
    #[serde(default)]
    pub levels: BTreeMap<String, LevelRecord>,
    #[serde(default)]
    pub questions: BTreeMap<String, QuestionRecord>,
}

impl Default for Progress {
    fn default() -> Self {
        Progress { version: VERSION, levels: BTreeMap::new(), questions: BTreeMap::new() }
    }
}

/// How long after an answer the question comes back.
pub fn review_delay_ms(leitner_box: u8) -> i64 {
    match leitner_box {
        0 => DAY_MS,
        b => (3 * DAY_MS) << (b.min(TOP_BOX) - 1),
    }
}

impl Progress {
    pub fn record_level(&mut self, id: &str, actions: u32, par: u32, now_ms: i64) {
        let r = self.levels.entry(id.to_string()).or_insert(LevelRecord {
            solved_at_ms: now_ms,
            best_actions: actions,
            par,
        });
        r.best_actions = r.best_actions.min(actions);
        r.par = par;
    }

    pub fn record_answer(&mut self, id: &str, seed: u64, right: bool, now_ms: i64) {
        let r = self.questions.entry(id.to_string()).or_default();
        r.attempts += 1;
        r.last_seed = seed;
        r.last_right = right;
        if right {
            r.right += 1;
            r.leitner_box = (r.leitner_box + 1).min(TOP_BOX);
        } else {
            r.leitner_box = 0;
        }
        r.due_ms = now_ms + review_delay_ms(r.leitner_box);
    }

    /// Questions due for review at `now_ms`, the longest overdue first.
    pub fn due(&self, now_ms: i64) -> Vec<&str> {
        let mut due: Vec<(&str, i64)> = self
            .questions
            .iter()
            .filter(|(_, r)| r.due_ms <= now_ms)
            .map(|(id, r)| (id.as_str(), r.due_ms))
            .collect();
        due.sort_by_key(|&(id, at)| (at, id));
        due.into_iter().map(|(id, _)| id).collect()
    }

    pub fn is_solved(&self, level: &str) -> bool {
        self.levels.contains_key(level)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads an exported file; a damaged or foreign one is refused with a reason for the learner.
    pub fn from_json(text: &str) -> Result<Progress, String> {
        let p: Progress = serde_json::from_str(text)
            .map_err(|e| format!("This is not a Data Sandbox progress file ({e})."))?;
        if p.version != VERSION {
            return Err(format!(
                "This progress file is version {}; this sandbox reads version {VERSION}.",
                p.version
            ));
        }
        Ok(p)
    }

    /// Both records together: each level's best, each question's record with more attempts
    /// (an import never loses what this browser knows).
    pub fn merge(&mut self, other: Progress) {
        for (id, r) in other.levels {
            match self.levels.get_mut(&id) {
                Some(mine) => {
                    mine.best_actions = mine.best_actions.min(r.best_actions);
                    mine.solved_at_ms = mine.solved_at_ms.min(r.solved_at_ms);
                }
                None => {
                    self.levels.insert(id, r);
                }
            }
        }
        for (id, r) in other.questions {
            let keep_mine = self.questions.get(&id).is_some_and(|m| m.attempts >= r.attempts);
            if !keep_mine {
                self.questions.insert(id, r);
            }
        }
    }
}

/// Progress towards one exam: what serves it, and how much of it is done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExamProgress {
    pub exam: crate::catalog::Exam,
    pub levels_solved: usize,
    pub levels: usize,
    /// Questions answered right the last time.
    pub questions_right: usize,
    pub questions: usize,
}

impl Progress {
    /// Levels solved and questions answered right, per exam.
    pub fn by_exam(&self) -> Vec<ExamProgress> {
        let levels = crate::levels::all();
        let questions = crate::questions::all();
        crate::catalog::Exam::ALL
            .iter()
            .map(|&exam| {
                let ls: Vec<_> = levels.iter().filter(|l| l.exams.contains(&exam)).collect();
                let qs: Vec<_> = questions.iter().filter(|q| q.exams.contains(&exam)).collect();
                ExamProgress {
                    exam,
                    levels_solved: ls.iter().filter(|l| self.is_solved(l.id)).count(),
                    levels: ls.len(),
                    questions_right: qs
                        .iter()
                        .filter(|q| self.questions.get(q.id).is_some_and(|r| r.last_right))
                        .count(),
                    questions: qs.len(),
                }
            })
            .collect()
    }

    /// The study notes (S1..S56) a solved level or a rightly answered question demonstrated,
    /// in note order.
    pub fn notes_practised(&self) -> Vec<&'static str> {
        let mut done: Vec<&'static str> = crate::levels::all()
            .into_iter()
            .filter(|l| self.is_solved(l.id))
            .flat_map(|l| l.covers.iter().copied())
            .chain(
                crate::questions::all()
                    .into_iter()
                    .filter(|q| self.questions.get(q.id).is_some_and(|r| r.last_right))
                    .flat_map(|q| q.covers.iter().copied()),
            )
            .collect();
        done.sort_by_key(|id| id[1..].parse::<u32>().unwrap_or(0));
        done.dedup();
        done
    }
}
