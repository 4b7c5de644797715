//! What the learner does to a pipeline, each as the `aws datapipeline` line that does it, run
//! through the console's CLI: create, put the definition (the file form, through the CLI's
//! translator), activate, deactivate, delete, set an instance's status. Faults and the Task
//! Runner are verbs on the world, shown in the console as comments.

use engine::pipeline::PipelineCommand;
use engine::Command;
use leptos::prelude::*;
use serde_json::Value;

use super::{PipeState, Problem};
use crate::driver::Sim;

/// A word quoted for the console's shell: single quotes, a quote inside as `'"'"'`.
pub fn quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r#"'"'"'"#))
}

/// Runs one `aws` line; its JSON answer, or what the CLI printed on stderr.
pub fn cli(sim: Sim, line: &str) -> Result<Value, String> {
    let out = sim.run_cli(line);
    if out.exit_code != 0 {
        return Err(out.stderr.trim().to_string());
    }
    Ok(serde_json::from_str(&out.stdout).unwrap_or(Value::Null))
}

/// `create-pipeline` with the name as its unique id (so running it twice gives the same id).
pub fn create(sim: Sim, name: &str) -> Result<String, String> {
    let line = format!(
        "aws datapipeline create-pipeline --name {} --unique-id {}",
        quote(name),
        quote(name)
    );
    let v = cli(sim, &line)?;
    v["pipelineId"].as_str().map(str::to_string).ok_or_else(|| "no pipelineId".into())
}

/// The definition on one line: compact JSON when it parses (the console's line stays
/// readable), the text as typed when it does not (the CLI then says why).
fn definition_word(text: &str) -> String {
    match serde_json::from_str::<Value>(text) {
        Ok(v) => v.to_string(),
        Err(_) => text.to_string(),
    }
}

/// `put-pipeline-definition --pipeline-definition '<file form>'`: the validation answer as
/// problems placed at their object and field, or the CLI's refusal.
pub fn put(sim: Sim, pipeline_id: &str, definition: &str) -> Result<Vec<Problem>, String> {
    let line = format!(
        "aws datapipeline put-pipeline-definition --pipeline-id {pipeline_id} --pipeline-definition {}",
        quote(&definition_word(definition))
    );
    let v = cli(sim, &line)?;
    Ok(problems(&v))
}

/// PutPipelineDefinition's `validationErrors` and `validationWarnings`, one problem per text.
pub fn problems(answer: &Value) -> Vec<Problem> {
    let mut out = Vec::new();
    for (list, texts, warning) in
        [("validationErrors", "errors", false), ("validationWarnings", "warnings", true)]
    {
        for entry in answer[list].as_array().into_iter().flatten() {
            let object = entry["id"].as_str().map(str::to_string);
            for text in entry[texts].as_array().into_iter().flatten().filter_map(Value::as_str) {
                out.push(Problem {
                    object: object.clone(),
                    field: field_of(text),
                    text: text.to_string(),
                    warning,
                });
            }
        }
    }
    out
}

/// The field a validation text names first: `'startDateTime'` in `INVALID_FIELD_VALUE:
/// 'startDateTime' value must be a literal datetime value.`
pub fn field_of(text: &str) -> Option<String> {
    let (_, rest) = text.split_once('\'')?;
    let (word, _) = rest.split_once('\'')?;
    (!word.is_empty() && !word.contains(' ')).then(|| word.to_string())
}

pub fn activate(sim: Sim, pipeline_id: &str) -> Result<(), String> {
    cli(sim, &format!("aws datapipeline activate-pipeline --pipeline-id {pipeline_id}")).map(|_| ())
}

/// `set-status` on one instance (RERUN, MARK_FINISHED, TRY_CANCEL) or component (PAUSE, RESUME).
pub fn set_status(
    sim: Sim,
    pipeline_id: &str,
    object_id: &str,
    status: &str,
) -> Result<(), String> {
    let line = format!(
        "aws datapipeline set-status --pipeline-id {pipeline_id} --object-ids {} --status {status}",
        quote(object_id)
    );
    cli(sim, &line).map(|_| ())
}

