//! Network or appliance: the arithmetic the exam asks. AWS's formula for days over the
//! network, the appliance path stage by stage on the same clock as a real job, the crossover
//! size, the "7 days or more" rule, and AWS's published tables kept exactly as published next
//! to the formula (the Snowball FAQ's 100 TB table does not follow it: units).

use super::catalog::{self, TB};
use super::device::copy_ms;
use super::model::{JobState, JobType};
use super::timeline::{self, DAY_MS};

/// AWS's rule: "If loading your data over the network would take 7 days or more, then you
/// should consider using AWS Import/Export."
pub const SEVEN_DAY_RULE: f64 = 7.0;

/// The formula as AWS printed it (Import/Export FAQ).
pub const FORMULA: &str = "Number of Days = (Total Bytes)/(Megabits per second * 125 * 1000 * \
     Network Utilization * 60 seconds * 60 minutes * 24 hours)";
/// DataSync's current form, with the hours a day the link is available.
pub const FORMULA_HOURS: &str = "(DATA_SIZE * 8 bits per byte)/(CIRCUIT * NETWORK_UTILIZATION \
     percentage * 3600 seconds per hour * AVAILABLE_HOURS) = Number of days";

pub const SNOWMOBILE_NOTE: &str = "Snowmobile (a 45-foot shipping container, up to 100 PB): \
     \"AWS recommends using Snowmobile to migrate large datasets of 10PB or more in a single \
     location. For datasets less than 10PB or distributed in multiple locations, you should use \
     Snowball.\" (study notes; Snowmobile was retired in 2024).";

pub const UNITS_NOTE: &str = "Units matter: a link is rated in megabits per second (Mbps, 10^6 \
     bits), a disk in bytes; 1 TB = 10^12 bytes but 1 TiB = 2^40 bytes (10% more). The 2009 \
     Import/Export table is the formula with 1 TB = 2^40 bytes; the Snowball FAQ's 100 TB table \
     matches no single convention (decimal 100 TB gives 258.72 / 115.74 / 11.57 days, 100 TiB \
     gives 284.47 / 127.26 / 12.73).";

/// One row of a table AWS published: the link, the days it printed, when to consider it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PublishedRow {
    pub link: &'static str,
    pub mbps: f64,
    pub days: &'static str,
    pub consider_from: &'static str,
}

/// "Theoretical Min. Number of Days to Transfer 100TB at 80% Network Utilization | When to
/// Consider AWS Import/Export Snowball?" (Snowball FAQ, as copied into study notes).
pub const SNOWBALL_FAQ_100TB: &[PublishedRow] = &[
    PublishedRow {
        link: "T3 (44.736Mbps)",
        mbps: 44.736,
        days: "269 days",
        consider_from: "2TB or more",
    },
    PublishedRow { link: "100Mbps", mbps: 100.0, days: "120 days", consider_from: "5TB or more" },
    PublishedRow { link: "1000Mbps", mbps: 1000.0, days: "12 days", consider_from: "60TB or more" },
];

/// "Theoretical Min. Number of Days to Transfer 1TB at 80% Network Utilization | When to
/// Consider AWS Import/Export?" (Import/Export FAQ, 2009; the first two rows quoted, the others
/// as remembered in the facts file, not re-found).
pub const DISK_FAQ_1TB: &[PublishedRow] = &[
    PublishedRow {
        link: "T1 (1.544Mbps)",
        mbps: 1.544,
        days: "82 days",
        consider_from: "100GB or more",
    },
    PublishedRow { link: "10Mbps", mbps: 10.0, days: "13 days", consider_from: "600GB or more" },
    PublishedRow {
        link: "T3 (44.736Mbps)",
        mbps: 44.736,
        days: "3 days",
        consider_from: "2TB or more",
    },
    PublishedRow {
        link: "100Mbps",
        mbps: 100.0,
        days: "1 to 2 days",
        consider_from: "5TB or more",
    },
    PublishedRow {
        link: "1000Mbps",
        mbps: 1000.0,
        days: "Less than 1 day",
        consider_from: "60TB or more",
    },
];

