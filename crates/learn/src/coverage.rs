//! The study notes every piece of material demonstrates: the seed bullets S1..S56
//! (SEED_COVERAGE.md), and which presets, levels, tours and questions show each one. The
//! presets live in the app's views, so the app hands them in; the rest is here.

use std::collections::BTreeMap;

/// Every study note: its id and what the seed says.
pub const NOTES: &[(&str, &str)] = &[
    ("S1", "Kinesis, data ingestion: data is accepted reliably and stored"),
    ("S2", "Kinesis, real-time processing of massive data streams"),
    ("S3", "Kinesis is not for batch jobs (ETL)"),
    ("S4", "Firehose loads massive volumes of streaming data into AWS"),
    ("S5", "Firehose receives stream data and stores it in S3 / Redshift / Elasticsearch"),
    ("S6", "Firehose: just create a delivery stream and configure its destination"),
    ("S7", "Streams collect and process large streams of records in real time"),
    ("S8", "A Streams application processes data as it moves through the stream"),
    ("S9", "Streams scale by distributing incoming data across shards"),
    ("S10", "Processing runs on consumers that read from the shards"),
    ("S11", "Analytics: analyse streaming data in real time with SQL"),
    ("S12", "EMR: a managed, on-demand Hadoop framework"),
    ("S13", "EMR use case: log processing"),
    ("S14", "EMR use case: clickstream analysis"),
    ("S15", "EMR use case: genomics and life sciences"),
    ("S16", "HDFS is the standard file system that comes with Hadoop"),
    ("S17", "HDFS replicates data across several instances for durability"),
    ("S18", "HDFS on EC2 instance storage: data is lost when the cluster shuts down"),
    ("S19", "HDFS can use EBS"),
    ("S20", "EMRFS: an implementation of HDFS that stores data on S3"),
    ("S21", "EMRFS preserves data when the cluster shuts down"),
    ("S22", "Persistent clusters run 24x7 for continuous analysis"),
    ("S23", "Persistent clusters suit HDFS"),
    ("S24", "Transient clusters stop when not in use"),
    ("S25", "Transient clusters use EMRFS"),
    ("S26", "Two security groups are created at launch; neither admits external traffic"),
    ("S27", "The primary node's group: one port for the service, one for SSH"),
    ("S28", "The secondary nodes' group admits only the primary"),
    ("S29", "IAM lets users other than the default hadoop user submit jobs"),
    ("S30", "A cluster launched by one IAM user is hidden from other IAM users"),
    ("S31", "Data Pipeline processes and moves data between stores and on-premises at intervals"),
    ("S32", "Data Pipeline use case: batch-mode ETL"),
    ("S33", "Data Pipeline is not for continuous streams (use Kinesis)"),
    ("S34", "The pipeline schedules and runs tasks by its definition, against data nodes"),
    ("S35", "Data nodes: where the pipeline reads input and writes output (AWS or on-premises)"),
    ("S36", "Activities are executed by the pipeline and represent common work (moving data)"),
    ("S37", "Activities may need extra resources (EMR, EC2)"),
    ("S38", "Preconditions must hold before an activity runs"),
    ("S39", "A failed activity is retried automatically"),
    (
        "S40",
        "Import/Export moves large data in and out on physical appliances, bypassing the internet",
    ),
    ("S41", "Data is copied at the source, shipped, then copied at the destination"),
    ("S42", "Use cases: storage migration, application migration"),
    ("S43", "Snowball: Amazon-provided shippable appliances"),
    ("S44", "Snowball is protected by KMS and physically rugged"),
    ("S45", "Snowball Edge processes data at the edge before it returns"),
    ("S46", "Snowball sizes: 50 TB and 80 TB"),
    ("S47", "Snowball: import/export between on-premises and S3"),
    ("S48", "Snowball: encryption is enforced"),
    ("S49", "Snowball: jobs are managed in the console"),
    ("S50", "Import/Export Disk: your own devices, over Amazon's internal network"),
    ("S51", "Disk: import into S3, Glacier or EBS"),
    ("S52", "Disk: export from S3"),
    ("S53", "Disk: encryption is optional"),
    ("S54", "Disk: you buy and maintain the hardware"),
    ("S55", "Disk: jobs cannot be managed"),
    ("S56", "Disk: upper limit of 16 TB"),
];

/// What kind of material demonstrates a note.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Preset,
    Level,
    Tour,
    Question,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Preset => "preset",
            Kind::Level => "level",
            Kind::Tour => "tour",
            Kind::Question => "question",
        }
    }
}

/// One piece of material, with the link that opens it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Demo {
    pub kind: Kind,
    pub title: String,
    /// `#/streams?preset=hot-partition-key`, `#/learn?question=...`
    pub link: String,
    pub covers: Vec<&'static str>,
}

/// The levels', tours' and questions' demos (the app adds its presets).
pub fn learning_demos() -> Vec<Demo> {
    let mut demos: Vec<Demo> = crate::levels::all()
        .into_iter()
        .map(|l| Demo {
            kind: Kind::Level,
            title: l.title.to_string(),
            link: format!("#/{}?level={}", l.view, l.id),
            covers: l.covers.to_vec(),
        })
        .collect();
    demos.extend(crate::tours::all().iter().map(|t| Demo {
        kind: Kind::Tour,
        title: t.title.to_string(),
        link: format!("#/{}?tour={}", t.view, t.id),
        covers: t.covers.to_vec(),
    }));
    demos.extend(crate::questions::all().into_iter().map(|q| Demo {
        kind: Kind::Question,
        title: q.title.to_string(),
        link: format!("#/learn?question={}", q.id),
        covers: q.covers.to_vec(),
    }));
    demos
}

/// Every note (in S1..S56 order) with what demonstrates it.
pub fn by_note(demos: &[Demo]) -> Vec<(&'static str, &'static str, Vec<&Demo>)> {
    let mut map: BTreeMap<&str, Vec<&Demo>> = BTreeMap::new();
    for d in demos {
        for c in &d.covers {
            map.entry(c).or_default().push(d);
        }
    }
    NOTES
        .iter()
        .map(|&(id, text)| {
            let mut shown = map.remove(id).unwrap_or_default();
            shown.sort_by(|a, b| (a.kind, &a.title).cmp(&(b.kind, &b.title)));
            (id, text, shown)
        })
        .collect()
}

/// The notes nothing demonstrates yet.
pub fn uncovered(demos: &[Demo]) -> Vec<&'static str> {
    by_note(demos).into_iter().filter(|(_, _, d)| d.is_empty()).map(|(id, _, _)| id).collect()
}

/// Ids a demo names that are not study notes (a typo would otherwise cover nothing).
pub fn unknown_ids(demos: &[Demo]) -> Vec<String> {
    demos
        .iter()
        .flat_map(|d| d.covers.iter())
        .filter(|c| !NOTES.iter().any(|(id, _)| id == *c))
        .map(|c| c.to_string())
        .collect()
}
