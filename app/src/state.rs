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

    /// The link to this moment; `None` when the commands are too big for one (an upload).
    pub fn share_url(&self) -> Option<String> {
        self.sim.fits_in_a_link().then(|| url_state::full_url(&self.scenario()))
    }
}
