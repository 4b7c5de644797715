//! Days against data size for the network and the appliance, on log scales, with the crossover
//! marked and AWS's "7 days or more" rule drawn in. Redrawn when an input changes (never per
//! frame); the time a redraw took is shown, to check it stays inside a frame.

use engine::snowball::calculator::{chart, Comparison, SEVEN_DAY_RULE};
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;

use super::TransferState;
use crate::driver::perf_now;
use crate::widgets::chart_backend::ChartCanvas;

const BG: RGBColor = RGBColor(21, 35, 58);
const TEXT: RGBColor = RGBColor(238, 243, 251);
const GRID: RGBColor = RGBColor(46, 68, 104);
const NETWORK: RGBColor = RGBColor(76, 201, 240);
const APPLIANCE: RGBColor = RGBColor(255, 159, 28);
const RULE: RGBColor = RGBColor(240, 113, 120);

/// Points per line.
const POINTS: usize = 60;

fn draw(
    canvas: web_sys::HtmlCanvasElement,
    points: &[(f64, f64, f64)],
    size_tb: f64,
    cross_tb: Option<f64>,
) -> Result<(), Box<dyn std::error::Error>> {
    let width = canvas.client_width().max(200) as u32;
    if canvas.width() != width {
        canvas.set_width(width);
    }
    let backend = ChartCanvas::new(canvas).ok_or("no 2d context")?;
    let root = backend.into_drawing_area();
    root.fill(&BG)?;
    let max_tb = points.last().map_or(1000.0, |p| p.0);
    let finite = |d: f64| if d.is_finite() { d.clamp(0.01, 1e6) } else { 1e6 };
    let top = points.iter().map(|p| finite(p.1).max(finite(p.2))).fold(10.0, f64::max) * 1.5;
    let font = |size: u32| ("sans-serif", size).into_font().color(&TEXT);
    let mut c = ChartBuilder::on(&root)
        .caption("Days to move the data", font(17))
        .margin(8)
        .x_label_area_size(40)
        .y_label_area_size(58)
        .build_cartesian_2d((1.0..max_tb).log_scale(), (0.1..top).log_scale())?;
    c.configure_mesh()
        .light_line_style(GRID.mix(0.35))
        .bold_line_style(GRID)
        .axis_style(GRID)
        .label_style(font(13))
        .x_desc("data (TB, log scale)")
        .y_desc("days (log scale)")
        .draw()?;
    let line = |pick: fn(&(f64, f64, f64)) -> f64| {
        points.iter().map(move |p| (p.0, finite(pick(p)))).collect::<Vec<_>>()
    };
    // The legend is HTML under the canvas: plotters' own legend measures its text with an
    // inline-styled span, which the page's CSP refuses.
    c.draw_series(LineSeries::new(line(|p| p.1), NETWORK.stroke_width(3)))?;
    c.draw_series(LineSeries::new(line(|p| p.2), APPLIANCE.stroke_width(3)))?;
    c.draw_series(LineSeries::new(
        [(1.0, SEVEN_DAY_RULE), (max_tb, SEVEN_DAY_RULE)],
        RULE.stroke_width(1),
    ))?;
    if let Some(x) = cross_tb.filter(|x| *x >= 1.0 && *x <= max_tb) {
        c.draw_series(LineSeries::new([(x, 0.1), (x, top)], TEXT.mix(0.6)))?;
        c.draw_series([Text::new(format!("crossover {x:.1} TB"), (x, top / 3.0), font(13))])?;
    }
    if size_tb >= 1.0 && size_tb <= max_tb {
        c.draw_series([Text::new("your data", (size_tb, 0.15), font(12))])?;
        c.draw_series(LineSeries::new([(size_tb, 0.1), (size_tb, 0.3)], TEXT))?;
    }
    root.present()?;
    Ok(())
}

#[component]
pub fn DaysChart(result: Memo<Comparison>, cross: Memo<Option<u64>>) -> impl IntoView {
    let state = expect_context::<TransferState>();
    let canvas: NodeRef<Canvas> = NodeRef::new();
    let took = RwSignal::new(None::<f64>);
    Effect::new(move |_| {
        let _ = result.get();
        let scenario = state.calc.with(|c| c.scenario());
        let size_tb = scenario.bytes as f64 / 1e12;
        let cross_tb = cross.get().map(|b| b as f64 / 1e12);
        let max_tb = (size_tb * 10.0).max(cross_tb.unwrap_or(0.0) * 3.0).clamp(100.0, 100_000.0);
        let Some(el) = canvas.get() else { return };
        let start = perf_now();
        let points = chart(&scenario, max_tb, POINTS);
        let _ = draw(el, &points, size_tb, cross_tb);
        took.set(Some(perf_now() - start));
    });
    view! {
        <canvas
            class="chart transfer-chart"
            node_ref=canvas
            height="260"
            role="img"
            aria-label="Days against data size: the network line, the appliance line, the crossover and the 7-day rule"
        ></canvas>
        <p class="chart-legend">
            <span class="key network">"network (AWS's formula)"</span>
            <span class="key appliance">"appliance (door to door)"</span>
            <span class="key rule">"7 days: AWS's rule"</span>
        </p>
        <p class="muted" data-testid="chart-ms">
            {move || took.get().map(|ms| format!("Chart computed and drawn in {ms:.1} ms (a frame is 16.7 ms)."))}
        </p>
    }
}
