//! The learning layer in the page: the level a learner is playing (its goal overlay follows
//! every view), the open question and tour, presenter and embed modes, and what the route asks
//! for. What a level, question or tour is, and whether a goal is met, is the `learn` crate's
//! business: these components only draw it and send its commands through the sim.

pub mod embed;
mod export;
mod level_goal;
pub mod modes;
mod present;
pub mod progress;
mod tour;

use engine::api::Call;
use engine::Command;
use leptos::prelude::*;

use crate::driver::Sim;
use crate::routes::{Route, View};
use crate::state::Shared;
use crate::url_state;

pub use embed::{CopyEmbedCode, EmbedGate};
pub(crate) use export::ExportDialog;
pub use export::{ExportButton, MakeDialog};
pub use level_goal::LevelGoal;
pub use present::{PresenterLayer, SpeakerNotes};
pub use tour::TourPanel;

/// What the learning layer shares with the shell and the views.
#[derive(Clone, Copy)]
pub struct Learning {
    /// The open level's id.
    pub level: RwSignal<Option<&'static str>>,
    /// Bumped when a level is (re)started, so its overlay forgets an earlier run.
    pub started: RwSignal<u64>,
    /// The open question and its seed.
    pub question: RwSignal<Option<(&'static str, u64)>>,
    /// The running tour's id, and the step it shows.
    pub tour: RwSignal<Option<&'static str>>,
    pub tour_step: RwSignal<Option<usize>>,
    /// Presenter mode (`present=1`): large type, clicker keys.
    pub present: RwSignal<bool>,
    /// Embedded in another page (`embed=1`): minimal chrome, nothing runs until clicked.
    pub embed: RwSignal<bool>,
    /// This window is the presenter's speaker window (`speaker=1`): it follows the main one.
    pub speaker: RwSignal<bool>,
    /// The origins an embedding page may command the sandbox from (`origin=`).
    pub origins: RwSignal<Vec<String>>,
    /// What this browser remembers: levels solved, questions answered, reviews due.
    pub progress: RwSignal<learn::progress::Progress>,
}

impl Learning {
    pub fn new() -> Self {
        Learning {
            level: RwSignal::new(None),
            started: RwSignal::new(0),
            question: RwSignal::new(None),
            tour: RwSignal::new(None),
            tour_step: RwSignal::new(None),
            present: RwSignal::new(false),
            embed: RwSignal::new(false),
            speaker: RwSignal::new(false),
            origins: RwSignal::new(Vec::new()),
            progress: RwSignal::new(progress::load()),
        }
    }

    /// The parameters that stay in the address bar while the learner works (see
    /// [`url_state::set_sticky`]): enough to reopen the same level, question, tour and mode.
    fn sticky(&self) -> String {
        let mut params = Vec::new();
        if let Some(l) = self.level.get_untracked() {
            params.push(format!("level={l}"));
        }
        if let Some((q, seed)) = self.question.get_untracked() {
            params.push(format!("question={q}&seed={seed}"));
        }
        if let Some(t) = self.tour.get_untracked() {
            params.push(format!("tour={t}"));
        }
        if self.present.get_untracked() {
            params.push("present=1".into());
        }
        if self.embed.get_untracked() {
            params.push("embed=1".into());
        }
        if self.speaker.get_untracked() {
            params.push("speaker=1".into());
        }
        for o in self.origins.get_untracked() {
            params.push(format!("origin={}", String::from(js_sys::encode_uri_component(&o))));
        }
        params.join("&")
    }