/// The next `times` attempts of an activity fail (a fault, not an AWS call).
pub fn fail_next(sim: Sim, pipeline_id: &str, object_id: &str, times: u32) {
    let command = PipelineCommand::FailActivity {
        pipeline_id: pipeline_id.into(),
        object_id: object_id.into(),
        times,
    };
    sim.act(
        Command::DataPipeline(command),
        &format!("fault: the next {times} attempt(s) of {object_id} fail"),
    );
}

/// Starts or stops the on-premises Task Runner polling `group`.
pub fn task_runner(sim: Sim, group: &str, running: bool) {
    let command = PipelineCommand::SetTaskRunner { worker_group: group.into(), running };
    let note = if running {
        format!("java -jar TaskRunner-1.0.jar --config ~/credentials.json --workerGroup={group} --region=us-east-1 --logUri=s3://lab/logs/")
    } else {
        format!("Task Runner for --workerGroup={group} stopped (Ctrl-C)")
    };
    sim.act(Command::DataPipeline(command), &note);
}

/// Activate, deactivate, delete, and a fault, for the pipeline shown.
#[component]
pub fn Lifecycle() -> impl IntoView {
    let state = expect_context::<PipeState>();
    let sim = state.sim;
    let report = move |r: Result<(), String>| state.error.set(r.err());
    let with_id = move |f: &dyn Fn(String) -> Result<(), String>| {
        if let Some(id) = state.pipeline_id() {
            report(f(id));
        }
    };
    let activities = move || {
        state.pipeline.with(|p| {
            p.as_ref()
                .map(|p| {
                    p.objects
                        .iter()
                        .filter(|o| o.kind == "activity")
                        .map(|o| o.id.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let target = RwSignal::new(String::new());
    let none = move || state.pipeline.with(Option::is_none);
    view! {
        <div class="pipeline-actions">
            <button data-testid="activate" disabled=none on:click=move |_| with_id(&|id| activate(sim, &id))>"Activate"</button>
            <button data-testid="deactivate" disabled=none on:click=move |_| with_id(&|id| cli(sim, &format!("aws datapipeline deactivate-pipeline --pipeline-id {id}")).map(|_| ()))>"Deactivate"</button>
            <button data-testid="delete-pipeline" disabled=none on:click=move |_| {
                with_id(&|id| cli(sim, &format!("aws datapipeline delete-pipeline --pipeline-id {id}")).map(|_| ()));
                state.chosen.set(None);
                state.cell.set(None);
            }>"Delete"</button>
            <span class="fault">
                <select data-testid="fault-activity" aria-label="Activity to fail" on:change=move |ev| target.set(event_target_value(&ev))>
                    {move || activities().into_iter().map(|a| view! { <option value=a.clone()>{a.clone()}</option> }).collect_view()}
                </select>
                <button data-testid="fail-next" disabled=move || activities().is_empty() on:click=move |_| {
                    let Some(id) = state.pipeline_id() else { return };
                    let t = target.get_untracked();
                    let object = if t.is_empty() { activities().first().cloned().unwrap_or_default() } else { t };
                    fail_next(sim, &id, &object, 1);
                }>"⚡ Fail its next attempt"</button>
            </span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_texts_are_placed_at_their_object_and_field() {
        let answer = serde_json::json!({
            "validationErrors": [{"id": "Schedule", "errors": ["INVALID_FIELD_VALUE:  'startDateTime' value must be a literal datetime value."]}],
            "validationWarnings": [{"id": "Default", "warnings": ["'pipelineLogUri' is missing. It is recommended to set this value on Default object for better troubleshooting."]}],
            "errored": true
        });
        let p = problems(&answer);
        assert_eq!(p.len(), 2);
        assert_eq!(
            (p[0].object.as_deref(), p[0].field.as_deref(), p[0].warning),
            (Some("Schedule"), Some("startDateTime"), false)
        );
        assert_eq!((p[1].field.as_deref(), p[1].warning), (Some("pipelineLogUri"), true));
        assert_eq!(quote("echo 'hi'"), r#"'echo '"'"'hi'"'"''"#);
        assert_eq!(field_of("INVALID_OBJECT:  an object can have at most 50 fields"), None);
    }
}
