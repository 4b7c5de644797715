//! The Snow devices the model names, with what the sandbox knows of each: usable capacity, the
//! CreateJob documentation's description, when AWS stopped selling it, and the classic
//! (historic) price. Every SnowballType / SnowballCapacityPreference pair of the model is
//! accepted, as the issue asks: a device AWS no longer sells at the scenario's date still
//! works and is marked "classic, no longer sold since ...", so exam-era jobs (STANDARD, T50 /
//! T80) run as they did.

/// Every SnowballType of the model, in its order.
pub const SNOWBALL_TYPES: &[&str] = &[
    "STANDARD",
    "EDGE",
    "EDGE_C",
    "EDGE_CG",
    "EDGE_S",
    "SNC1_HDD",
    "SNC1_SSD",
    "V3_5C",
    "V3_5S",
    "RACK_5U_C",
];

/// Every SnowballCapacity of the model, in its order.
pub const CAPACITIES: &[&str] =
    &["T50", "T80", "T100", "T42", "T98", "T8", "T14", "T32", "NoPreference", "T240", "T13"];

pub const JOB_TYPES: &[&str] = &["IMPORT", "EXPORT", "LOCAL_USE"];
pub const SHIPPING_OPTIONS: &[&str] = &["SECOND_DAY", "NEXT_DAY", "EXPRESS", "STANDARD"];
pub const SHIPMENT_STATES: &[&str] = &["RECEIVED", "RETURNED"];
pub const REMOTE_MANAGEMENT: &[&str] = &["INSTALLED_ONLY", "INSTALLED_AUTOSTART", "NOT_INSTALLED"];

/// One decimal terabyte, as AWS sizes its devices.
pub const TB: u64 = 1_000_000_000_000;

/// A device type as the view and the job show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeviceType {
    pub snowball_type: &'static str,
    /// The capacity a job gets when it asks for `NoPreference`.
    pub default_capacity: &'static str,
    /// The CreateJob documentation's description.
    pub description: &'static str,
    /// ISO date after which AWS sells it to no new customer (none known: still sold).
    pub no_longer_sold_since: Option<&'static str>,
    /// Whether it computes (EC2-compatible instances, Lambda) before it ships back.
    pub computes: bool,
}

/// The 2015 standard Snowball, the exam-era device; today's Edge types; Snowcone; Snowblade.
/// Dates: "On November 12, 2024, AWS will discontinue previous generation AWS Snowball devices,
/// and both Snowcone devices" and "Effective November 7, 2025, Amazon Snowball Edge will only
/// be available to existing customers." (`shared/facts/transfer.md` section 1).
pub const DEVICE_TYPES: &[DeviceType] = &[
    DeviceType {
        snowball_type: "STANDARD",
        default_capacity: "T80",
        description: "Original Snowball device (50 TB or 80 TB)",
        no_longer_sold_since: Some("2024-11-12"),
        computes: false,
    },
    DeviceType {
        snowball_type: "EDGE",
        default_capacity: "T100",
        description: "Snowball Edge Storage Optimized with EC2 Compute",
        no_longer_sold_since: Some("2025-11-07"),
        computes: true,
    },
    DeviceType {
        snowball_type: "EDGE_C",
        default_capacity: "T42",
        description: "Snowball Edge Compute Optimized without GPU",
        no_longer_sold_since: Some("2025-11-07"),
        computes: true,
    },
    DeviceType {
        snowball_type: "EDGE_CG",
        default_capacity: "T42",
        description: "Snowball Edge Compute Optimized with GPU",
        no_longer_sold_since: Some("2025-11-07"),
        computes: true,
    },
    DeviceType {
        snowball_type: "EDGE_S",
        default_capacity: "T98",
        description: "Snowball Edge Storage Optimized for data transfer only",
        no_longer_sold_since: Some("2025-11-07"),
        computes: false,
    },
    DeviceType {
        snowball_type: "SNC1_HDD",
        default_capacity: "T8",
        description: "Snowcone",
        no_longer_sold_since: Some("2024-11-12"),
        computes: true,
    },
    DeviceType {
        snowball_type: "SNC1_SSD",
        default_capacity: "T14",
        description: "Snowcone",
        no_longer_sold_since: Some("2024-11-12"),
        computes: true,
    },
    DeviceType {
        snowball_type: "V3_5C",
        default_capacity: "T32",
        description: "Snowball Edge Compute Optimized (with AMD EPYC Gen2 and NVME)",
        no_longer_sold_since: Some("2025-11-07"),
        computes: true,
    },
    DeviceType {
        snowball_type: "V3_5S",
        default_capacity: "T240",
        description: "Snowball Edge Storage Optimized 210TB",
        no_longer_sold_since: Some("2025-11-07"),
        computes: false,
    },
    DeviceType {
        snowball_type: "RACK_5U_C",
        default_capacity: "T13",
        description: "Snowblade",
        no_longer_sold_since: Some("2025-11-07"),
        computes: true,
    },
];

