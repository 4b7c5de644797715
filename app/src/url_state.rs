//! Keeps the address bar's hash equal to the current scenario, so copying the URL at any
//! moment shares exactly what is on screen. `replaceState` does not add history entries or
//! fire `hashchange`.

use std::cell::RefCell;

use engine::scenario::{encode, Scenario};

thread_local! {
    /// Query parameters that stay in the address while the scenario changes under them: an
    /// open level, presenter or embed mode (`level=hot-partition-key&present=1`).
    static STICKY: RefCell<String> = const { RefCell::new(String::new()) };
}

pub fn set_sticky(params: String) {
    STICKY.with(|s| *s.borrow_mut() = params);
}

pub fn scenario_hash(scenario: &Scenario) -> String {
    let sticky = STICKY.with(|s| s.borrow().clone());
    let extra = if sticky.is_empty() { String::new() } else { format!("&{sticky}") };
    format!("#/{}?s={}{extra}", scenario.view, encode(scenario))
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
