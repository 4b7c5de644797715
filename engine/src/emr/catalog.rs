//! What the sandbox knows about EC2 instance types and EMR releases: a small catalogue, each
//! number with its source.
//!
//! Instance types: vCPUs and memory from the EC2 instance type pages; YARN memory per node and
//! the default map, reduce and application-master container sizes from the EMR Release
//! Guide's "Task configuration" tables (emr-hadoop-task-config.md: m5.xlarge 12288 / 3072 /
//! 6144 / 6144, m4.large 6144 / 1536 / 3072 / 3072, ...); default EBS storage per size from the
//! Management Guide's storage table (emr-plan-storage.md, 5.22.0 and later: .large 1 x 32 GiB,
//! .xlarge 2 x 32, .2xlarge 4 x 32, .4xlarge 4 x 64, gp2); hourly prices are us-east-1
//! on-demand EC2 prices plus the EMR fee as the EMR pricing page lists them (an approximation
//! to teach with, not a bill). The normalization factor is what NormalizedInstanceHours
//! counts per hour (small 1, medium 2, large 4, xlarge 8, 2xlarge 16, 4xlarge 32), as
//! DescribeCluster's documentation describes it.

/// One instance type of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InstanceType {
    pub name: &'static str,
    pub vcpus: u32,
    /// Memory in MiB.
    pub memory_mib: u32,
    /// `yarn.nodemanager.resource.memory-mb`: what YARN can hand out on the node.
    pub yarn_mib: u32,
    /// `mapreduce.map.memory.mb`, `mapreduce.reduce.memory.mb`,
    /// `yarn.app.mapreduce.am.resource.mb`.
    pub map_mib: u32,
    pub reduce_mib: u32,
    pub am_mib: u32,
    /// Instance store volumes in GB (NVMe SSDs that die with the instance); empty for EBS-only
    /// types, which EMR gives default EBS volumes instead.
    pub instance_store_gb: &'static [u32],
    /// Default EBS data volumes EMR attaches (GiB each) to an EBS-only type.
    pub default_ebs_gib: &'static [u32],
    /// EC2 on-demand and EMR fee, in millionths of a dollar per hour.
    pub ec2_micros_per_hour: u64,
    pub emr_micros_per_hour: u64,
    pub normalization_factor: u32,
    /// How fast one map or reduce container of this type chews through records, in bytes per
    /// second (the cost model's CPU figure: see `mapreduce::cost`).
    pub container_bytes_per_sec: u64,
}

const fn t(
    name: &'static str,
    vcpus: u32,
    memory_mib: u32,
    (yarn_mib, map_mib, reduce_mib, am_mib): (u32, u32, u32, u32),
    (instance_store_gb, default_ebs_gib): (&'static [u32], &'static [u32]),
    (ec2_micros_per_hour, emr_micros_per_hour): (u64, u64),
    normalization_factor: u32,
) -> InstanceType {
    InstanceType {
        name,
        vcpus,
        memory_mib,
        yarn_mib,
        map_mib,
        reduce_mib,
        am_mib,
        instance_store_gb,
        default_ebs_gib,
        ec2_micros_per_hour,
        emr_micros_per_hour,
        normalization_factor,
        // Newer generations run a container faster: a teaching figure, stated once here.
        container_bytes_per_sec: if name.as_bytes()[1] == b'4' { 12 << 20 } else { 16 << 20 },
    }
}

pub const INSTANCE_TYPES: &[InstanceType] = &[
    t("m4.large", 2, 8 * 1024, (6144, 1536, 3072, 3072), (&[], &[32]), (100_000, 30_000), 4),
    t("m4.xlarge", 4, 16 * 1024, (12288, 1536, 3072, 3072), (&[], &[32, 32]), (200_000, 60_000), 8),
    t("m5.xlarge", 4, 16 * 1024, (12288, 3072, 6144, 6144), (&[], &[32, 32]), (192_000, 48_000), 8),
    t(
        "m5.2xlarge",
        8,
        32 * 1024,
        (24576, 3072, 6144, 6144),
        (&[], &[32, 32, 32, 32]),
        (384_000, 96_000),
        16,
    ),
    t(
        "m5.4xlarge",
        16,
        64 * 1024,
        (57344, 3584, 7168, 7168),
        (&[], &[64, 64, 64, 64]),
        (768_000, 192_000),
        32,
    ),
    t("r4.xlarge", 4, 31232, (23424, 5856, 11712, 11712), (&[], &[32, 32]), (266_000, 67_000), 8),
    t("i3.xlarge", 4, 31232, (23424, 5856, 11712, 11712), (&[950], &[]), (312_000, 78_000), 8),
];

/// What one node of type `name` costs per hour while it runs (EC2 on demand plus the EMR
/// fee), in millionths of a dollar; 0 for a type the catalog does not know.
pub fn node_micros_per_hour(name: &str) -> u64 {
    instance_type(name).map_or(0, |t| t.ec2_micros_per_hour + t.emr_micros_per_hour)
}

pub fn instance_type(name: &str) -> Option<&'static InstanceType> {
    INSTANCE_TYPES.iter().find(|t| t.name == name)
}