/// The AMIs ListCompatibleImages answers, the only ones a job's Ec2AmiResources may name
/// (AWS offers images "based on the Amazon Linux-2, Ubuntu 20.04 LTS - Focal, or Ubuntu 22.04
/// LTS - Jammy images"; these ids are the sandbox's).
pub const COMPATIBLE_IMAGES: &[(&str, &str)] = &[
    ("ami-0a1b2c3d4e5f60718", "Amazon Linux 2 (sandbox)"),
    ("ami-0f9e8d7c6b5a40312", "Ubuntu 22.04 LTS - Jammy (sandbox)"),
];

pub fn device_type(snowball_type: &str) -> Option<&'static DeviceType> {
    DEVICE_TYPES.iter().find(|d| d.snowball_type == snowball_type)
}

/// The capacity a job gets: its preference, or its type's default for `NoPreference`.
pub fn capacity_of(snowball_type: &str, preference: &str) -> &'static str {
    let default = device_type(snowball_type).map_or("T80", |d| d.default_capacity);
    if preference == "NoPreference" {
        return default;
    }
    CAPACITIES.iter().find(|c| **c == preference).copied().unwrap_or(default)
}

/// Usable bytes of a device of this type and capacity. The user guide: "50 TB Snowballs have
/// 42 TB of usable space. 80 TB Snowballs have 72 TB of usable space." Edge: "100 TB (83 TB)"
/// (2017), T98 and T80 Storage Optimized "80 TB usable", Compute Optimized "42 TB (39.5 TB
/// usable)", Gen2 "28 TB" of NVMe (T32, an inference), the 210 TB device (T240). Snowcone and
/// Snowblade: their nominal size (no usable figure found).
pub fn usable_bytes(snowball_type: &str, capacity: &str) -> u64 {
    let tenths_of_tb: u64 = match (snowball_type, capacity) {
        ("STANDARD", "T50") => 420,
        ("STANDARD", "T80") => 720,
        (_, "T50") => 420,
        (_, "T80") => 800,
        (_, "T100") => 830,
        (_, "T98") => 800,
        (_, "T42") => 395,
        (_, "T32") => 280,
        (_, "T240") => 2100,
        (_, "T14") => 140,
        (_, "T8") => 80,
        (_, "T13") => 130,
        _ => 720,
    };
    tenths_of_tb * (TB / 10)
}

/// "classic, no longer sold since 2024-11-12", or "sold" when AWS still sells it on `today`
/// (ISO date of the scenario).
pub fn availability(snowball_type: &str, today: &str) -> String {
    match device_type(snowball_type).and_then(|d| d.no_longer_sold_since) {
        Some(since) if today >= since => format!("classic, no longer sold since {since}"),
        Some(since) => format!("sold until {since}"),
        None => "sold".into(),
    }
}

/// The classic (historic) price of a job, in dollars: "Service fee per job * Snowball 50TB -
/// $200 * Snowball 80TB - $250 ... First 10 days are free, after that it is $15 a day" (the
/// seed's study notes; AWS's pricing page is not in the sources, so these are labelled
/// "classic, historic" wherever they are shown). Other devices use the 80 TB fee.
pub fn classic_job_fee(capacity: &str) -> u64 {
    if capacity == "T50" {
        200
    } else {
        250
    }
}

/// The free days on site ("The 10 free days for performing your on-premises data transfer
/// start the day after the Snowball arrives at your data center") and the classic daily fee
/// after them.
pub const FREE_DAYS_ON_SITE: u64 = 10;
pub const CLASSIC_EXTRA_DAY_FEE: u64 = 15;

/// The classic price of a job kept `days_on_site` days: the job fee plus $15 for each day past
/// the tenth.
pub fn classic_price(capacity: &str, days_on_site: u64) -> u64 {
    classic_job_fee(capacity)
        + days_on_site.saturating_sub(FREE_DAYS_ON_SITE) * CLASSIC_EXTRA_DAY_FEE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_classic_devices_hold_42_and_72_tb() {
        assert_eq!(usable_bytes("STANDARD", "T50"), 42 * TB);
        assert_eq!(usable_bytes("STANDARD", "T80"), 72 * TB);
        assert_eq!(usable_bytes("EDGE", "T100"), 83 * TB);
        assert_eq!(capacity_of("EDGE_S", "NoPreference"), "T98");
    }

    #[test]
    fn every_type_is_marked_with_its_date() {
        assert_eq!(
            availability("STANDARD", "2026-01-01"),
            "classic, no longer sold since 2024-11-12"
        );
        assert_eq!(availability("EDGE_S", "2025-01-01"), "sold until 2025-11-07");
        assert_eq!(DEVICE_TYPES.len(), SNOWBALL_TYPES.len());
    }

    #[test]
    fn ten_free_days_then_fifteen_dollars_a_day() {
        assert_eq!(classic_price("T50", 10), 200);
        assert_eq!(classic_price("T80", 13), 250 + 45);
    }
}
