//! The calculator: data size, link, utilisation, hours a day, shipping, device and copy rate
//! in; days over the network (AWS's formula, shown as a formula), the appliance path stage by
//! stage with its cost, the crossover size and the 7-day rule out; AWS's published tables
//! exactly as published beside them, and why they differ (units).

use engine::snowball::calculator::{
    self, compare, crossover, COPY_RATES_42_72, DISK_FAQ_1TB, FORMULA, FORMULA_HOURS,
    SNOWBALL_FAQ_100TB, SNOWMOBILE_NOTE, UNITS_NOTE,
};
use leptos::prelude::*;

use super::chart::DaysChart;
use super::{days_text, tb_text, CalcInputs, TransferState};

fn number_input(
    label: &'static str,
    testid: &'static str,
    get: impl Fn(&CalcInputs) -> f64 + Copy + Send + Sync + 'static,
    set: impl Fn(&mut CalcInputs, f64) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let state = expect_context::<TransferState>();
    view! {
        <label class="field">
            <span>{label}</span>
            <input
                type="number"
                min="0"
                step="any"
                data-testid=testid
                prop:value=move || state.calc.with(|c| get(c).to_string())
                on:input=move |ev| {
                    if let Ok(v) = event_target_value(&ev).trim().parse::<f64>() {
                        state.calc.update(|c| set(c, v));
                    }
                }
            />
        </label>
    }
}

