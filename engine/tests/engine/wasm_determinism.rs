//! The engine compiled to wasm32 and run in headless Chromium must produce exactly the event
//! log the native build produces for the reference scenario (`make test-wasm`).

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const NATIVE_FINGERPRINT: &str = include_str!("reference_fingerprint.txt");

#[wasm_bindgen_test]
fn reference_scenario_fingerprint_matches_the_native_run() {
    let fingerprint = format!("{:016x}", engine::scenario::reference_fingerprint());
    assert_eq!(fingerprint, NATIVE_FINGERPRINT.trim());
}

#[wasm_bindgen_test]
fn two_runs_in_the_browser_agree() {
    assert_eq!(
        engine::scenario::reference_fingerprint(),
        engine::scenario::reference_fingerprint()
    );
}
