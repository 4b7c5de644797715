//! Charts drawn with plotters on a canvas: per-shard incoming records/s and bytes/s against the
//! write limit, throttles over time, and each consumer's iterator age. The series are plain
//! data built by functions below; drawing happens at most four times a second of real time.

use std::collections::VecDeque;

use engine::kinesis::metrics::SecondMetrics;
use engine::kinesis::StreamView;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;

use crate::widgets::chart_panel::{ChartGrid, RedrawThrottle};

use crate::widgets::chart_backend::ChartCanvas;

use super::keyspace::short_id;
use super::meters::{WRITE_BYTES_LIMIT, WRITE_RECORDS_LIMIT};
use super::StreamsState;

/// Seconds of history the charts show.
pub const HISTORY_S: u64 = 60;

pub type Series = Vec<(String, Vec<(f64, f64)>)>;

/// Each consumer's iterator age, sampled once a virtual second.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AgeHistory {
    pub series: Vec<(String, VecDeque<(u64, u64)>)>,
    last_second: Option<u64>,
}

impl AgeHistory {
    pub fn sample(&mut self, now_ms: u64, lags: &[(String, u64)]) {
        let second = now_ms / 1000;
        if self.last_second.is_some_and(|s| second < s) {
            *self = AgeHistory::default();
        }
        if self.last_second == Some(second) {
            return;
        }
        self.last_second = Some(second);
        for (name, lag) in lags {
            let i = match self.series.iter().position(|s| &s.0 == name) {
                Some(i) => i,
                None => {
                    self.series.push((name.clone(), VecDeque::new()));
                    self.series.len() - 1
                }
            };
            let points = &mut self.series[i].1;
            points.push_back((second, *lag));
            while points.len() as u64 > HISTORY_S * 2 {
                points.pop_front();
            }
        }
    }

    /// Points as (seconds before now, age in seconds).
    pub fn series(&self, now_ms: u64) -> Series {
        let now = (now_ms / 1000) as f64;
        self.series
            .iter()
            .map(|(name, pts)| {
                let p = pts
                    .iter()
                    .filter(|(s, _)| (*s as f64) >= now - HISTORY_S as f64)
                    .map(|&(s, ms)| (s as f64 - now, ms as f64 / 1000.0))
                    .collect();
                (name.clone(), p)
            })
            .collect()
    }
}

/// One value per second for the last minute, zero where the shard saw nothing, as (seconds
/// before now, value). Only complete seconds are shown.
pub fn per_second(
    metrics: &[SecondMetrics],
    now_ms: u64,
    value: fn(&SecondMetrics) -> f64,
) -> Vec<(f64, f64)> {
    let current = now_ms / 1000;
    let first = current.saturating_sub(HISTORY_S);
    (first..current)
        .map(|s| {
            let v = metrics.iter().find(|m| m.second == s).map_or(0.0, value);
            (s as f64 - current as f64, v)
        })
        .collect()
}

pub fn shard_series(stream: &StreamView, now_ms: u64, value: fn(&SecondMetrics) -> f64) -> Series {
    stream
        .shards
        .iter()
        .filter(|s| s.open || !s.metrics.is_empty())
        .map(|s| (short_id(&s.shard_id), per_second(&s.metrics, now_ms, value)))
        .collect()
}

/// Refused writes (records) and reads (calls) per second, summed over the shards.
pub fn throttle_series(stream: &StreamView, now_ms: u64) -> Series {
    let sum = |value: fn(&SecondMetrics) -> f64| {
        let mut total: Vec<(f64, f64)> = per_second(&[], now_ms, value);
        for s in &stream.shards {
            for (t, v) in total.iter_mut().zip(per_second(&s.metrics, now_ms, value)) {
                t.1 += v.1;
            }
        }
        total
    };
    vec![
        ("writes refused (records)".into(), sum(|m| m.write_throttled as f64)),
        ("reads refused (calls)".into(), sum(|m| m.read_throttled as f64)),
    ]
}

const PALETTE: [RGBColor; 8] = [
    RGBColor(76, 201, 240),
    RGBColor(255, 159, 28),
    RGBColor(95, 211, 141),
    RGBColor(199, 146, 234),
    RGBColor(255, 209, 102),
    RGBColor(240, 113, 120),
    RGBColor(130, 170, 255),
    RGBColor(195, 232, 141),
];
const BG: RGBColor = RGBColor(21, 35, 58);
const TEXT: RGBColor = RGBColor(238, 243, 251);
const GRID: RGBColor = RGBColor(46, 68, 104);
const LIMIT: RGBColor = RGBColor(255, 93, 108);

