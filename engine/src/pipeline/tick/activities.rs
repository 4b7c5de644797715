//! What an activity's attempt does when its time is up, by type: copies in S3 or between S3
//! and a database, a shell command, EMR steps, Redshift loads and SQL.

use super::{Run, ATTEMPT_MS};
use crate::pipeline::model::*;
use crate::pipeline::work::{self, InstanceScope};

impl Run<'_, '_> {
    /// Appends what an attempt printed to its instance's stdout.
    fn log(&mut self, instance_id: &str, text: &str) {
        if let Some(mut i) = self.p.instances.get_mut(instance_id) {
            i.stdout.push_str(text);
        }
    }

    /// Runs the activity's work; `Some(ms)` when it must also sleep that long.
    pub(super) fn work(&mut self, inst: &Instance) -> Result<Option<i64>, String> {
        let type_name = self.def.type_of(&inst.component).unwrap_or_default().to_string();
        let pipeline_id = self.p.id.clone();
        let def = self.def;
        let scope = InstanceScope::of_instance(def, inst, None);
        match type_name.as_str() {
            "CopyActivity" if crate::pipeline::rds::moves_rows(def, &inst.component) => {
                let log =
                    crate::pipeline::rds::copy(self.services, self.ctx, &pipeline_id, &scope)?;
                self.log(&inst.id, &log);
                Ok(None)
            }
            "SqlActivity" if crate::pipeline::rds::is_rds_activity(&scope) => {
                let services = &mut *self.services;
                let log =
                    crate::pipeline::rds::sql(&mut services.pipeline.rds, &services.s3, &scope)?;
                self.log(&inst.id, &log);
                Ok(None)
            }
            "CopyActivity" => {
                let (objects, bytes) =
                    work::copy(&mut self.services.s3, self.ctx, &pipeline_id, &scope)?;
                self.ctx.emit(Event::ObjectsCopied {
                    pipeline_id,
                    instance_id: inst.id.clone(),
                    objects,
                    bytes,
                });
                Ok(None)
            }
            "ShellCommandActivity" => {
                let run = work::shell(&mut self.services.s3, self.ctx, &pipeline_id, &scope)?;
                self.log(&inst.id, &run.stdout);
                if run.exit != 0 {
                    return Err(format!(
                        "Error while executing the command: exit code {}",
                        run.exit
                    ));
                }
                Ok((run.sleep_ms > 0).then_some(run.sleep_ms))
            }
            "EmrActivity" => {
                // The steps run on the cluster the resource stands for; the sandbox records
                // them and gives each step the attempt's time (it does not start a MapReduce
                // job on the EMR engine for them).
                let steps = def.texts(&inst.component, "step");
                if let Some(mut i) = self.p.instances.get_mut(&inst.id) {
                    for s in &steps {
                        i.stdout.push_str(&format!("step: {s}\n"));
                    }
                }
                Ok(Some(ATTEMPT_MS * steps.len().saturating_sub(1) as i64))
            }
            "RedshiftCopyActivity" => {
                let services = &mut *self.services;
                let (loaded, log) = crate::pipeline::redshift::copy(
                    &mut services.firehose.tables,
                    &services.s3,
                    &scope,
                )?;
                self.log(&inst.id, &log);
                self.ctx.emit(Event::RowsLoaded {
                    pipeline_id,
                    instance_id: inst.id.clone(),
                    table: loaded.table,
                    rows: loaded.inserted,
                });
                Ok(None)
            }
            "SqlActivity" => {
                let services = &mut *self.services;
                let log = crate::pipeline::redshift::sql(
                    &mut services.firehose.tables,
                    &services.s3,
                    &scope,
                )?;
                self.log(&inst.id, &log);
                Ok(None)
            }
            other => Err(format!("{other} is not an activity the sandbox runs")),
        }
    }
}
