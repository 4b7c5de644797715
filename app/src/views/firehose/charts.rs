//! Charts drawn with plotters on a canvas: each delivered object's latency (its oldest record's
//! arrival to delivery) and its size, against when it was delivered. The series are plain data
//! built by functions below; drawing happens at most four times a second of real time.

use engine::firehose::DeliveredObjectView;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;

use crate::widgets::chart_panel::{ChartGrid, RedrawThrottle};

use super::FirehoseState;
use crate::widgets::chart_backend::ChartCanvas;

/// The x axis spans at least this many minutes.
const MIN_SPAN_MIN: f64 = 5.0;

const BG: RGBColor = RGBColor(21, 35, 58);
const TEXT: RGBColor = RGBColor(238, 243, 251);
const GRID: RGBColor = RGBColor(46, 68, 104);
const LATENCY: RGBColor = RGBColor(255, 159, 28);
const SIZE: RGBColor = RGBColor(76, 201, 240);

/// Points as (minutes before now the object was delivered, value).
pub fn series(
    objects: &[DeliveredObjectView],
    now_unix_ms: i64,
    value: fn(&DeliveredObjectView) -> f64,
) -> Vec<(f64, f64)> {
    objects.iter().map(|o| ((o.delivered_ms - now_unix_ms) as f64 / 60_000.0, value(o))).collect()
}

/// Seconds from the oldest record's arrival to delivery.
pub fn latency_s(o: &DeliveredObjectView) -> f64 {
    (o.delivered_ms - o.first_arrival_ms).max(0) as f64 / 1000.0
}

/// Size as stored, in KiB.
pub fn size_kib(o: &DeliveredObjectView) -> f64 {
    o.object_bytes as f64 / 1024.0
}

struct ChartSpec<'a> {
    title: &'a str,
    y_label: &'a str,
    points: &'a [(f64, f64)],
    colour: RGBColor,
}

fn draw(
    canvas: web_sys::HtmlCanvasElement,
    spec: &ChartSpec<'_>,
) -> Result<(), Box<dyn std::error::Error>> {
    let width = canvas.client_width().max(200) as u32;
    if canvas.width() != width {
        canvas.set_width(width);
    }
    let backend = ChartCanvas::new(canvas).ok_or("no 2d context")?;
    let root = backend.into_drawing_area();
    root.fill(&BG)?;
    let top = spec.points.iter().map(|p| p.1).fold(1.0, f64::max) * 1.15;
    let left = spec.points.iter().map(|p| p.0).fold(-MIN_SPAN_MIN, f64::min) * 1.05;
    let font = |size: u32| ("sans-serif", size).into_font().color(&TEXT);
    let mut chart = ChartBuilder::on(&root)
        .caption(spec.title, font(17))
        .margin(8)
        .x_label_area_size(40)
        .y_label_area_size(58)
        .build_cartesian_2d(left..0.0, 0.0..top)?;
    chart
        .configure_mesh()
        .light_line_style(GRID.mix(0.35))
        .bold_line_style(GRID)
        .axis_style(GRID)
        .label_style(font(13))
        .x_desc("minutes ago (delivered)")
        .y_desc(spec.y_label)
        .x_labels(6)
        .y_labels(5)
        .draw()?;
    chart.draw_series(LineSeries::new(spec.points.iter().copied(), spec.colour.mix(0.5)))?;
    chart.draw_series(spec.points.iter().map(|&p| Circle::new(p, 4, spec.colour.filled())))?;
    root.present()?;
    Ok(())
}

#[component]
pub fn Charts() -> impl IntoView {
    let state = expect_context::<FirehoseState>();
    let sim = state.sim;
    let refs: [NodeRef<Canvas>; 2] = std::array::from_fn(|_| NodeRef::new());
    let throttle = RedrawThrottle::new();

    // May run from a timer after the view is gone: every read is a `try_`.
    let redraw = move || {
        let Some(objects) = state.delivered.try_get_untracked() else { return };
        let now = sim.with_world(|w| w.now_unix_ms());
        let latency = series(&objects, now, latency_s);
        let sizes = series(&objects, now, size_kib);
        let specs = [
            ChartSpec {
                title: "Delivery latency per object",
                y_label: "seconds",
                points: &latency,
                colour: LATENCY,
            },
            ChartSpec { title: "Object size", y_label: "KiB stored", points: &sizes, colour: SIZE },
        ];
        for (r, spec) in refs.iter().zip(&specs) {
            if let Some(canvas) = r.get_untracked() {
                let _ = draw(canvas, spec);
            }
        }
    };

    Effect::new(move |_| {
        let _ = sim.now.get() / 1000;
        state.delivered.track();
        throttle.request(redraw);
    });

    let labels = [
        "Each delivered object's latency: seconds from its oldest record's arrival to delivery",
        "Each delivered object's size as stored in S3, in kibibytes",
    ];
    view! { <ChartGrid refs=refs labels=labels title_id="fh-charts-title" class="fh-charts" /> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latency_and_size_per_object() {
        let o = DeliveredObjectView {
            bucket: "b".into(),
            key: "k".into(),
            records: 1,
            bytes: 4096,
            object_bytes: 2048,
            first_arrival_ms: 1_000,
            delivered_ms: 61_000,
        };
        assert_eq!(latency_s(&o), 60.0);
        assert_eq!(size_kib(&o), 2.0);
        assert_eq!(series(&[o], 121_000, latency_s), vec![(-1.0, 60.0)]);
    }
}
