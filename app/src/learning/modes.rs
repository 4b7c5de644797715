//! Presenter and embed modes are asked for in the route's query (`#/streams?present=1`) or in
//! the page's own query string (`/?embed=1&origin=https://docs.example.com#/streams`), which a
//! host page sets once in its iframe's src.

use crate::routes::{decode_component, Route};

/// The page's own query string, parsed as a route's query is.
fn page_query() -> Route {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    Route::parse(&format!("#/?{}", search.trim_start_matches('?')))
}

/// (presenter mode, embed mode, speaker window).
pub fn page_flags(route: &Route) -> (bool, bool, bool) {
    let page = page_query();
    (route.present || page.present, route.embed || page.embed, route.speaker || page.speaker)
}

/// Origins that may command an embedded sandbox: the route's and the page's `origin=`.
pub fn page_origins(route: &Route) -> Vec<String> {
    let mut origins = page_query().origins;
    origins.extend(route.origins.iter().cloned());
    origins.retain(|o| o.starts_with("http://") || o.starts_with("https://"));
    origins.iter_mut().for_each(|o| *o = decode_component(o).trim_end_matches('/').to_string());
    origins.sort();
    origins.dedup();
    origins
}
