//! The buffer as a gauge: filling by size toward SizeInMBs and by time toward the interval
//! flush, with a countdown; and why the last few buffers were flushed.

use engine::firehose::{BufferView, FlushReason};
use leptos::prelude::*;

use super::{grouped, human_bytes, FirehoseState};

/// Whole seconds until the interval flush (rounded up), `None` when the buffer is empty.
pub fn seconds_to_flush(buffer: &BufferView, now_ms: u64) -> Option<u64> {
    if buffer.records == 0 {
        return None;
    }
    buffer.flush_at.map(|at| at.saturating_sub(now_ms).div_ceil(1000))
}

/// How full the buffer is by size, 0..=100.
pub fn size_percent(buffer: &BufferView) -> f64 {
    if buffer.size_limit_bytes == 0 {
        return 0.0;
    }
    (buffer.bytes as f64 * 100.0 / buffer.size_limit_bytes as f64).clamp(0.0, 100.0)
}

/// How far the interval has run since the oldest record, 0..=100.
pub fn time_percent(buffer: &BufferView, now_ms: u64) -> f64 {
    match (buffer.first_at, buffer.flush_at) {
        (Some(first), Some(at)) if at > first && buffer.records > 0 => {
            ((now_ms.saturating_sub(first)) as f64 * 100.0 / (at - first) as f64).clamp(0.0, 100.0)
        }
        _ => 0.0,
    }
}

pub fn reason_label(reason: FlushReason) -> &'static str {
    match reason {
        FlushReason::Size => "size",
        FlushReason::Interval => "interval",
        FlushReason::ConfigurationUpdate => "update",
    }
}

/// `95 s`, `4 min 5 s`.
pub fn duration(ms: u64) -> String {
    let s = ms / 1000;
    if s < 60 {
        format!("{:.1} s", ms as f64 / 1000.0)
    } else {
        format!("{} min {} s", s / 60, s % 60)
    }
}

#[component]
fn Bar(percent: Signal<f64>, class: &'static str) -> impl IntoView {
    view! {
        <svg class=format!("gauge {class}") viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
            <rect class="gauge-track" x="0" y="0" width="100" height="8" rx="1.5" />
            <rect class="gauge-fill" x="0" y="0" height="8" rx="1.5" width=move || format!("{:.2}", percent.get()) />
        </svg>
    }
}

#[component]
pub fn BufferGauge() -> impl IntoView {
    let state = expect_context::<FirehoseState>();
    let sim = state.sim;
    let buffer = Memo::new(move |_| state.stream.with(|s| s.as_ref().map(|s| s.buffer.clone())));
    let now = move || sim.now.get();
    let size_pct = Signal::derive(move || buffer.with(|b| b.as_ref().map_or(0.0, size_percent)));
    let time_pct =
        Signal::derive(move || buffer.with(|b| b.as_ref().map_or(0.0, |b| time_percent(b, now()))));
    let bytes = move || buffer.with(|b| b.as_ref().map_or(0, |b| b.bytes));
    let seconds = move || {
        buffer
            .with(|b| b.as_ref().and_then(|b| seconds_to_flush(b, now())))
            .map(|s| s.to_string())
            .unwrap_or_default()
    };
    let hints = move || {
        state.stream.with(|s| {
            s.as_ref().map(|s| {
                format!(
                    "{} from {} · flush at {} MiB or {} s · {} to s3://{}/{}",
                    s.name,
                    s.source_stream
                        .as_deref()
                        .map_or("Direct PUT".to_string(), |k| format!("Kinesis stream {k}")),
                    s.destination.size_in_mbs,
                    s.destination.interval_in_seconds,
                    s.destination.compression,
                    s.destination.bucket,
                    s.destination.prefix.clone().unwrap_or_default(),
                )
            })
        })
    };
    let totals = move || {
        state.stream.with(|s| {
            s.as_ref().map(|s| {
                let c = &s.counters;
                format!(
                    "{} records in · {} delivered in {} ({} by size, {} by interval)",
                    grouped(c.records_in),
                    grouped(c.records_delivered),
                    crate::views::s3::plural(c.objects_delivered, "object"),
                    grouped(c.flushes_by_size),
                    grouped(c.flushes_by_interval),
                )
            })
        })
    };
    view! {
        <section class="panel fh-buffer" aria-labelledby="fh-buffer-title">
            <h3 id="fh-buffer-title">"Buffer"</h3>
            <p class="fh-hints">{hints}</p>
            <div class="gauge-row">
                <span class="gauge-label">"By size"</span>
                <Bar percent=size_pct class="by-size" />
                <span class="gauge-value">
                    <strong data-testid="buffer-bytes">{bytes}</strong>
                    " bytes "
                    <span class="muted">
                        {move || format!("({} of {})", human_bytes(bytes()), buffer.with(|b| human_bytes(b.as_ref().map_or(0, |b| b.size_limit_bytes))))}
                    </span>
                </span>
            </div>
            <div class="gauge-row">
                <span class="gauge-label">"By time"</span>
                <Bar percent=time_pct class="by-time" />
                <span class="gauge-value">
                    <strong data-testid="buffer-seconds">{seconds}</strong>
                    {move || if seconds().is_empty() { " buffer empty" } else { " s to the interval flush" }}
                </span>
            </div>
            <p class="fh-records muted">
                {move || buffer.with(|b| format!("{} records waiting", grouped(b.as_ref().map_or(0, |b| b.records))))}
            </p>
            <p class="fh-totals">{totals}</p>
        </section>
    }
}

