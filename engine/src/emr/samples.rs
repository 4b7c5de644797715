//! AWS's public sample bucket `elasticmapreduce`, built in and read-only, holding the sample
//! programs under their real paths (`s3://elasticmapreduce/samples/wordcount/wordSplitter.py`)
//! and sample inputs written for this project (no third-party data): a text corpus for word
//! count, Apache access logs and CloudFront logs for log processing, a clickstream, and a FASTQ
//! file of short reads for genomics. The inputs are generated from a fixed seed, so they are
//! the same everywhere and cost the page nothing but this code.

use std::sync::OnceLock;

use super::mapreduce::programs;

/// The bucket's name.
pub const BUCKET: &str = "elasticmapreduce";

/// Every object of the bucket: (key, bytes), in key order.
pub fn objects() -> &'static [(String, Vec<u8>)] {
    static OBJECTS: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    OBJECTS.get_or_init(|| {
        let mut all: Vec<(String, Vec<u8>)> = Vec::new();
        for (i, text) in corpus_files().into_iter().enumerate() {
            all.push((format!("samples/wordcount/input/{:04}", i + 1), text.into_bytes()));
        }
        all.push(("samples/logs/input/access_log-0001".into(), access_log(1, 600).into_bytes()));
        all.push(("samples/logs/input/access_log-0002".into(), access_log(2, 600).into_bytes()));
        all.push((
            "samples/cloudfront/input/E2SANDBOX.2026-01-01-00.log".into(),
            cloudfront_log(3, 400).into_bytes(),
        ));
        all.push((
            "samples/clickstream/input/clicks-0001.tsv".into(),
            clickstream(4, 40, 30).into_bytes(),
        ));
        all.push(("samples/genomics/input/reads.fastq".into(), fastq(5, 300, 60).into_bytes()));
        // The 8-mer script's positions table (see `hive::scripts`).
        let positions: String = (1..=60).map(|p| format!("{p}\n")).collect();
        all.push(("samples/genomics/positions/positions.txt".into(), positions.into_bytes()));
        for (key, script) in super::hive::scripts::SCRIPTS {
            all.push((key.to_string(), script.as_bytes().to_vec()));
        }
        for p in programs::SCRIPTS {
            all.push((p.sample_key.to_string(), p.source.as_bytes().to_vec()));
        }
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    })
}

/// An object's bytes.
pub fn read(key: &str) -> Option<Vec<u8>> {
    objects().iter().find(|(k, _)| k == key).map(|(_, b)| b.clone())
}

/// Every key and its size.
pub fn keys() -> Vec<(String, u64)> {
    objects().iter().map(|(k, b)| (k.clone(), b.len() as u64)).collect()
}

/// splitmix64: the samples' own generator (fixed seeds, never the world's RNG).
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Sentences written for the word-count corpus: mixed case, punctuation and numbers, so the
/// mapper's tokenising shows.
const SENTENCES: &[&str] = &[
    "A cluster is a group of computers that work on one job together.",
    "The primary node keeps the map of the file system; the core nodes keep the blocks.",
    "HDFS cuts every file into blocks, and every block is stored on more than one node.",
    "When a node is lost, the NameNode waits, marks it dead, and copies its blocks again.",
    "Map tasks read their split, and reduce tasks read what the maps wrote for them.",
    "The river carried the boats past the old mill and under the stone bridge.",
    "In the morning the market opened early, and the baker sold bread to 42 customers.",
    "Data that lives in S3 outlives the cluster; data that lives in HDFS does not.",
    "A transient cluster starts, runs its steps, and ends when the last step is done.",
    "A long-running cluster waits for the next step, and it costs money while it waits.",
    "The shuffle moves every key to the reducer that the partitioner chose for it.",
    "Counting words is the hello world of MapReduce, and it still teaches the whole idea.",
    "The old lighthouse keeper counted the ships, the gulls and the waves each night.",
    "Logs, clicks and genomes are all just lines of text to a mapper.",
    "Sort by key, group by key, and the reducer sees each key exactly once.",
    "The train left at 7, stopped at every station, and reached the coast by noon.",
    "Replication is how HDFS survives a failed disk, a failed node, or a failed rack.",
    "Three replicas on three nodes mean two of them can fail before data is lost.",
    "The garden grew tomatoes, beans, and far too many zucchini for one family.",
    "YARN hands out containers, and each container runs one map or one reduce task.",
];

fn corpus_files() -> Vec<String> {
    let mut g = Gen(2026);
    (0..4)
        .map(|_| {
            let mut text = String::new();
            for line in 0..60 {
                let a = g.pick(SENTENCES);
                let b = g.pick(SENTENCES);
                text.push_str(a);
                if line % 3 != 0 {
                    text.push(' ');
                    text.push_str(b);
                }
                text.push('\n');
            }
            text
        })
        .collect()
}