/// The user guide's copy rates onto a standard Snowball: "Rate (MB/s) | 42-TB Transfer Time |
/// 72-TB Transfer Time".
pub const COPY_RATES_42_72: &[(u64, &str, &str)] = &[
    (800, "14 hours", "1 day"),
    (450, "1.09 days", "1.8 days"),
    (400, "1.16 days", "2.03 days"),
    (300, "1.54 days", "2.7 days"),
    (277, "1.67 days", "2.92 days"),
    (200, "2.31 days", "4 days"),
    (100, "4.63 days", "8.10 days"),
    (60, "8 days", "13 days"),
    (30, "15 days", "27 days"),
    (10, "46 days", "81 days"),
];

/// Days to send `bytes` over a `mbps` link used at `utilisation` (0..1) for `hours_per_day`:
/// AWS's formula (with 24 hours it is exactly the FAQ's).
pub fn network_days(bytes: f64, mbps: f64, utilisation: f64, hours_per_day: f64) -> f64 {
    let per_day = mbps * 125.0 * 1000.0 * utilisation * 3600.0 * hours_per_day;
    if per_day <= 0.0 {
        return f64::INFINITY;
    }
    bytes / per_day
}

/// What the learner sets.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub bytes: u64,
    pub link_mbps: f64,
    /// 0..1
    pub utilisation: f64,
    pub hours_per_day: f64,
    pub shipping_option: String,
    pub snowball_type: String,
    pub capacity: String,
    /// The copy rate onto the device, MB/s (a row of [`COPY_RATES_42_72`]).
    pub copy_rate_mb_s: u64,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            bytes: 100 * TB,
            link_mbps: 100.0,
            utilisation: 0.8,
            hours_per_day: 24.0,
            shipping_option: "SECOND_DAY".into(),
            snowball_type: "STANDARD".into(),
            capacity: "T80".into(),
            copy_rate_mb_s: 100,
        }
    }
}

/// One stage of the appliance path.
#[derive(Clone, Debug, PartialEq)]
pub struct Stage {
    pub state: JobState,
    pub label: &'static str,
    pub days: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub network_days: f64,
    pub appliance_days: f64,
    pub stages: Vec<Stage>,
    pub devices: u64,
    /// Classic prices: the job fee per device, $15 a day past ten on site.
    pub appliance_cost_usd: u64,
    /// Data transfer into AWS is free; the link's own cost is not modelled.
    pub network_cost_usd: u64,
    /// Whether AWS's 7-day rule says to consider an appliance.
    pub seven_day_rule: bool,
    pub appliance_wins: bool,
}

/// The appliance path for `s`: devices in parallel (each holds at most its usable capacity),
/// each on site for as long as its copy takes (at least a day), the other stages as a real
/// job's on the virtual clock ([`timeline`]).
pub fn appliance(s: &Scenario) -> (Vec<Stage>, u64, f64) {
    let usable = catalog::usable_bytes(&s.snowball_type, &s.capacity).max(1);
    let devices = s.bytes.div_ceil(usable).max(1);
    let per_device = s.bytes.div_ceil(devices);
    let on_site_ms = copy_ms(per_device, s.copy_rate_mb_s).max(DAY_MS);
    let stages: Vec<Stage> =
        timeline::appliance_stages(JobType::Import, &s.shipping_option, on_site_ms)
            .into_iter()
            .map(|(state, ms)| Stage {
                state,
                label: state.console(JobType::Import),
                days: ms as f64 / DAY_MS as f64,
            })
            .collect();
    let days = stages.iter().map(|st| st.days).sum();
    (stages, devices, days)
}

pub fn compare(s: &Scenario) -> Comparison {
    let network_days = network_days(s.bytes as f64, s.link_mbps, s.utilisation, s.hours_per_day);
    let (stages, devices, appliance_days) = appliance(s);
    let on_site = stages
        .iter()
        .find(|st| st.state == JobState::WithCustomer)
        .map_or(0, |st| st.days.ceil() as u64);
    Comparison {
        network_days,
        appliance_days,
        devices,
        appliance_cost_usd: devices * catalog::classic_price(&s.capacity, on_site),
        network_cost_usd: 0,
        seven_day_rule: network_days >= SEVEN_DAY_RULE,
        appliance_wins: appliance_days < network_days,
        stages,
    }
}