/// The names, for messages and pickers.
pub fn instance_type_names() -> Vec<&'static str> {
    INSTANCE_TYPES.iter().map(|t| t.name).collect()
}

/// An EMR release the sandbox runs: `emr-<major>.<minor>.<patch>` with major 5, 6 or 7 and a
/// minor that existed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Release {
    pub label: String,
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

/// The newest minor of each major the sandbox accepts (emr-5.36, emr-6.15, emr-7.12).
const LAST_MINOR: [(u32, u32); 3] = [(5, 36), (6, 15), (7, 12)];

impl Release {
    pub fn parse(label: &str) -> Option<Release> {
        let rest = label.strip_prefix("emr-")?;
        let mut parts = rest.split('.');
        let num = |p: Option<&str>| -> Option<u32> {
            let p = p?;
            (!p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        };
        let (major, minor, patch) = (num(parts.next())?, num(parts.next())?, num(parts.next())?);
        if parts.next().is_some() || patch > 9 {
            return None;
        }
        let last = LAST_MINOR.iter().find(|(m, _)| *m == major)?.1;
        (minor <= last).then(|| Release { label: label.to_string(), major, minor, patch })
    }

    /// The Hadoop version the release installs (Release Guide, "Hadoop version history":
    /// emr-5.34.0 and later 2.10.1, emr-6.0.0 to 6.5.0 3.2.1, ...).
    pub fn hadoop_version(&self) -> &'static str {
        match (self.major, self.minor) {
            (5, 0) if self.patch < 3 => "2.7.2",
            (5, 0..=11) => "2.7.3",
            (5, 12..=15) => "2.8.3",
            (5, 16..=18) => "2.8.4",
            (5, 19..=30) => "2.8.5",
            (5, 31..=33) => "2.10.0",
            (5, _) => "2.10.1",
            (6, 0..=8) => "3.2.1",
            (6, 9..=14) => "3.3.3",
            (6, _) => "3.3.6",
            (7, 0..=4) => "3.3.6",
            _ => "3.4.0",
        }
    }

    /// Hadoop 3 (emr-6 and later) or Hadoop 2: web UI ports and file names differ.
    pub fn hadoop3(&self) -> bool {
        self.major >= 6
    }

    /// Amazon Linux 2023 from emr-7.0.0: DescribeCluster reports its OSReleaseLabel.
    pub fn os_release_label(&self) -> Option<&'static str> {
        (self.major >= 7).then_some("2023.6.20241212.0")
    }

    /// Three primary nodes are allowed from emr-5.23.0.
    pub fn allows_three_masters(&self) -> bool {
        self.major > 5 || self.minor >= 23
    }
}

/// Applications a release can install, with the version reported for the Hadoop one. Others
/// are accepted and reported with the version the release ships (the sandbox runs only Hadoop
/// MapReduce; the others are installed, not simulated).
pub const APPLICATIONS: &[&str] = &[
    "Flink",
    "Ganglia",
    "HBase",
    "HCatalog",
    "Hadoop",
    "Hive",
    "Hue",
    "JupyterHub",
    "Livy",
    "Oozie",
    "Phoenix",
    "Pig",
    "Presto",
    "Spark",
    "Sqoop",
    "Tez",
    "Trino",
    "Zeppelin",
    "ZooKeeper",
];

/// The application name as EMR spells it, whatever case the request used ("spark" is
/// accepted and reported as "Spark").
pub fn application_name(name: &str) -> Option<&'static str> {
    APPLICATIONS.iter().copied().find(|a| a.eq_ignore_ascii_case(name))
}

/// Roles that exist from the start, as if `aws emr create-default-roles` had been run: the
/// service role and the EC2 instance profile.
pub const SERVICE_ROLE: &str = "EMR_DefaultRole";
pub const INSTANCE_PROFILE: &str = "EMR_EC2_DefaultRole";
pub const AUTO_SCALING_ROLE: &str = "EMR_AutoScaling_DefaultRole";

/// The role name an ARN or a bare name stands for.
pub fn role_name(role: &str) -> &str {
    role.rsplit('/').next().unwrap_or(role)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_labels_of_the_three_majors_are_accepted_and_others_refused() {
        for ok in ["emr-5.36.2", "emr-6.15.0", "emr-7.1.0", "emr-5.0.0"] {
            assert!(Release::parse(ok).is_some(), "{ok}");
        }
        for bad in ["emr-4.9.0", "emr-7.99.0", "emr-8.0.0", "7.1.0", "emr-7.1", "emr-7.1.0.1", ""] {
            assert!(Release::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(Release::parse("emr-5.34.0").map(|r| r.hadoop_version()), Some("2.10.1"));
        assert_eq!(Release::parse("emr-6.5.0").map(|r| r.hadoop_version()), Some("3.2.1"));
    }

    #[test]
    fn m5_xlarge_runs_four_maps_per_node() {
        let m5 = instance_type("m5.xlarge").map(|t| t.yarn_mib / t.map_mib);
        assert_eq!(m5, Some(4));
    }
}
