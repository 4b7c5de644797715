//! Progress on `#/learn`: what is solved and answered, the questions due for review, and
//! moving it to another browser as a file.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::learning::progress::{clear, export, import, now_ms};
use crate::learning::Learning;

#[component]
pub fn ProgressPanel() -> impl IntoView {
    let learning = expect_context::<Learning>();
    let problem = RwSignal::new(None::<String>);
    let summary = move || {
        learning.progress.with(|p| {
            let right = p.questions.values().filter(|q| q.last_right).count();
            format!(
                "{} level(s) solved · {} question(s) answered, {} right the last time",
                p.levels.len(),
                p.questions.len(),
                right
            )
        })
    };
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            let result = match text.ok().and_then(|t| t.as_string()) {
                Some(t) => import(learning, &t),
                None => Err("The file could not be read.".into()),
            };
            problem.set(result.err());
        });
    };
    view! {
        <section class="learn-section progress" aria-labelledby="progress-title">
            <h3 id="progress-title">"Your progress"</h3>
            <p data-testid="progress-summary">{summary}</p>
            <ByExam />
            <ReviewDue />
            <div class="form-row">
                <button data-testid="progress-export" on:click=move |_| export(learning)>"Export progress"</button>
                <label class="file-button">
                    "Import progress"
                    <input data-testid="progress-import" type="file" accept="application/json,.json" on:change=on_file />
                </label>
                <button class="small" data-testid="progress-clear" on:click=move |_| clear(learning)>"Forget all"</button>
            </div>
            {move || problem.get().map(|p| view! { <p class="field-problem" role="alert">{p}</p> })}
            <p class="muted">"Kept in this browser only (localStorage): no account, nothing sent anywhere."</p>
        </section>
    }
}

/// Levels solved and questions right per exam, and the study notes practised.
#[component]
fn ByExam() -> impl IntoView {
    let learning = expect_context::<Learning>();
    let rows = move || {
        learning.progress.with(|p| {
            p.by_exam()
                .into_iter()
                .map(|e| {
                    view! {
                        <li data-testid="progress-exam" data-exam=e.exam.code()>
                            <strong>{format!("{} ({})", e.exam.name(), e.exam.code())}</strong>
                            {format!(": {} of {} levels solved, {} of {} questions right", e.levels_solved, e.levels, e.questions_right, e.questions)}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let notes = move || {
        learning.progress.with(|p| {
            let n = p.notes_practised();
            if n.is_empty() {
                "none yet".to_string()
            } else {
                n.join(", ")
            }
        })
    };
    view! {
        <ul class="by-exam">{rows}</ul>
        <p data-testid="progress-notes">"Study notes practised: " {notes}</p>
    }
}

/// Questions whose review time has come: the missed ones after a day, the others later.
#[component]
fn ReviewDue() -> impl IntoView {
    let learning = expect_context::<Learning>();
    let due = move || {
        learning
            .progress
            .with(|p| p.due(now_ms()).into_iter().map(str::to_string).collect::<Vec<_>>())
    };
    view! {
        <div class="review" data-testid="review-due">
            <strong>"Due for review: "</strong>
            {move || {
                let due = due();
                if due.is_empty() {
                    view! { <span>"nothing today"</span> }.into_any()
                } else {
                    due.into_iter()
                        .map(|id| view! {
                            <a class="review-item" data-testid="review-item" data-question=id.clone()
                                href=format!("#/learn?question={id}")>{id.clone()}</a>
                        })
                        .collect_view()
                        .into_any()
                }
            }}
        </div>
    }
}
