//! Data Sandbox in the browser: the Leptos UI over the engine's World.
//!
//! `run()` is what index.html calls (wasm-pack does not call `main`), so tests can mount
//! components on their own.

mod cli;
mod controls;
mod driver;
mod learning;
mod log_fold;
mod on_demand;
mod panic;
mod routes;
mod shell;
mod state;
mod url_state;
mod views;
mod widgets;

use wasm_bindgen::prelude::*;

/// Mounts the sandbox into the page.
#[wasm_bindgen]
pub fn run() {
    panic::install_hook();
    leptos::mount::mount_to_body(shell::App);
}

/// Panics on purpose, so the browser tests can check that a panic shows the error banner
/// instead of a blank page.
#[wasm_bindgen]
pub fn debug_panic() {
    panic!("a deliberate panic, raised by debug_panic() for testing");
}

/// The event-log fingerprint of the engine's reference scenario, computed in this browser, for
/// the native-versus-wasm determinism check. A promise: the scenario runs Analytics SQL, EMR,
/// Data Pipeline, Snowball and Import/Export, whose code is fetched first.
#[wasm_bindgen]
pub async fn reference_fingerprint() -> Result<String, String> {
    let parts = on_demand::Needs { sql: true, emr: true, pipeline: true, transfer: true };
    parts.fetch().await.map_err(|_| on_demand::PARTS_FAILED.to_string())?;
    Ok(format!("{:016x}", engine::scenario::reference_fingerprint()))
}
