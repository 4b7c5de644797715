//! Actions: an object's `onSuccess` and `onFail` SnsAlarms publish their message.

use super::Run;
use crate::pipeline::model::*;
use crate::pipeline::work::InstanceScope;

impl Run<'_, '_> {
    /// Runs the object's `onFail` / `onSuccess` actions: an SnsAlarm publishes its message.
    pub(super) fn actions(&mut self, inst: &Instance, field: &str) {
        let plan = self.plan;
        for a in plan.component(&inst.component).actions(field) {
            if plan.component(a).type_name.as_deref() != Some("SnsAlarm") {
                continue;
            }
            // The alarm's fields, read in the scope of the instance that fired it.
            let scope = InstanceScope {
                object: a,
                ..InstanceScope::of_instance(self.def, inst, Some(&inst.component))
            };
            let text = |k: &str| scope.field(k).unwrap_or_else(Some).unwrap_or_default();
            let n = Notification {
                at_ms: self.ctx.unix_ms(),
                topic_arn: text("topicArn"),
                subject: text("subject"),
                message: text("message"),
            };
            self.ctx.emit(Event::AlarmSent {
                pipeline_id: self.p.id.clone(),
                topic_arn: n.topic_arn.clone(),
                subject: n.subject.clone(),
            });
            self.p.notifications.push(n);
        }
    }
}
