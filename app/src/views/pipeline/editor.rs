//! The definition editor: the CLI's file form (`{"objects": [...], "parameters": [...],
//! "values": {...}}`) as a learner writes it for real AWS, an upload for a definition file, and
//! PutPipelineDefinition's validation errors and warnings placed at their object and field.
//! Putting runs `aws datapipeline put-pipeline-definition --pipeline-definition '...'`, so the
//! CLI's own translator reads the text (and refuses what it refuses, in its words).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::actions::{activate, create, put};
use super::{PipeState, Problem};

#[component]
pub fn Editor() -> impl IntoView {
    let state = expect_context::<PipeState>();
    let sim = state.sim;
    let name = RwSignal::new(String::from("my-pipeline"));
    // Puts into the pipeline shown, or creates one named as the name field says.
    let put_definition = move |then_activate: bool| {
        state.error.set(None);
        let id = match state.pipeline_id() {
            Some(id) => id,
            None => match create(sim, &name.get_untracked()) {
                Ok(id) => id,
                Err(e) => {
                    state.error.set(Some(e));
                    return;
                }
            },
        };
        state.chosen.set(Some(id.clone()));
        match put(sim, &id, &state.editor.get_untracked()) {
            Ok(problems) => {
                let errored = problems.iter().any(|p| !p.warning);
                state.problems.set(problems);
                if then_activate && !errored {
                    state.error.set(activate(sim, &id).err());
                }
            }
            Err(e) => {
                state.problems.set(vec![Problem {
                    object: None,
                    field: None,
                    text: e,
                    warning: false,
                }]);
            }
        }
    };
    let new_pipeline = move |_| {
        state.error.set(None);
        match create(sim, &name.get_untracked()) {
            Ok(id) => state.chosen.set(Some(id)),
            Err(e) => state.error.set(Some(e)),
        }
    };
    let on_upload = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|l| l.get(0)) else { return };
        let promise = file.array_buffer();
        leptos::task::spawn_local(async move {
            let Ok(buffer) = wasm_bindgen_futures::JsFuture::from(promise).await else { return };
            let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
            // The file also goes into the console's file area, as the S3 view's uploads do.
            sim.add_local_file(&file.name(), bytes.clone());
            state.editor.set(String::from_utf8_lossy(&bytes).into_owned());
            state.problems.set(Vec::new());
        });
        input.set_value("");
    };
    let problems = move || {
        state
            .problems
            .get()
            .into_iter()
            .map(|p| {
                let place = match (&p.object, &p.field) {
                    (Some(o), Some(f)) => format!("{o} · {f}"),
                    (Some(o), None) => o.clone(),
                    _ => "the file".to_string(),
                };
                view! {
                    <li class:warning=p.warning data-testid=if p.warning { "definition-warning" } else { "definition-error" }
                        data-object=p.object.clone().unwrap_or_default() data-field=p.field.clone().unwrap_or_default()>
                        <strong>{if p.warning { "warning " } else { "error " }}{place}</strong>
                        <span class="mono">{p.text.clone()}</span>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="panel editor" aria-labelledby="editor-title">
            <h3 id="editor-title">"Definition (the CLI's file form)"</h3>
            <textarea data-testid="definition-editor" aria-label="Pipeline definition JSON" spellcheck="false" rows="18"
                prop:value=move || state.editor.get() on:input=move |ev| state.editor.set(event_target_value(&ev))></textarea>
            <div class="editor-actions">
                <label class="s3-upload button-like">
                    <span>"⬆ Upload definition file"</span>
                    <input type="file" accept=".json,application/json" data-testid="definition-upload" on:change=on_upload />
                </label>
                <button data-testid="put-definition" on:click=move |_| put_definition(false)>"Put definition"</button>
                <button data-testid="put-activate" on:click=move |_| put_definition(true)>"Put and activate"</button>
            </div>
            <div class="editor-actions">
                <input aria-label="New pipeline name" data-testid="pipeline-name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                <button data-testid="new-pipeline" on:click=new_pipeline>"New pipeline"</button>
            </div>
            <ul class="problems" data-testid="definition-problems">{problems}</ul>
            {move || state.error.get().map(|e| view! { <p class="error" role="alert" data-testid="pipeline-error">{e}</p> })}
        </section>
    }
}
