//! The app's shared state, in a module of its own so views and the shell both import it
//! without going through each other.

use leptos::prelude::*;

use crate::driver::Sim;
use crate::routes::View;
use crate::url_state;

/// State every view may read: the current view and preset, and the shareable link.
#[derive(Clone, Copy)]
pub struct Shared {
    pub sim: Sim,
    pub view: RwSignal<View>,
    pub preset: RwSignal<Option<String>>,
}

impl Shared {
    pub fn scenario(&self) -> engine::scenario::Scenario {
        self.sim.scenario(self.view.get_untracked().slug(), self.preset.get_untracked())
    }

    pub fn share_url(&self) -> String {
        url_state::full_url(&self.scenario())
    }
}
