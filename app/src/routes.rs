//! Hash routes: `#/overview`, `#/streams?preset=...`, `#/console?s=<scenario>`. The hash keeps
//! the page static-host friendly and lets documentation link straight into a view.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Overview,
    Streams,
    Firehose,
    S3,
    Analytics,
    /// Clusters, HDFS blocks and replicas, MapReduce jobs (`#/emr`).
    Emr,
    /// Data Pipeline: the definition as a graph, instances by period, attempts (`#/pipeline`).
    Pipeline,
    /// Snowball, Snowball Edge, Import/Export Disk and the network-or-appliance calculator.
    Transfer,
    Console,
    /// Levels, questions and tours (`#/learn`).
    Learn,
    /// Which study notes each preset, level, tour and question demonstrates (`#/coverage`).
    Coverage,
}

impl View {
    /// Views in navigation order. A view is listed only once it works.
    pub const ALL: &'static [View] = &[
        View::Overview,
        View::Streams,
        View::Firehose,
        View::S3,
        View::Analytics,
        View::Emr,
        View::Pipeline,
        View::Transfer,
        View::Console,
        View::Learn,
    ];
    /// Views reached by a link, not from the navigation bar.
    pub const LINKED: &'static [View] = &[View::Coverage];

    pub fn slug(self) -> &'static str {
        match self {
            View::Overview => "overview",
            View::Streams => "streams",
            View::Firehose => "firehose",
            View::S3 => "s3",
            View::Analytics => "analytics",
            View::Emr => "emr",
            View::Pipeline => "pipeline",
            View::Transfer => "transfer",
            View::Console => "console",
            View::Learn => "learn",
            View::Coverage => "coverage",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            View::Overview => "Overview",
            View::Streams => "Streams",
            View::Firehose => "Firehose",
            View::S3 => "S3",
            View::Analytics => "Analytics",
            View::Emr => "EMR",
            View::Pipeline => "Data Pipeline",
            View::Transfer => "Import/Export",
            View::Console => "Console",
            View::Learn => "Learn",
            View::Coverage => "Coverage",
        }
    }

    pub fn from_slug(slug: &str) -> Option<View> {
        View::ALL.iter().chain(View::LINKED).copied().find(|v| v.slug() == slug)
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
    /// `level=`: a level to open (`#/streams?level=hot-partition-key`).
    pub level: Option<String>,
    /// `question=` and its `seed=`: a predict-then-run question (`#/learn?question=...`).
    pub question: Option<String>,
    pub seed: Option<u64>,
    /// `tour=`: a guided tour to start.
    pub tour: Option<String>,
    /// `present=1` (presenter mode), `embed=1` (embedded in another page), `speaker=1` (the
    /// presenter's second window), and the `origin=` an embedding page may command from.
    pub present: bool,
    pub embed: bool,
    pub speaker: bool,
    pub origins: Vec<String>,
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
                Some(("level", v)) => route.level = Some(v.to_string()),
                Some(("question", v)) => route.question = Some(v.to_string()),
                Some(("seed", v)) => route.seed = v.parse().ok(),
                Some(("tour", v)) => route.tour = Some(v.to_string()),
                Some(("present", v)) => route.present = v == "1",
                Some(("embed", v)) => route.embed = v == "1",
                Some(("speaker", v)) => route.speaker = v == "1",
                Some(("origin", v)) => route.origins.push(decode_component(v)),
                _ => {}
            }
        }
        route
    }

    pub fn resolved_view(&self) -> View {
        self.view.as_deref().and_then(View::from_slug).unwrap_or(View::Overview)
    }
}

/// `%XX` escapes undone (an origin in a query is usually escaped: `https%3A%2F%2Fdocs...`).
pub fn decode_component(text: &str) -> String {
    engine::api::percent::percent_decode(text, false)
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

    #[test]
    fn parses_the_learning_layers_parameters() {
        let r = Route::parse(
            "#/streams?level=hot-partition-key&present=1&embed=1&origin=https%3A%2F%2Fdocs.example.com&origin=http://127.0.0.1:9000",
        );
        assert_eq!(r.level.as_deref(), Some("hot-partition-key"));
        assert!(r.present && r.embed && !r.speaker);
        assert_eq!(r.origins, ["https://docs.example.com", "http://127.0.0.1:9000"]);
        let q = Route::parse("#/learn?question=hot-key-outcome&seed=42");
        assert_eq!((q.question.as_deref(), q.seed), (Some("hot-key-outcome"), Some(42)));
        assert_eq!(q.resolved_view(), View::Learn);
        assert_eq!(Route::parse("#/coverage").resolved_view(), View::Coverage);
    }
}