/// The smallest data size (bytes, to within 1 GB) from which the appliance is faster, or none
/// below 10 PB.
pub fn crossover(s: &Scenario) -> Option<u64> {
    let wins = |bytes: u64| compare(&Scenario { bytes, ..s.clone() }).appliance_wins;
    let (mut lo, mut hi) = (1_000_000_000u64, 10_000 * TB);
    if !wins(hi) {
        return None;
    }
    if wins(lo) {
        return Some(lo);
    }
    while hi - lo > 1_000_000_000 {
        let mid = lo + (hi - lo) / 2;
        if wins(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi)
}

/// Points for the chart of days against data size: `n` sizes spaced evenly on a log scale
/// from 1 TB to `max_tb`, each (TB, network days, appliance days).
pub fn chart(s: &Scenario, max_tb: f64, n: usize) -> Vec<(f64, f64, f64)> {
    let n = n.max(2);
    (0..n)
        .map(|i| {
            let tb = libm::pow(max_tb.max(1.0), i as f64 / (n - 1) as f64);
            let c = compare(&Scenario { bytes: (tb * TB as f64) as u64, ..s.clone() });
            (tb, c.network_days, c.appliance_days)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 0.005
    }

    #[test]
    fn the_formula_gives_the_facts_numbers() {
        // 100 TB decimal at 80%: 258.72 / 115.74 / 11.57 days.
        let tb100 = 100.0 * TB as f64;
        assert!(close(network_days(tb100, 44.736, 0.8, 24.0), 258.72));
        assert!(close(network_days(tb100, 100.0, 0.8, 24.0), 115.74));
        assert!(close(network_days(tb100, 1000.0, 0.8, 24.0), 11.57));
        // The 2009 table is the formula with 1 TB = 2^40 bytes: T1 -> 82.42 days, 10 Mbps -> 12.73.
        let tib = (1u64 << 40) as f64;
        assert!((network_days(tib, 1.544, 0.8, 24.0) - 82.42).abs() < 0.01);
        assert!((network_days(tib, 10.0, 0.8, 24.0) - 12.73).abs() < 0.01);
        // "5TB can be transferred on 100Mbps line in a week at 80% utilization": 5.79 days.
        assert!(close(network_days(5.0 * TB as f64, 100.0, 0.8, 24.0), 5.79));
    }

    #[test]
    fn the_exam_questions_come_out_as_their_answers() {
        // 600 TB at 100 Mbps (100%): 555.6 days; 20 TB at 15 Mbps, 70%: 176.4 days.
        assert!((network_days(600.0 * TB as f64, 100.0, 1.0, 24.0) - 555.6).abs() < 0.05);
        assert!((network_days(20.0 * TB as f64, 15.0, 0.7, 24.0) - 176.4).abs() < 0.05);
    }

    #[test]
    fn hundred_tb_over_100_mbps_is_an_appliance_and_5_tb_over_a_gigabit_is_the_network() {
        let big = compare(&Scenario::default());
        assert_eq!(big.devices, 2, "100 TB fills two 72 TB Snowballs");
        assert!(big.appliance_wins && big.seven_day_rule);
        assert!(big.appliance_days < 25.0, "{}", big.appliance_days);
        let small = compare(&Scenario { bytes: 5 * TB, link_mbps: 1000.0, ..Scenario::default() });
        assert!(!small.appliance_wins && !small.seven_day_rule);
        assert_eq!(small.appliance_cost_usd, 250);
    }

    #[test]
    fn the_crossover_is_where_the_two_lines_meet() {
        let s = Scenario::default();
        let x = crossover(&s).expect("a crossover below 10 PB");
        assert!(compare(&Scenario { bytes: x, ..s.clone() }).appliance_wins);
        assert!(!compare(&Scenario { bytes: x - 2_000_000_000, ..s.clone() }).appliance_wins);
        // At 100 Mbps, 80%, an appliance path of about 12 days wins from about 10-11 TB.
        assert!((9 * TB..14 * TB).contains(&x), "{x}");
    }

    #[test]
    fn the_published_tables_are_kept_as_published() {
        assert_eq!(SNOWBALL_FAQ_100TB[1].days, "120 days");
        assert_eq!(DISK_FAQ_1TB.len(), 5);
        assert_eq!(COPY_RATES_42_72[6], (100, "4.63 days", "8.10 days"));
    }
}
