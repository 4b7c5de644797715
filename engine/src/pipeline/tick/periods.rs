//! Scheduling instances: each component's next period (its schedule, read from the
//! activation's plan), when its instance is due (cron at the start, time series at the end,
//! at most one per 5 minutes while catching up), making it, and forgetting the oldest finished
//! ones past the sandbox's bound.

use super::{instance_id, Run, CATCH_UP_MS, FORGET_BATCH, MAX_INSTANCES};
use crate::pipeline::definition::Kind;
use crate::pipeline::expr::format_datetime;
use crate::pipeline::model::*;

impl Run<'_, '_> {
    /// The period the cursor is at: (start, end), or `None` when the schedule has ended.
    pub(super) fn period_at(&self, component: &str, c: &Cursor) -> Option<(i64, i64)> {
        let Some(rule) = &self.plan.component(component).schedule else {
            // On demand: one run per activation.
            return (c.made == 0).then_some((c.next_start_ms, c.next_start_ms));
        };
        let end = rule.period?.add(c.next_start_ms, 1)?;
        if rule.end_ms.is_some_and(|last| c.next_start_ms >= last) {
            return None;
        }
        if rule.occurrences.is_some_and(|n| c.made >= n) {
            return None;
        }
        Some((c.next_start_ms, end))
    }

    /// When the cursor's next instance may be made: at the start of its period (cron,
    /// resources) or its end (time series), and no sooner than 5 minutes after the last.
    pub(super) fn due_of(&self, component: &str, c: &Cursor) -> Option<i64> {
        let (start, end) = self.period_at(component, c)?;
        let due = if self.plan.component(component).at_start { start } else { end };
        Some(c.last_made_ms.map_or(due, |last| due.max(last + CATCH_UP_MS)))
    }

    pub(super) fn make_instances(&mut self) -> bool {
        let now = self.now();
        let mut changed = false;
        let components: Vec<String> = self.p.cursors.keys().cloned().collect();
        for component in components {
            while let Some(c) = self.p.cursors.get(&component).cloned() {
                if c.done {
                    break;
                }
                let Some((start, end)) = self.period_at(&component, &c) else {
                    if let Some(c) = self.p.cursors.get_mut(&component) {
                        c.done = true;
                    }
                    break;
                };
                if self.p.instances.len() >= MAX_INSTANCES && !self.forget_oldest() {
                    // Every kept instance is still active: the schedule stops here, as if it
                    // had ended.
                    self.p.cursors.values_mut().for_each(|c| c.done = true);
                    self.ctx.emit(Event::ScheduleStopped {
                        pipeline_id: self.p.id.clone(),
                        message: format!("The sandbox keeps at most {MAX_INSTANCES} instances of a pipeline and none of them has finished, so no more are made."),
                    });
                    return true;
                }
                match self.due_of(&component, &c) {
                    Some(due) if due <= now => {}
                    _ => break,
                }
                let kind = self.plan.component(&component).kind.unwrap_or(Kind::Activity);
                self.create(&component, kind, start, end, None);
                if let Some(c) = self.p.cursors.get_mut(&component) {
                    c.next_start_ms = if end > start { end } else { start };
                    c.made += 1;
                    c.last_made_ms = Some(now);
                }
                changed = true;
            }
        }
        changed
    }

    /// Forgets the oldest finished instances (by scheduled start, then id), at most
    /// [`FORGET_BATCH`]; whether any went.
    fn forget_oldest(&mut self) -> bool {
        let mut done: Vec<(i64, &String)> = self
            .p
            .instances
            .values()
            .filter(|i| i.status.is_terminal())
            .map(|i| (i.scheduled_start_ms, &i.id))
            .collect();
        done.sort_unstable();
        let gone: Vec<String> =
            done.into_iter().take(FORGET_BATCH).map(|(_, id)| id.clone()).collect();
        for id in &gone {
            self.p.instances.remove(id);
        }
        if gone.is_empty() {
            return false;
        }
        self.p.forgotten += gone.len() as u64;
        let oldest_kept = self.p.instances.values().map(|i| i.scheduled_start_ms).min();
        self.ctx.emit(Event::InstancesForgotten {
            pipeline_id: self.p.id.clone(),
            count: gone.len() as u64,
            oldest_kept: oldest_kept.map(format_datetime).unwrap_or_default(),
        });
        true
    }

    pub(super) fn create(
        &mut self,
        component: &str,
        kind: Kind,
        start: i64,
        end: i64,
        node: Option<&str>,
    ) -> String {
        let id = instance_id(component, start);
        if self.p.instances.contains_key(&id) {
            return id;
        }
        let tries = self.plan.component(component).max_retries;
        let now = self.now();
        self.p.instances.insert(Instance {
            id: id.clone(),
            component: component.into(),
            kind,
            scheduled_start_ms: start,
            scheduled_end_ms: end,
            status: Status::WaitingOnDependencies,
            created_ms: now,
            actual_start_ms: None,
            actual_end_ms: None,
            attempts: Vec::new(),
            tries_left: tries,
            error: None,
            next_ms: Some(now),
            checking_since_ms: None,
            outcome: None,
            task_id: None,
            node: node.map(str::to_string),
            stdout: String::new(),
            emr_cluster: None,
            emr_steps: Vec::new(),
        });
        self.ctx.emit(Event::InstanceCreated {
            pipeline_id: self.p.id.clone(),
            instance_id: id.clone(),
        });
        self.ctx.emit(Event::InstanceStatusChanged {
            pipeline_id: self.p.id.clone(),
            instance_id: id.clone(),
            to: Status::WaitingOnDependencies.as_str().into(),
        });
        id
    }
}
