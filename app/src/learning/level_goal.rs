//! The goal overlay: the open level's goal, checked by the engine after every command and
//! tick (`data-met` says what it says now), the learner's actions against par, a hint, and
//! the solution behind a confirmation. "Solved" is latched the first time the engine says the
//! goal is met.

use learn::goal::Check;
use learn::level::Level;
use leptos::prelude::*;

use super::{apply_commands, command_line, leave_level, open_level, Learning};
use crate::driver::Sim;
use crate::state::Shared;

#[component]
pub fn LevelGoal() -> impl IntoView {
    let learning = expect_context::<Learning>();
    move || {
        learning.level.get().and_then(learn::levels::find).map(|level| {
            // A fresh panel for every (re)start: nothing of an earlier run carries over.
            learning.started.track();
            view! { <GoalPanel level=level /> }
        })
    }
}

#[component]
fn GoalPanel(level: &'static Level) -> impl IntoView {
    let sim = expect_context::<Sim>();
    let shared = expect_context::<Shared>();
    let learning = expect_context::<Learning>();
    let checks = Memo::new(move |_| {
        sim.version.track();
        sim.with_world(|w| level.checks(w))
    });
    let met = Memo::new(move |_| checks.with(|c| c.iter().all(|c| c.met)));
    // Counting actions reads the whole log: only when a command was applied.
    let applied = Memo::new(move |_| {
        sim.version.track();
        sim.with_world(|w| (w.epoch(), w.applied_commands().len()))
    });
    // A memo is pulled when read: reading `applied` (not only tracking it) keeps it current.
    let actions = Memo::new(move |_| {
        let _ = applied.get();
        sim.with_world(|w| level.actions_taken(w))
    });
    let solved = RwSignal::new(None::<usize>);
    Effect::new(move |_| {
        if met.get() && solved.get_untracked().is_none() {
            let n = actions.get_untracked();
            solved.set(Some(n));
            super::progress::record_level(learning, level.id, n, level.par());
        }
    });
    let collapsed = RwSignal::new(false);
    let hint = RwSignal::new(false);
    let solution = RwSignal::new(Solution::Hidden);

    view! {
        <aside
            class="level-goal"
            class:met=move || met.get()
            class:collapsed=move || collapsed.get()
            data-testid="level-goal"
            data-level=level.id
            data-met=move || met.get().to_string()
            data-solved=move || solved.get().is_some().to_string()
            aria-label=format!("Level: {}", level.title)
        >
            <header class="level-head">
                <span class="level-kicker">"Level"</span>
                <h2>{level.title}</h2>
                <button
                    class="small"
                    data-testid="level-goal-toggle"
                    aria-expanded=move || (!collapsed.get()).to_string()
                    on:click=move |_| collapsed.update(|c| *c = !*c)
                >
                    {move || if collapsed.get() { "Show" } else { "Hide" }}
                </button>
            </header>
            <div class="level-body">
                <p class="level-story">{level.story}</p>
                <Verdict met=met solved=solved />
                <ul class="level-checks" aria-live="polite">
                    <For each=move || checks.get() key=|c| (c.label.clone(), c.value.clone(), c.met) let:c>
                        <CheckRow check=c />
                    </For>
                </ul>
                <p class="level-par" data-testid="level-actions">
                    {move || format!("Your actions: {} · par {}", actions.get(), level.par())}
                </p>
                <div class="level-buttons">
                    <button data-testid="level-hint" on:click=move |_| hint.update(|h| *h = !*h)>"Hint"</button>
                    <button data-testid="level-show-solution" on:click=move |_| solution.set(Solution::Confirming)>
                        "Show solution"
                    </button>
                    <button
                        data-testid="level-restart"
                        title="Back to the level's start"
                        on:click=move |_| open_level(sim, shared, learning, level)
                    >
                        "↺ Restart"
                    </button>
                    <button class="small" data-testid="level-leave" on:click=move |_| leave_level(learning)>"Leave"</button>
                </div>
                <Show when=move || hint.get()>
                    <p class="level-hint" data-testid="level-hint-text">{level.hint}</p>
                </Show>
                <SolutionPanel level=level state=solution />
            </div>
        </aside>
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Solution {
    Hidden,
    Confirming,
    Shown,
}

#[component]
fn Verdict(met: Memo<bool>, solved: RwSignal<Option<usize>>) -> impl IntoView {
    move || {
        let text = match (met.get(), solved.get()) {
            (true, Some(n)) => format!("✓ Goal met: the engine says so. Solved in {n} action(s)."),
            (true, None) => "✓ Goal met".to_string(),
            (false, Some(n)) => {
                format!("Solved earlier in {n} action(s); the goal does not hold right now.")
            }
            (false, None) => "Goal not met yet".to_string(),
        };
        view! { <p class="level-verdict" role="status">{text}</p> }
    }
}

#[component]
fn CheckRow(check: Check) -> impl IntoView {
    let mark = if check.met { "✓" } else { "✗" };
    view! {
        <li class="level-check" class:met=check.met data-testid="level-check" data-met=check.met.to_string()>
            <span class="mark" aria-hidden="true">{mark}</span>
            <span class="check-label">{check.label}</span>
            <span class="check-value">
                <strong>{check.value}</strong>
                " (goal: " {check.wanted} ")"
            </span>
        </li>
    }
}

#[component]
fn SolutionPanel(level: &'static Level, state: RwSignal<Solution>) -> impl IntoView {
    let sim = expect_context::<Sim>();
    move || {
        match state.get() {
        Solution::Hidden => None,
        Solution::Confirming => Some(
            view! {
                <div class="level-confirm" role="alertdialog" aria-label="Show the solution?">
                    <p>"Are you sure? Working it out yourself teaches more than reading the answer."</p>
                    <button
                        data-testid="level-confirm-solution"
                        on:click=move |_| {
                            // The solution is shown as `aws` lines: the CLI's module first.
                            leptos::task::spawn_local(async move {
                                let _ = crate::on_demand::aws_cli().await;
                                state.set(Solution::Shown);
                            })
                        }
                    >
                        "Show it"
                    </button>
                    <button on:click=move |_| state.set(Solution::Hidden)>"Not yet"</button>
                </div>
            }
            .into_any(),
        ),
        Solution::Shown => {
            let lines = (level.solution)().iter().map(command_line).collect::<Vec<_>>();
            Some(
                view! {
                    <div class="level-solution" data-testid="level-solution">
                        <p>{format!("One way, in {} action(s):", lines.len())}</p>
                        <ol>{lines.into_iter().map(|l| view! { <li><code>{l}</code></li> }).collect_view()}</ol>
                        <button
                            data-testid="level-apply-solution"
                            on:click=move |_| apply_commands(sim, (level.solution)())
                        >
                            "Apply it now"
                        </button>
                    </div>
                }
                .into_any(),
            )
        }
    }
    }
}