struct ChartSpec<'a> {
    title: &'a str,
    y_label: &'a str,
    series: &'a Series,
    limit: Option<(f64, &'a str)>,
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
    let top = spec
        .series
        .iter()
        .flat_map(|s| s.1.iter().map(|p| p.1))
        .fold(spec.limit.map_or(1.0, |l| l.0 * 1.15), f64::max)
        * 1.05;
    let font = |size: u32| ("sans-serif", size).into_font().color(&TEXT);
    let mut chart = ChartBuilder::on(&root)
        .caption(spec.title, font(17))
        .margin(8)
        .x_label_area_size(26)
        .y_label_area_size(58)
        .build_cartesian_2d(-(HISTORY_S as f64)..0.0, 0.0..top)?;
    chart
        .configure_mesh()
        .light_line_style(GRID.mix(0.35))
        .bold_line_style(GRID)
        .axis_style(GRID)
        .label_style(font(13))
        .x_desc("seconds ago")
        .y_desc(spec.y_label)
        .x_labels(7)
        .y_labels(5)
        .draw()?;
    if let Some((y, _)) = spec.limit {
        chart.draw_series(LineSeries::new(
            [(-(HISTORY_S as f64), y), (0.0, y)],
            LIMIT.stroke_width(2),
        ))?;
    }
    for (i, (_, points)) in spec.series.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        chart.draw_series(LineSeries::new(points.iter().copied(), colour.stroke_width(2)))?;
    }
    // The legend, drawn by hand: plotters' own legend measures text with an inline-styled
    // span, which the page's Content-Security-Policy refuses.
    let mut entries: Vec<(String, RGBColor)> = Vec::new();
    if let Some((_, label)) = spec.limit {
        entries.push((label.to_string(), LIMIT));
    }
    entries.extend(
        spec.series.iter().enumerate().map(|(i, s)| (s.0.clone(), PALETTE[i % PALETTE.len()])),
    );
    let (mut x, mut y) = (70, 32);
    let width = root.dim_in_pixel().0 as i32;
    for (label, colour) in entries {
        let w = 26 + 7 * label.chars().count() as i32;
        if x + w > width - 8 {
            x = 70;
            y += 16;
        }
        root.draw(&PathElement::new([(x, y), (x + 16, y)], colour.stroke_width(3)))?;
        root.draw(&Text::new(label, (x + 20, y - 7), font(12)))?;
        x += w + 10;
    }
    root.present()?;
    Ok(())
}

#[component]
pub fn Charts() -> impl IntoView {
    let state = expect_context::<StreamsState>();
    let sim = state.sim;
    let refs: [NodeRef<Canvas>; 4] = std::array::from_fn(|_| NodeRef::new());
    let throttle = RedrawThrottle::new();

    // May run from a timer after the view is gone: every read is a `try_`, and a disposed
    // signal ends the redraw.
    let redraw = move || {
        let Some(now) = sim.now.try_get_untracked() else { return };
        let Some(Some(stream)) = state.stream.try_get_untracked() else { return };
        let records = shard_series(&stream, now, |m| m.incoming_records as f64);
        let bytes = shard_series(&stream, now, |m| m.incoming_bytes as f64 / 1024.0);
        let throttles = throttle_series(&stream, now);
        let Some(ages) = state.ages.try_with_untracked(|h| h.series(now)) else { return };
        let specs = [
            ChartSpec {
                title: "Incoming records/s per shard",
                y_label: "records/s",
                series: &records,
                limit: Some((WRITE_RECORDS_LIMIT as f64, "limit 1,000/s")),
            },
            ChartSpec {
                title: "Incoming KiB/s per shard",
                y_label: "KiB/s",
                series: &bytes,
                limit: Some((WRITE_BYTES_LIMIT as f64 / 1024.0, "limit 1 MiB/s")),
            },
            ChartSpec {
                title: "Throttles per second",
                y_label: "per second",
                series: &throttles,
                limit: None,
            },
            ChartSpec {
                title: "Iterator age per consumer",
                y_label: "seconds behind",
                series: &ages,
                limit: None,
            },
        ];
        for (r, spec) in refs.iter().zip(&specs) {
            if let Some(canvas) = r.get_untracked() {
                let _ = draw(canvas, spec);
            }
        }
    };

    Effect::new(move |_| {
        // Redraw when a new virtual second completes or the stream changes.
        let _ = sim.now.get() / 1000;
        state.name.track();
        throttle.request(redraw);
    });

    let labels = [
        "Incoming records per second, per shard, with the 1,000 records/s write limit",
        "Incoming kibibytes per second, per shard, with the 1 MiB/s write limit",
        "Records refused on write and GetRecords calls refused on read, per second",
        "Each consumer's iterator age (how far behind the newest record it reads), in seconds",
    ];
    view! { <ChartGrid refs=refs labels=labels title_id="charts-title" /> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_seconds_read_as_zero() {
        let m = [SecondMetrics { second: 99, incoming_records: 5, ..SecondMetrics::default() }];
        let s = per_second(&m, 100_500, |m| m.incoming_records as f64);
        assert_eq!(s.len(), HISTORY_S as usize);
        assert_eq!(s.last(), Some(&(-1.0, 5.0)));
        assert_eq!(s[0], (-60.0, 0.0));
    }

    #[test]
    fn ages_are_sampled_once_a_second_and_cleared_by_a_rewind() {
        let mut h = AgeHistory::default();
        h.sample(1_000, &[("app".into(), 500)]);
        h.sample(1_400, &[("app".into(), 900)]);
        h.sample(2_000, &[("app".into(), 1500)]);
        assert_eq!(h.series[0].1.len(), 2);
        assert_eq!(h.series(2_000)[0].1.last(), Some(&(0.0, 1.5)));
        h.sample(0, &[]);
        assert!(h.series.is_empty());
    }
}
