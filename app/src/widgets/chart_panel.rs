//! What every view's chart panel shares: redraws throttled to a few a second (plotters redraws
//! a whole canvas, too costly for every frame) and the grid of labelled canvases.

use leptos::html::Canvas;
use leptos::prelude::*;

use crate::driver::perf_now;

/// Least time between two redraws of a panel's charts, in real milliseconds.
const REDRAW_MS: f64 = 250.0;

/// Runs a redraw now, or once later if one ran less than `REDRAW_MS` ago.
#[derive(Clone, Copy)]
pub struct RedrawThrottle {
    last: StoredValue<f64>,
    pending: StoredValue<bool>,
}

impl RedrawThrottle {
    pub fn new() -> Self {
        Self { last: StoredValue::new(f64::NEG_INFINITY), pending: StoredValue::new(false) }
    }

    /// `redraw` may run from a timer after the view is gone, so it must read with `try_`.
    pub fn request(&self, redraw: impl Fn() + Copy + 'static) {
        let this = *self;
        if this.pending.get_value() {
            return;
        }
        // The first draw gets a task of its own, so a view that opens does not draw every
        // chart in the task that builds it (one long task instead of several short ones).
        let first = this.last.get_value() == f64::NEG_INFINITY;
        let wait = REDRAW_MS - (perf_now() - this.last.get_value());
        if wait <= 0.0 && !first {
            this.draw(redraw);
        } else {
            this.pending.set_value(true);
            set_timeout(
                move || {
                    if this.pending.try_set_value(false).is_none() {
                        this.draw(redraw);
                    }
                },
                std::time::Duration::from_millis(wait.max(0.0) as u64),
            );
        }
    }

    fn draw(&self, redraw: impl Fn()) {
        redraw();
        let _ = self.last.try_set_value(perf_now());
    }
}

/// The panel: a title and one canvas per chart, each described for screen readers.
#[component]
pub fn ChartGrid<const N: usize>(
    refs: [NodeRef<Canvas>; N],
    labels: [&'static str; N],
    title_id: &'static str,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    view! {
        <section class=format!("panel charts {class}") aria-labelledby=title_id>
            <h3 id=title_id>"Charts"</h3>
            <div class="chart-grid">
                {refs
                    .into_iter()
                    .zip(labels)
                    .map(|(r, label)| {
                        view! {
                            <canvas
                                class="chart"
                                node_ref=r
                                height="230"
                                role="img"
                                aria-label=label
                            ></canvas>
                        }
                    })
                    .collect_view()}
            </div>
        </section>
    }
}