    /// Keeps the sticky parameters in step with the learning layer's state.
    pub fn keep_the_address(self) {
        Effect::new(move |_| {
            self.level.track();
            self.question.track();
            self.tour.track();
            self.present.track();
            self.embed.track();
            self.speaker.track();
            self.origins.track();
            url_state::set_sticky(self.sticky());
        });
    }
}

/// Opens a level: its start scenario, in its view, playing (an embedded page waits for a click).
pub fn open_level(
    sim: Sim,
    shared: Shared,
    learning: Learning,
    level: &'static learn::level::Level,
) {
    if fetch_first(Some(sim), level.view, move || open_level(sim, shared, learning, level)) {
        return;
    }
    learning.level.set(Some(level.id));
    learning.started.update(|n| *n += 1);
    url_state::set_sticky(learning.sticky());
    shared.preset.set(None);
    sim.load(&level.scenario());
    if !learning.embed.get_untracked() {
        sim.play();
    }
    if let Some(v) = View::from_slug(level.view) {
        shared.view.set(v);
    }
}

/// Starts a tour on its own start scenario, in its view; its panel shows the first caption once
/// the start is restored.
pub fn open_tour(sim: Sim, shared: Shared, learning: Learning, tour: &'static learn::tours::Tour) {
    if fetch_first(Some(sim), tour.view, move || open_tour(sim, shared, learning, tour)) {
        return;
    }
    learning.level.set(None);
    learning.tour.set(Some(tour.id));
    learning.started.update(|n| *n += 1);
    shared.preset.set(None);
    sim.load(&tour.scenario());
    if let Some(v) = View::from_slug(tour.view) {
        shared.view.set(v);
    }
}

/// Whether `view`'s services must be fetched before a level, tour or question on it can build
/// its start (see `Needs::of_view`); if so, fetches them and then calls `then`. With the
/// sandbox's `sim`, the controls say what is downloading, and a failure shows.
pub fn fetch_first(sim: Option<Sim>, view: &str, then: impl FnOnce() + 'static) -> bool {
    let needs = crate::on_demand::Needs::of_view(view);
    if needs.is_empty() {
        return false;
    }
    if let Some(sim) = sim {
        sim.fetching.set(Some(needs.what()));
    }
    leptos::task::spawn_local(async move {
        let loaded = needs.fetch().await;
        if let Some(sim) = sim {
            sim.fetching.set(None);
        }
        match (loaded, sim) {
            (Ok(()), _) => then(),
            (Err(_), Some(sim)) => sim.error.set(Some(crate::on_demand::PARTS_FAILED.into())),
            (Err(_), None) => {}
        }
    });
    true
}

pub fn leave_level(learning: Learning) {
    learning.level.set(None);
}

/// What the route asks of the learning layer: modes, a level, a question. A link with both a
/// level and a scenario (`s=`) is the learner's own progress in the level: the scenario is
/// restored as it is (the shell has loaded it) and only the overlay opens.
pub fn follow_route(sim: Sim, shared: Shared, learning: Learning, route: &Route) {
    let (present, embed, speaker) = modes::page_flags(route);
    // An embedded sandbox waits for its reader's first click; the speaker window only follows.
    let newly_embedded = embed && !learning.embed.get_untracked();
    if newly_embedded || speaker || (!embed && sim.held.get_untracked()) {
        sim.held.set(embed || speaker);
    }
    learning.present.set(present);
    learning.embed.set(embed);
    learning.speaker.set(speaker);
    learning.origins.set(modes::page_origins(route));
    if speaker {
        return;
    }
    learning.question.set(route.question.as_deref().and_then(learn::questions::find).map(|q| {
        let seed = route.seed.unwrap_or_else(|| {
            learning
                .progress
                .with_untracked(|p| p.questions.get(q.id).map_or(1, |r| r.last_seed + 1))
        });
        (q.id, seed)
    }));
    if route.question.is_some() && learning.question.get_untracked().is_none() {
        sim.error.set(Some("There is no such question: see #/learn for the questions.".into()));
    }
    match route.tour.as_deref().map(|id| (id, learn::tours::find(id))) {
        // A tour always starts from its beginning: a link cannot say which step it was at.
        Some((_, Some(tour))) => open_tour(sim, shared, learning, tour),
        Some((id, None)) => sim.error.set(Some(format!(
            "There is no tour named \u{201c}{id}\u{201d}: see #/learn for the tours."
        ))),
        None => learning.tour.set(None),
    }
    match route.level.as_deref() {
        None => leave_level(learning),
        Some(id) => match learn::levels::find(id) {
            None => {
                sim.error.set(Some(format!(
                    "There is no level named \u{201c}{id}\u{201d}: see #/learn for the levels."
                )));
                leave_level(learning);
            }
            Some(level) if route.scenario.is_some() => learning.level.set(Some(level.id)),
            Some(level) => open_level(sim, shared, learning, level),
        },
    }
    if route.view.is_some() {
        shared.view.set(route.resolved_view());
    }
    url_state::set_sticky(learning.sticky());
}

/// Applies commands as the learner's own: API calls echoed in the console as `aws ...`, the
/// others as what they do.
pub fn apply_commands(sim: Sim, commands: Vec<Command>) {
    // A level's solution or a tour's step may reach a part of the engine not fetched yet.
    let needs = crate::on_demand::Needs::of(&commands);
    if !needs.is_empty() {
        leptos::task::spawn_local(async move {
            match needs.fetch().await {
                Ok(()) => apply_commands(sim, commands),
                Err(_) => sim.error.set(Some(crate::on_demand::PARTS_FAILED.into())),
            }
        });
        return;
    }
    for c in commands {
        match c {
            Command::Api { target, body, .. } => {
                let _ = sim.call(Call { target, body });
            }
            other => {
                let note = learn::describe::command(&other);
                sim.act(other, &note);
            }
        }
    }
}

/// Whether a key press is the learner typing in a field (then it is not a tour's or a
/// presenter's key).
pub fn typing(ev: &web_sys::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    let tag = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|e| e.tag_name().to_ascii_lowercase())
        .unwrap_or_default();
    matches!(tag.as_str(), "input" | "textarea" | "select")
}

/// A command as a learner would type or read it: the `aws ...` line of an API call.
pub fn command_line(c: &Command) -> String {
    match c {
        // The CLI's module has come by the time a solution is shown (level_goal.rs waits).
        Command::Api { target, body, .. } => crate::cli::loaded()
            .map_or_else(|| format!("# {target} {body}"), |cli| cli.command_line_for(target, body)),
        other => format!("# {}", learn::describe::command(other)),
    }
}