/// The last few flushes of the stream and why each happened.
#[component]
pub fn FlushHistory() -> impl IntoView {
    let state = expect_context::<FirehoseState>();
    let rows = Memo::new(move |_| {
        let name = state.name.get().unwrap_or_default();
        state.flushes.with(|f| {
            f.iter().rev().filter(|f| f.stream == name).take(6).cloned().collect::<Vec<_>>()
        })
    });
    view! {
        <section class="panel fh-flushes" aria-labelledby="fh-flushes-title">
            <h3 id="fh-flushes-title">"Last flushes"</h3>
            <Show when=move || rows.with(|r| !r.is_empty()) fallback=|| view! { <p class="muted">"No flush yet: the buffer fills until one hint is reached."</p> }>
                <ol class="flush-list">
                    {move || {
                        rows.get()
                            .into_iter()
                            .map(|f| {
                                let reason = reason_label(f.reason);
                                view! {
                                    <li class="flush" data-testid="flush-row" data-reason=reason>
                                        <span class=format!("reason reason-{reason}")>{reason}</span>
                                        <span>{format!("{} records, {}", grouped(f.records), human_bytes(f.bytes))}</span>
                                        <span class="muted">{format!("oldest waited {}", duration(f.oldest_record_age_ms))}</span>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ol>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn buffer(records: u64, bytes: u64, first: Option<u64>, at: Option<u64>) -> BufferView {
        BufferView {
            records,
            bytes,
            size_limit_bytes: 1024 * 1024,
            first_arrival_unix_ms: None,
            first_at: first,
            flush_at: at,
        }
    }

    #[test]
    fn the_countdown_rounds_up_and_is_empty_with_no_records() {
        assert_eq!(seconds_to_flush(&buffer(1, 10, Some(0), Some(60_000)), 1), Some(60));
        assert_eq!(seconds_to_flush(&buffer(1, 10, Some(0), Some(60_000)), 59_000), Some(1));
        assert_eq!(seconds_to_flush(&buffer(0, 0, None, None), 5), None);
    }

    #[test]
    fn gauges_fill_by_size_and_time() {
        let b = buffer(1, 512 * 1024, Some(0), Some(60_000));
        assert_eq!(size_percent(&b), 50.0);
        assert_eq!(time_percent(&b, 30_000), 50.0);
        assert_eq!(time_percent(&b, 90_000), 100.0);
        assert_eq!(duration(1500), "1.5 s");
        assert_eq!(duration(125_000), "2 min 5 s");
    }
}
