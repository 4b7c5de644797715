//! A chart of an output column over ROWTIME: the last numeric column of the destination
//! stream (a count per window, an average price), one line per ticker symbol. Drawn with
//! plotters, at most four times a second of real time.

use engine::analytics::StreamRow;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;

use super::{columns_of, AnalyticsState, DESTINATION};
use crate::widgets::chart_backend::ChartCanvas;
use crate::widgets::chart_panel::{ChartGrid, RedrawThrottle};

const BG: RGBColor = RGBColor(21, 35, 58);
const TEXT: RGBColor = RGBColor(238, 243, 251);
const GRID: RGBColor = RGBColor(46, 68, 104);
const PALETTE: [RGBColor; 5] = [
    RGBColor(255, 159, 28),
    RGBColor(76, 201, 240),
    RGBColor(131, 56, 236),
    RGBColor(6, 214, 160),
    RGBColor(239, 71, 111),
];
const MAX_SERIES: usize = 5;

/// (series key, points as (seconds before the newest row, value)) of the last numeric column,
/// keyed by the first text column; the column's index too.
/// One line of the chart: a ticker symbol and its points.
pub type Line = (String, Vec<(f64, f64)>);

pub fn series(rows: &[StreamRow]) -> (Option<usize>, Vec<Line>) {
    let Some(newest) = rows.last() else { return (None, Vec::new()) };
    let Some(col) = newest.values.iter().rposition(|v| {
        v.as_f64().is_some() && !matches!(v, engine::analytics::sql::Value::Time(_))
    }) else {
        return (None, Vec::new());
    };
    let key_col =
        newest.values.iter().position(|v| matches!(v, engine::analytics::sql::Value::Str(_)));
    let mut out: Vec<Line> = Vec::new();
    for r in rows {
        let Some(v) = r.values.get(col).and_then(|v| v.as_f64()) else { continue };
        let key = key_col.and_then(|k| r.values.get(k)).map(|v| v.to_string()).unwrap_or_default();
        let t = (r.rowtime - newest.rowtime) as f64 / 1000.0;
        match out.iter().position(|s| s.0 == key) {
            Some(i) => out[i].1.push((t, v)),
            None if out.len() < MAX_SERIES => out.push((key, vec![(t, v)])),
            None => {}
        }
    }
    (Some(col), out)
}

fn draw(
    canvas: web_sys::HtmlCanvasElement,
    title: &str,
    lines: &[Line],
) -> Result<(), Box<dyn std::error::Error>> {
    let width = canvas.client_width().max(200) as u32;
    if canvas.width() != width {
        canvas.set_width(width);
    }
    let backend = ChartCanvas::new(canvas).ok_or("no 2d context")?;
    let root = backend.into_drawing_area();
    root.fill(&BG)?;
    let all = lines.iter().flat_map(|l| l.1.iter());
    let (mut lo, mut hi, mut left) = (f64::INFINITY, f64::NEG_INFINITY, -60.0f64);
    for p in all {
        lo = lo.min(p.1);
        hi = hi.max(p.1);
        left = left.min(p.0);
    }
    if !lo.is_finite() {
        lo = 0.0;
        hi = 1.0;
    }
    let pad = ((hi - lo) * 0.1).max(0.5);
    let font = |size: u32| ("sans-serif", size).into_font().color(&TEXT);
    let mut chart = ChartBuilder::on(&root)
        .caption(title, font(16))
        .margin(8)
        .x_label_area_size(36)
        .y_label_area_size(54)
        .build_cartesian_2d(left..0.5, (lo - pad)..(hi + pad))?;
    chart
        .configure_mesh()
        .light_line_style(GRID.mix(0.35))
        .bold_line_style(GRID)
        .axis_style(GRID)
        .label_style(font(12))
        .x_desc("seconds before the newest output row (ROWTIME)")
        .x_labels(6)
        .y_labels(5)
        .draw()?;
    for (i, (_, points)) in lines.iter().enumerate() {
        let c = PALETTE[i % PALETTE.len()];
        chart.draw_series(LineSeries::new(points.iter().copied(), c.mix(0.6)))?;
        chart.draw_series(points.iter().map(|&p| Circle::new(p, 3, c.filled())))?;
    }
    // The legend by hand: plotters' series-label box measures its text through an inline-styled
    // <span>, which the page's CSP refuses; a row of swatches drawn left-aligned needs no
    // measuring.
    for (i, (key, _)) in lines.iter().enumerate() {
        let c = PALETTE[i % PALETTE.len()];
        let x = 64 + i as i32 * 84;
        root.draw(&Rectangle::new([(x, 32), (x + 12, 42)], c.filled()))?;
        root.draw(&Text::new(key.clone(), (x + 16, 30), font(12)))?;
    }
    root.present()?;
    Ok(())
}

#[component]
pub fn OutputChart() -> impl IntoView {
    let state = expect_context::<AnalyticsState>();
    let refs: [NodeRef<Canvas>; 1] = [NodeRef::new()];
    let throttle = RedrawThrottle::new();
    // May run from a timer after the view is gone: every read is a `try_`.
    let redraw = move || {
        let Some(rows) = state.output.try_get_untracked() else { return };
        let rows: Vec<StreamRow> = if rows.iter().any(|r| r.stream == DESTINATION) {
            rows.into_iter().filter(|r| r.stream == DESTINATION).collect()
        } else {
            rows
        };
        let (col, lines) = series(&rows);
        let name = col
            .and_then(|c| {
                state
                    .streams
                    .try_get_untracked()
                    .and_then(|s| columns_of(&s, DESTINATION).get(c).cloned())
            })
            .unwrap_or_else(|| "output column".into());
        if let Some(canvas) = refs[0].get_untracked() {
            let _ = draw(canvas, &format!("{name} per ticker over time"), &lines);
        }
    };
    Effect::new(move |_| {
        state.output.track();
        throttle.request(redraw);
    });
    let labels = ["An output column (the last numeric one) of the destination stream over ROWTIME, one line per ticker symbol"];
    view! { <ChartGrid refs=refs labels=labels title_id="kda-chart-title" class="kda-charts" /> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::analytics::sql::Value;

    #[test]
    fn last_numeric_column_per_symbol() {
        let row = |t: i64, s: &str, n: i64| StreamRow {
            stream: DESTINATION.into(),
            rowtime: t,
            values: vec![Value::str(s), Value::Int(n)],
        };
        let rows = vec![row(0, "AMZN", 3), row(10_000, "ASD", 1), row(10_000, "AMZN", 2)];
        let (col, lines) = series(&rows);
        assert_eq!(col, Some(1));
        assert_eq!(lines[0], ("AMZN".into(), vec![(-10.0, 3.0), (0.0, 2.0)]));
        assert_eq!(lines[1].0, "ASD");
    }
}
