//! A panic in wasm leaves the module unusable, so the banner that reports it is drawn by
//! boot.js (plain JavaScript that outlives the module), with a button to copy the scenario
//! link so the learner can report what led there.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = window, js_name = sandboxShowPanic)]
    fn show_panic(message: &str);
}

pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_panic(&info.to_string());
    }));
}