const PAGES: &[&str] = &[
    "/",
    "/index.html",
    "/products",
    "/products/kayak",
    "/products/tent",
    "/cart",
    "/checkout",
    "/about",
    "/blog/hdfs-blocks",
    "/blog/mapreduce",
    "/images/logo.png",
    "/api/search",
];
const AGENTS: &[&str] = &[
    "Mozilla/5.0 (X11; Linux x86_64)",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2)",
    "curl/8.5.0",
];
const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

fn status(g: &mut Gen) -> u32 {
    match g.below(100) {
        0..=79 => 200,
        80..=87 => 304,
        88..=94 => 404,
        95..=97 => 301,
        _ => 500,
    }
}

/// Apache combined log format lines.
fn access_log(seed: u64, lines: usize) -> String {
    let mut g = Gen(seed);
    let mut out = String::new();
    let mut secs = 0u64;
    for _ in 0..lines {
        secs += g.below(20) as u64;
        let (h, m, s) = (secs / 3600 % 24, secs / 60 % 60, secs % 60);
        let ip = format!("10.0.{}.{}", g.below(4), 1 + g.below(60));
        let page = g.pick(PAGES);
        let code = status(&mut g);
        let bytes = if code == 304 { 0 } else { 200 + g.below(9000) };
        let referrer = if g.below(3) == 0 {
            "-".to_string()
        } else {
            format!("https://example.com{}", g.pick(PAGES))
        };
        out.push_str(&format!(
            "{ip} - - [{:02}/{}/2026:{h:02}:{m:02}:{s:02} +0000] \"GET {page} HTTP/1.1\" {code} {bytes} \"{referrer}\" \"{}\"\n",
            1 + seed as usize % 28,
            MONTHS[0],
            g.pick(AGENTS)
        ));
    }
    out
}

/// CloudFront standard log lines (tab separated W3C fields, with the two header lines).
fn cloudfront_log(seed: u64, lines: usize) -> String {
    let mut g = Gen(seed);
    let mut out = String::from(
        "#Version: 1.0\n#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent)\n",
    );
    let edges = ["LHR3", "FRA2", "IAD89", "NRT12", "SFO5"];
    let mut secs = 0u64;
    for _ in 0..lines {
        secs += g.below(30) as u64;
        let (h, m, s) = (secs / 3600 % 24, secs / 60 % 60, secs % 60);
        let agent = g.pick(AGENTS).replace(' ', "%20");
        out.push_str(&format!(
            "2026-01-01\t{h:02}:{m:02}:{s:02}\t{}\t{}\t192.0.2.{}\tGET\td111111abcdef8.cloudfront.net\t{}\t{}\t-\t{agent}\n",
            g.pick(&edges),
            300 + g.below(50_000),
            1 + g.below(200),
            g.pick(PAGES),
            status(&mut g),
        ));
    }
    out
}

/// Clicks as `user<TAB>unix seconds<TAB>page`, users interleaved, with pauses longer than 30
/// minutes now and then (so sessions split).
fn clickstream(seed: u64, users: usize, clicks_per_user: usize) -> String {
    let mut g = Gen(seed);
    let mut rows = Vec::new();
    for u in 0..users {
        let mut t = 1_767_225_600 + g.below(3600) as u64;
        for _ in 0..clicks_per_user {
            t +=
                if g.below(8) == 0 { 1800 + g.below(7200) as u64 } else { 5 + g.below(300) as u64 };
            rows.push((t, format!("user{:03}", u + 1), g.pick(PAGES)));
        }
    }
    rows.sort();
    rows.into_iter().map(|(t, u, p)| format!("{u}\t{t}\t{p}\n")).collect()
}

/// FASTQ reads: `@read_N`, the bases, `+`, Phred+33 qualities.
fn fastq(seed: u64, reads: usize, len: usize) -> String {
    let mut g = Gen(seed);
    let motif = b"ACGTTGCA";
    let mut out = String::new();
    for r in 0..reads {
        let seq: String = (0..len)
            .map(|i| {
                if g.below(5) == 0 {
                    motif[i % motif.len()] as char
                } else {
                    b"ACGT"[g.below(4)] as char
                }
            })
            .collect();
        let qual: String = (0..len).map(|_| (b'5' + g.below(10) as u8) as char).collect();
        out.push_str(&format!("@read_{}\n{seq}\n+\n{qual}\n", r + 1));
    }
    out
}
