//! Hash routes: `#/overview`, `#/streams?preset=...`, `#/console?s=<scenario>`. The hash keeps
//! the page static-host friendly and lets documentation link straight into a view.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Overview,
    Streams,
    Firehose,
    S3,
    Analytics,
    Console,
}

impl View {
    /// Views in navigation order. A view is listed only once it works.
    pub const ALL: &'static [View] =
        &[View::Overview, View::Streams, View::Firehose, View::S3, View::Analytics, View::Console];

    pub fn slug(self) -> &'static str {
        match self {
            View::Overview => "overview",
            View::Streams => "streams",
            View::Firehose => "firehose",
            View::S3 => "s3",
            View::Analytics => "analytics",
            View::Console => "console",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            View::Overview => "Overview",
            View::Streams => "Streams",
            View::Firehose => "Firehose",
            View::S3 => "S3",
            View::Analytics => "Analytics",
            View::Console => "Console",
        }
    }

    pub fn from_slug(slug: &str) -> Option<View> {
        View::ALL.iter().copied().find(|v| v.slug() == slug)
    }
}

/// A parsed location hash.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Route {
    /// The view named in the hash, if any (an unknown name falls back to the overview).
    pub view: Option<String>,
    /// The `s=` scenario link, still encoded.
    pub scenario: Option<String>,
    pub preset: Option<String>,
}

impl Route {
    pub fn parse(hash: &str) -> Route {
        let hash = hash.trim_start_matches('#').trim_start_matches('/');
        let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
        let mut route = Route {
            view: (!path.is_empty()).then(|| path.trim_end_matches('/').to_string()),
            ..Route::default()
        };
        for pair in query.split('&') {
            match pair.split_once('=') {
                Some(("s", v)) => route.scenario = Some(v.to_string()),
                Some(("preset", v)) => route.preset = Some(v.to_string()),
                _ => {}
            }
        }
        route
    }

    pub fn resolved_view(&self) -> View {
        self.view.as_deref().and_then(View::from_slug).unwrap_or(View::Overview)
    }
}

pub fn current_hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_view_scenario_and_preset() {
        let r = Route::parse("#/overview?s=1abc&preset=hot-key");
        assert_eq!(r.view.as_deref(), Some("overview"));
        assert_eq!(r.scenario.as_deref(), Some("1abc"));
        assert_eq!(r.preset.as_deref(), Some("hot-key"));
        assert_eq!(Route::parse("").resolved_view(), View::Overview);
        assert_eq!(Route::parse("#/nowhere").resolved_view(), View::Overview);
    }
}
