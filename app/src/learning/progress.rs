//! The learner's progress in this browser's localStorage, and moving it between browsers as a
//! file (export downloads it, import merges it in). The rules (what counts, when a question
//! comes back) are `learn::progress`'s; the wall clock is the browser's.

use learn::progress::Progress;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::Learning;

const KEY: &str = "data-sandbox-progress";

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// What this browser remembers (nothing, if storage is off or the entry is damaged).
pub fn load() -> Progress {
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|text| Progress::from_json(&text).ok())
        .unwrap_or_default()
}

fn save(p: &Progress) {
    if let Some(s) = storage() {
        let _ = s.set_item(KEY, &p.to_json());
    }
}

fn update(learning: Learning, f: impl FnOnce(&mut Progress)) {
    learning.progress.update(|p| {
        f(p);
        save(p);
    });
}

pub fn record_level(learning: Learning, id: &str, actions: usize, par: usize) {
    update(learning, |p| p.record_level(id, actions as u32, par as u32, now_ms()));
}

pub fn record_answer(learning: Learning, id: &str, seed: u64, right: bool) {
    update(learning, |p| p.record_answer(id, seed, right, now_ms()));
}

/// Downloads the progress as `data-sandbox-progress.json`.
pub fn export(learning: Learning) {
    let text = learning.progress.with_untracked(Progress::to_json);
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(a) = document.create_element("a") {
        if let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>() {
            a.set_href(&url);
            a.set_download("data-sandbox-progress.json");
            a.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Merges an exported file's contents in; the reason if it is not one.
pub fn import(learning: Learning, text: &str) -> Result<(), String> {
    let other = Progress::from_json(text)?;
    update(learning, |p| p.merge(other));
    Ok(())
}

/// Forgets everything this browser remembers.
pub fn clear(learning: Learning) {
    update(learning, |p| *p = Progress::default());
}