#[component]
pub fn Calculator() -> impl IntoView {
    let state = expect_context::<TransferState>();
    let result = Memo::new(move |_| state.calc.with(|c| compare(&c.scenario())));
    let cross = Memo::new(move |_| state.calc.with(|c| crossover(&c.scenario())));
    let select = |testid: &'static str,
                  options: Vec<(String, String)>,
                  get: fn(&CalcInputs) -> String,
                  set: fn(&mut CalcInputs, String)| {
        view! {
            <select
                data-testid=testid
                prop:value=move || state.calc.with(get)
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    state.calc.update(|c| set(c, v));
                }
            >
                {options.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
            </select>
        }
    };
    let devices = vec![
        ("STANDARD:T50", "Snowball 50 TB (42 TB usable, classic)"),
        ("STANDARD:T80", "Snowball 80 TB (72 TB usable, classic)"),
        ("EDGE:T100", "Snowball Edge 100 TB (83 TB usable)"),
        ("EDGE_S:T98", "Snowball Edge Storage Optimized (80 TB usable)"),
        ("V3_5S:T240", "Snowball Edge Storage Optimized 210 TB"),
    ];
    let shipping = vec![
        ("NEXT_DAY", "NEXT_DAY (1 day each way)"),
        ("SECOND_DAY", "SECOND_DAY (2 days each way)"),
        ("STANDARD", "STANDARD (5 days each way)"),
    ];
    let owned = |v: Vec<(&str, &str)>| -> Vec<(String, String)> {
        v.into_iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    };
    let (devices, shipping) = (owned(devices), owned(shipping));
    let rates: Vec<(String, String)> = COPY_RATES_42_72
        .iter()
        .map(|(r, t42, t72)| (r.to_string(), format!("{r} MB/s (42 TB: {t42}, 72 TB: {t72})")))
        .collect();
    view! {
        <section class="panel transfer-calc" aria-labelledby="calc-title">
            <h3 id="calc-title">"Network or appliance?"</h3>
            <div class="calc-inputs">
                {number_input("Data (TB)", "calc-size", |c| c.size_tb, |c, v| c.size_tb = v)}
                {number_input("Link (Mbps)", "calc-link", |c| c.link_mbps, |c, v| c.link_mbps = v)}
                {number_input("Utilisation (%)", "calc-utilisation", |c| c.utilisation_pct, |c, v| c.utilisation_pct = v.min(100.0))}
                {number_input("Hours a day", "calc-hours", |c| c.hours_per_day, |c, v| c.hours_per_day = v.min(24.0))}
                <label class="field"><span>"Device"</span>
                    {select("calc-device", devices, |c| c.device.clone(), |c, v| c.device = v)}
                </label>
                <label class="field"><span>"Shipping"</span>
                    {select("calc-shipping", shipping, |c| c.shipping.clone(), |c, v| c.shipping = v)}
                </label>
                <label class="field"><span>"Copy rate (user guide's table)"</span>
                    {select("calc-rate", rates, |c| c.rate_mb_s.to_string(), |c, v| c.rate_mb_s = v.parse().unwrap_or(100))}
                </label>
            </div>
            <div class="calc-answer">
                <p class="calc-big">
                    <span>"Over the network: "</span>
                    <strong data-testid="network-days">{move || days_text(result.get().network_days)}</strong>
                    " days"
                </p>
                <p class="calc-big">
                    <span>"By appliance: "</span>
                    <strong data-testid="appliance-days">{move || days_text(result.get().appliance_days)}</strong>
                    {move || format!(" days, {} device(s), ${} (classic prices)", result.get().devices, result.get().appliance_cost_usd)}
                </p>
                <p data-testid="calc-verdict" class=move || if result.get().appliance_wins { "verdict appliance" } else { "verdict network" }>
                    {move || {
                        let r = result.get();
                        let rule = if r.seven_day_rule {
                            "7 days or more over the network: AWS says consider an appliance."
                        } else {
                            "Under 7 days over the network: AWS's rule says the network will do."
                        };
                        let winner = if r.appliance_wins { "The appliance is faster." } else { "The network is faster." };
                        format!("{winner} {rule}")
                    }}
                </p>
                <p data-testid="crossover">
                    {move || match cross.get() {
                        Some(b) => format!("Crossover: from {} the appliance is faster on this link.", tb_text(b)),
                        None => "Crossover: none below 10 PB; the network is always faster on this link.".into(),
                    }}
                </p>
            </div>
            <p class="formula"><code>{FORMULA}</code></p>
            <p class="formula muted"><code>{FORMULA_HOURS}</code></p>
            <table class="stages" aria-label="The appliance path, stage by stage">
                <thead><tr><th>"Stage (console name)"</th><th>"API state"</th><th>"Days"</th></tr></thead>
                <tbody>
                    {move || result.get().stages.into_iter().map(|s| view! {
                        <tr><td>{s.label}</td><td><code>{s.state.as_str()}</code></td><td>{format!("{:.2}", s.days)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p class="muted">"Costs: data transfer into AWS is free over the network; the appliance's are the classic (historic) prices: $200 a 50 TB job, $250 an 80 TB job, 10 free days on site, then $15 a day. The link's own price is not modelled."</p>
            <DaysChart result cross />
            <PublishedTables />
        </section>
    }
}

#[component]
fn PublishedTables() -> impl IntoView {
    let state = expect_context::<TransferState>();
    let util = move || state.calc.with(|c| c.scenario().utilisation);
    let row = move |r: &calculator::PublishedRow, bytes: f64| {
        let formula = calculator::network_days(bytes, r.mbps, 0.8, 24.0);
        view! {
            <tr>
                <td>{r.link}</td>
                <td>{r.days}</td>
                <td>{format!("{formula:.2}")}</td>
                <td>{r.consider_from}</td>
            </tr>
        }
    };
    view! {
        <details class="published">
            <summary>"AWS's published tables (as published) beside the formula"</summary>
            <table aria-label="Snowball FAQ, 100 TB at 80% utilisation">
                <caption>"Snowball FAQ: Theoretical Min. Number of Days to Transfer 100TB at 80% Network Utilization"</caption>
                <thead><tr><th>"Link"</th><th>"Published"</th><th>"Formula, 100 TB decimal"</th><th>"When to consider"</th></tr></thead>
                <tbody>{SNOWBALL_FAQ_100TB.iter().map(|r| row(r, 100e12)).collect_view()}</tbody>
            </table>
            <table aria-label="Import/Export FAQ, 1 TB at 80% utilisation">
                <caption>"Import/Export FAQ (2009): Theoretical Min. Number of Days to Transfer 1TB at 80% Network Utilization"</caption>
                <thead><tr><th>"Link"</th><th>"Published"</th><th>"Formula, 1 TB = 2^40 B"</th><th>"When to consider"</th></tr></thead>
                <tbody>{DISK_FAQ_1TB.iter().map(|r| row(r, (1u64 << 40) as f64)).collect_view()}</tbody>
            </table>
            <p>{UNITS_NOTE}</p>
            <p class="muted">{move || format!("(The tables assume 80% utilisation; yours is {:.0}%.)", util() * 100.0)}</p>
            <p>{SNOWMOBILE_NOTE}</p>
        </details>
    }
}
