//! `#/learn`: the levels, questions and tours, with this browser's progress; and
//! `#/coverage` ([`coverage`]): which study note each piece of material demonstrates.

pub mod coverage;
mod progress_panel;
mod question;

use learn::catalog::Exam;
use learn::level::Level;
use learn::question::Question;
use leptos::prelude::*;

use crate::learning::Learning;
use progress_panel::ProgressPanel;
use question::QuestionPanel;

fn exam_codes(exams: &[Exam]) -> String {
    exams.iter().map(|e| e.code()).collect::<Vec<_>>().join(", ")
}

#[component]
pub fn LearnView() -> impl IntoView {
    view! {
        <section class="learn" aria-labelledby="learn-title">
            <div class="learn-head">
                <h2 id="learn-title">"Learn"</h2>
                <p class="learn-intro">
                    "Levels give you a running system with a problem and a goal that the simulation checks after every command. "
                    "Questions ask you to predict what happens, then run it. "
                    <a href="#/coverage" data-testid="coverage-link">"Which study notes does each one cover?"</a>
                </p>
            </div>
            <OpenQuestion />
            <ProgressPanel />
            <LevelList />
            <QuestionList />
            <TourList />
        </section>
    }
}

/// The question the route opened (`question=ID&seed=N`), a fresh panel per question and seed.
#[component]
fn OpenQuestion() -> impl IntoView {
    let learning = expect_context::<Learning>();
    move || {
        let (id, seed) = learning.question.get()?;
        let q = learn::questions::find(id)?;
        Some(view! { <QuestionPanel question=q seed=seed /> })
    }
}

#[component]
fn QuestionList() -> impl IntoView {
    view! {
        <section class="learn-section" aria-labelledby="questions-title">
            <h3 id="questions-title">"Predict, then run"</h3>
            <p class="muted">"Each question draws its numbers from a seed and finds its answer by running the simulation: New numbers gives you another one."</p>
            <ul class="card-list">
                {learn::questions::all().into_iter().map(|q| view! { <QuestionCard question=q /> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn QuestionCard(question: &'static Question) -> impl IntoView {
    let learning = expect_context::<Learning>();
    let record = move || learning.progress.with(|p| p.questions.get(question.id).cloned());
    view! {
        <li class="learn-card" data-testid="learn-question" data-question=question.id>
            <a class="card-title" href=format!("#/learn?question={}", question.id)>{question.title}</a>
            <p class="card-meta">
                {format!("{} · {} · covers {}", if question.is_intervention() { "run each choice" } else { "predict the outcome" }, exam_codes(question.exams), question.covers.join(", "))}
            </p>
            {move || record().map(|r| view! {
                <p class="card-done">{format!("Answered {} time(s), {} right", r.attempts, r.right)}</p>
            })}
        </li>
    }
}

#[component]
fn TourList() -> impl IntoView {
    view! {
        <section class="learn-section" aria-labelledby="tours-title">
            <h3 id="tours-title">"Guided tours"</h3>
            <ul class="card-list">
                {learn::tours::all().iter().map(|t| view! {
                    <li class="learn-card" data-testid="learn-tour" data-tour=t.id>
                        <a class="card-title" href=format!("#/{}?tour={}", t.view, t.id)>{t.title}</a>
                        <p class="card-meta">{format!("{} steps · {} view · covers {}", t.steps.len(), t.view, t.covers.join(", "))}</p>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn LevelList() -> impl IntoView {
    view! {
        <section class="learn-section" aria-labelledby="levels-title">
            <h3 id="levels-title">"Levels"</h3>
            <ul class="card-list">
                {learn::levels::all().into_iter().map(|l| view! { <LevelCard level=l /> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn LevelCard(level: &'static Level) -> impl IntoView {
    let learning = expect_context::<Learning>();
    let solved = move || learning.progress.with(|p| p.levels.get(level.id).cloned());
    view! {
        <li class="learn-card" data-testid="learn-level" data-level=level.id>
            <a class="card-title" href=format!("#/{}?level={}", level.view, level.id)>{level.title}</a>
            <p>{level.story}</p>
            <p class="card-meta">
                {format!("{} view · par {} · {} · covers {}", level.view, level.par(), exam_codes(level.exams), level.covers.join(", "))}
            </p>
            {move || solved().map(|r| view! {
                <p class="card-done" data-testid="level-solved">{format!("✓ Solved, best {} action(s) (par {})", r.best_actions, r.par)}</p>
            })}
        </li>
    }
}
