//! Keeps the address bar's hash equal to the current scenario, so copying the URL at any
//! moment shares exactly what is on screen. `replaceState` does not add history entries or
//! fire `hashchange`.

use engine::scenario::{encode, Scenario};

pub fn scenario_hash(scenario: &Scenario) -> String {
    format!("#/{}?s={}", scenario.view, encode(scenario))
}

/// Writes the hash; returns it so the caller can tell its own writes from a pasted link.
pub fn write(scenario: &Scenario) -> String {
    replace_hash(scenario_hash(scenario))
}

/// Writes a hash naming only the view, for a world too big for a link: a stale link would
/// restore an older moment without saying so.
pub fn write_view_only(view: &str) -> String {
    replace_hash(format!("#/{view}"))
}

fn replace_hash(hash: String) -> String {
    if let Some(w) = web_sys::window() {
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&hash));
        }
    }
    hash
}

/// The full URL for the current scenario, for the "copy link" button.
pub fn full_url(scenario: &Scenario) -> String {
    let Some(w) = web_sys::window() else { return String::new() };
    let loc = w.location();
    let base = format!(
        "{}{}",
        loc.origin().unwrap_or_default(),
        loc.pathname().unwrap_or_else(|_| "/".into())
    );
    format!("{base}{}", scenario_hash(scenario))
}
