//! The streaming programs the sandbox runs: a catalogue of built-in programs named like the
//! scripts they stand for (Python cannot run in the page). Each one has its Python source,
//! the script a learner would run on real Hadoop streaming; running it as
//! `cat input | mapper | LC_ALL=C sort | reducer` gives byte for byte the sandbox's output
//! (a test runs them with python3).
//!
//! Mappers: `wordSplitter.py` (AWS's word-count sample: words are `[a-zA-Z][a-zA-Z0-9]*`,
//! lower-cased, emitted as `LongValueSum:<word>\t1`), `logParser.py` (status and URL counts
//! from Apache or CloudFront log lines), `sessionize_mapper.py` (clicks keyed by user),
//! `kmer_mapper.py [k]` (k-mers of FASTQ reads, k = 5 by default), `cat`. Reducers:
//! `aggregate` (Hadoop's ValueAggregator: `LongValueSum:`, `LongValueMax:`, `LongValueMin:`),
//! `sessionize_reducer.py` (sessions split at a 30-minute gap), `wc -l`, `cat`.

use std::collections::BTreeMap;

/// A streaming mapper.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mapper {
    Cat,
    WordSplitter,
    LogParser,
    SessionizeMap,
    Kmer(usize),
    WcLines,
}

/// A streaming reducer (or combiner).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reducer {
    Cat,
    Aggregate,
    SessionizeReduce,
    WcLines,
}

/// One script of the catalogue: its name, where AWS's sample bucket holds it, its source.
pub struct Script {
    pub name: &'static str,
    pub sample_key: &'static str,
    pub source: &'static str,
}

pub const SCRIPTS: &[Script] = &[
    Script {
        name: "wordSplitter.py",
        sample_key: "samples/wordcount/wordSplitter.py",
        source: WORD_SPLITTER,
    },
    Script {
        name: "aggregate.py",
        sample_key: "samples/wordcount/aggregate.py",
        source: AGGREGATE,
    },
    Script { name: "logParser.py", sample_key: "samples/logs/logParser.py", source: LOG_PARSER },
    Script {
        name: "sessionize_mapper.py",
        sample_key: "samples/clickstream/sessionize_mapper.py",
        source: SESSIONIZE_MAPPER,
    },
    Script {
        name: "sessionize_reducer.py",
        sample_key: "samples/clickstream/sessionize_reducer.py",
        source: SESSIONIZE_REDUCER,
    },
    Script {
        name: "kmer_mapper.py",
        sample_key: "samples/genomics/kmer_mapper.py",
        source: KMER_MAPPER,
    },
];

/// The script a program name stands for (`s3://.../wordSplitter.py` and `wordSplitter.py`
/// alike).
pub fn script(name: &str) -> Option<&'static Script> {
    let base = name.rsplit('/').next().unwrap_or(name);
    SCRIPTS.iter().find(|s| s.name == base)
}

/// The first word of a `-mapper` / `-reducer` command, without a leading `python3`/`python`.
fn program_words(command: &str) -> Vec<&str> {
    let mut words: Vec<&str> = command.split_whitespace().collect();
    if matches!(words.first(), Some(&"python3") | Some(&"python")) {
        words.remove(0);
    }
    words
}

/// The mapper a command names, and the script file it needs shipped (`-files`), if any.
pub fn mapper(command: &str) -> Option<(Mapper, Option<&'static str>)> {
    let words = program_words(command);
    let first = *words.first()?;
    let base = first.rsplit('/').next().unwrap_or(first);
    Some(match base {
        "cat" => (Mapper::Cat, None),
        "wc" if words.get(1) == Some(&"-l") => (Mapper::WcLines, None),
        "wordSplitter.py" => (Mapper::WordSplitter, Some("wordSplitter.py")),
        "logParser.py" => (Mapper::LogParser, Some("logParser.py")),
        "sessionize_mapper.py" => (Mapper::SessionizeMap, Some("sessionize_mapper.py")),
        "kmer_mapper.py" => {
            let k = words
                .get(1)
                .and_then(|k| k.parse::<usize>().ok())
                .filter(|k| (1..=32).contains(k))
                .unwrap_or(5);
            (Mapper::Kmer(k), Some("kmer_mapper.py"))
        }
        _ => return None,
    })
}

/// The reducer a command names, and the script it needs shipped, if any. `aggregate` is
/// Hadoop's own (no script; it also sets the combiner).
pub fn reducer(command: &str) -> Option<(Reducer, Option<&'static str>)> {
    let words = program_words(command);
    let first = *words.first()?;
    let base = first.rsplit('/').next().unwrap_or(first);
    Some(match base {
        "aggregate" => (Reducer::Aggregate, None),
        "aggregate.py" => (Reducer::Aggregate, Some("aggregate.py")),
        "cat" => (Reducer::Cat, None),
        "wc" if words.get(1) == Some(&"-l") => (Reducer::WcLines, None),
        "sessionize_reducer.py" => (Reducer::SessionizeReduce, Some("sessionize_reducer.py")),
        _ => return None,
    })
}

impl Mapper {
    /// Runs on one input line (without its terminator); emits output lines split at the
    /// first tab as (key, value).
    pub fn map(&self, line: &[u8], emit: &mut impl FnMut(&[u8], &[u8])) {
        match self {
            Mapper::Cat => {
                let (k, v) = super::text::split_key_value(line);
                emit(k, v);
            }
            Mapper::WcLines => {}
            Mapper::WordSplitter => word_splitter(line, emit),
            Mapper::LogParser => {
                if let Some((status, url)) = parse_log_line(line) {
                    let mut key = b"LongValueSum:status:".to_vec();
                    key.extend_from_slice(status);
                    emit(&key, b"1");
                    let mut key = b"LongValueSum:url:".to_vec();
                    key.extend_from_slice(url);
                    emit(&key, b"1");
                }
            }
            Mapper::SessionizeMap => {
                let fields: Vec<&[u8]> = line.split(|&b| b == b'\t').collect();
                if fields.len() == 3
                    && !fields[1].is_empty()
                    && fields[1].iter().all(u8::is_ascii_digit)
                {
                    let mut value = fields[1].to_vec();
                    value.push(b'\t');
                    value.extend_from_slice(fields[2]);
                    emit(fields[0], &value);
                }
            }
            Mapper::Kmer(k) => {
                let k = *k;
                let is_read = !line.is_empty() && line.iter().all(|b| b"ACGTN".contains(b));
                if is_read && line.len() >= k {
                    let mut key = b"LongValueSum:".to_vec();
                    for window in line.windows(k) {
                        key.truncate(13);
                        key.extend_from_slice(window);
                        emit(&key, b"1");
                    }
                }
            }
        }
    }

    /// Lines the mapper prints at the end of its input (`wc -l` prints its count).
    pub fn finish(&self, lines_seen: u64, emit: &mut impl FnMut(&[u8], &[u8])) {
        if *self == Mapper::WcLines {
            emit(lines_seen.to_string().as_bytes(), b"");
        }
    }
}

fn word_splitter(line: &[u8], emit: &mut impl FnMut(&[u8], &[u8])) {
    let mut key = Vec::with_capacity(32);
    let mut i = 0;
    while i < line.len() {
        if line[i].is_ascii_alphabetic() {
            let start = i;
            while i < line.len() && line[i].is_ascii_alphanumeric() {
                i += 1;
            }
            key.clear();
            key.extend_from_slice(b"LongValueSum:");
            key.extend(line[start..i].iter().map(u8::to_ascii_lowercase));
            emit(&key, b"1");
        } else {
            i += 1;
        }
    }
}

/// (status, url) of an Apache combined log line or a CloudFront log line; `None` for a
/// header, a blank or a malformed line.
fn parse_log_line(line: &[u8]) -> Option<(&[u8], &[u8])> {
    if line.is_empty() || line[0] == b'#' {
        return None;
    }
    if line.contains(&b'\t') {
        let f: Vec<&[u8]> = line.split(|&b| b == b'\t').collect();
        return (f.len() >= 9).then(|| (f[8], f[7]));
    }
    let q1 = line.iter().position(|&b| b == b'"')?;
    let q2 = q1 + 1 + line[q1 + 1..].iter().position(|&b| b == b'"')?;
    let request: Vec<&[u8]> = line[q1 + 1..q2].split(|&b| b == b' ').collect();
    let status = line[q2 + 1..].split(|b| b.is_ascii_whitespace()).find(|w| !w.is_empty())?;
    (request.len() >= 2).then(|| (status, request[1]))
}

impl Reducer {
    /// Runs over one reduce task's input, sorted by key (values of a key in arrival order);
    /// appends the lines it prints (each without its newline) to `out`.
    pub fn reduce(&self, records: &[(&[u8], &[u8])], out: &mut Vec<Vec<u8>>) -> Result<(), String> {
        match self {
            Reducer::Cat => {
                for (k, v) in records {
                    let mut line = k.to_vec();
                    line.push(b'\t');
                    line.extend_from_slice(v);
                    out.push(line);
                }
            }
            Reducer::WcLines => out.push(records.len().to_string().into_bytes()),
            Reducer::Aggregate => aggregate(records, out, false)?,
            Reducer::SessionizeReduce => sessionize(records, out),
        }
        Ok(())
    }

    /// As a combiner (`aggregate`'s ValueAggregatorCombiner keeps the typed keys and emits
    /// partial results).
    pub fn combine(
        &self,
        records: &[(&[u8], &[u8])],
        out: &mut Vec<Vec<u8>>,
    ) -> Result<(), String> {
        match self {
            Reducer::Aggregate => aggregate(records, out, true),
            other => other.reduce(records, out),
        }
    }
}

/// Hadoop's ValueAggregatorReducer (and Combiner): keys are `<type>:<id>`; values of a key
/// are combined by the type; the reducer prints `<id>\t<result>`, the combiner
/// `<type>:<id>\t<partial>`.
fn aggregate(
    records: &[(&[u8], &[u8])],
    out: &mut Vec<Vec<u8>>,
    combiner: bool,
) -> Result<(), String> {
    let mut i = 0;
    while i < records.len() {
        let key = records[i].0;
        let mut j = i;
        while j < records.len() && records[j].0 == key {
            j += 1;
        }
        let text = String::from_utf8_lossy(key);
        let Some((kind, id)) = text.split_once(':') else {
            return Err(format!(
                "java.lang.StringIndexOutOfBoundsException: begin 0, end -1, length {}",
                text.chars().count()
            ));
        };
        let mut result: Option<i64> = None;
        for (_, v) in &records[i..j] {
            let s = String::from_utf8_lossy(v);
            let n: i64 = s.trim().parse().map_err(|_| {
                format!("java.lang.NumberFormatException: For input string: \"{s}\"")
            })?;
            result = Some(match (kind, result) {
                ("LongValueSum", r) => r.unwrap_or(0).wrapping_add(n),
                ("LongValueMax", r) => r.map_or(n, |r| r.max(n)),
                ("LongValueMin", r) => r.map_or(n, |r| r.min(n)),
                _ => return Err("java.lang.NullPointerException".into()),
            });
        }
        let shown = if combiner { text.to_string() } else { id.to_string() };
        out.push(format!("{shown}\t{}", result.unwrap_or(0)).into_bytes());
        i = j;
    }
    Ok(())
}

/// Clicks of each user in time order, cut into sessions at gaps over 30 minutes:
/// `user\tsession\tstart\tend\tclicks`.
fn sessionize(records: &[(&[u8], &[u8])], out: &mut Vec<Vec<u8>>) {
    let mut by_user: BTreeMap<&[u8], Vec<(u64, &[u8])>> = BTreeMap::new();
    for (user, value) in records {
        let (ts, page) = super::text::split_key_value(value);
        if let Ok(t) = std::str::from_utf8(ts).unwrap_or("").parse::<u64>() {
            by_user.entry(user).or_default().push((t, page));
        }
    }
    for (user, mut clicks) in by_user {
        clicks.sort();
        let user = String::from_utf8_lossy(user);
        let mut session = 0;
        let mut start = 0;
        let mut last = 0;
        let mut count = 0;
        for (i, (t, _)) in clicks.iter().enumerate() {
            if i > 0 && t - last > SESSION_GAP_SECS {
                session += 1;
                out.push(format!("{user}\t{session}\t{start}\t{last}\t{count}").into_bytes());
                count = 0;
            }
            if count == 0 {
                start = *t;
            }
            count += 1;
            last = *t;
        }
        if count > 0 {
            session += 1;
            out.push(format!("{user}\t{session}\t{start}\t{last}\t{count}").into_bytes());
        }
    }
}

/// A session ends after 30 minutes without a click.
pub const SESSION_GAP_SECS: u64 = 1800;

const WORD_SPLITTER: &str = r##"#!/usr/bin/env python3
# The word-count mapper of AWS's sample (s3://elasticmapreduce/samples/wordcount/), in Python 3:
# each word is a letter followed by letters or digits, lower-cased, emitted for Hadoop's
# built-in `aggregate` reducer to sum.
import re
import sys

pattern = re.compile("[a-zA-Z][a-zA-Z0-9]*")
for line in sys.stdin:
    for word in pattern.findall(line):
        print("LongValueSum:" + word.lower() + "\t" + "1")
"##;

const AGGREGATE: &str = r##"#!/usr/bin/env python3
# What Hadoop streaming's built-in `aggregate` reducer does (ValueAggregatorReducer), as a
# script: keys are "<type>:<id>", values of a key are summed (LongValueSum) or their maximum
# or minimum kept (LongValueMax, LongValueMin); it prints "<id>\t<result>".
import sys

def flush(key, result):
    if key is not None:
        print(key.split(":", 1)[1] + "\t" + str(result))

current, result = None, None
for line in sys.stdin:
    key, _, value = line.rstrip("\n").partition("\t")
    kind = key.split(":", 1)[0]
    n = int(value)
    if key != current:
        flush(current, result)
        current, result = key, None
    if kind == "LongValueSum":
        result = n if result is None else result + n
    elif kind == "LongValueMax":
        result = n if result is None else max(result, n)
    elif kind == "LongValueMin":
        result = n if result is None else min(result, n)
flush(current, result)
"##;

const LOG_PARSER: &str = r##"#!/usr/bin/env python3
# Log processing: counts requests per HTTP status and per URL, from Apache combined log lines
# or CloudFront standard log lines (tab separated), for the `aggregate` reducer.
import sys

for line in sys.stdin:
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    if "\t" in line:
        fields = line.split("\t")
        if len(fields) < 9:
            continue
        url, status = fields[7], fields[8]
    else:
        q1 = line.find('"')
        q2 = line.find('"', q1 + 1) if q1 >= 0 else -1
        if q1 < 0 or q2 < 0:
            continue
        request = line[q1 + 1:q2].split(" ")
        rest = line[q2 + 1:].split()
        if len(request) < 2 or not rest:
            continue
        url, status = request[1], rest[0]
    print("LongValueSum:status:" + status + "\t1")
    print("LongValueSum:url:" + url + "\t1")
"##;

const SESSIONIZE_MAPPER: &str = r##"#!/usr/bin/env python3
# Clickstream analysis, map side: keys each click ("user<TAB>unix seconds<TAB>page") by its
# user, so one reducer sees all of a user's clicks.
import sys

for line in sys.stdin:
    fields = line.rstrip("\n").split("\t")
    if len(fields) == 3 and fields[1].isdigit() and fields[1].isascii():
        print(fields[0] + "\t" + fields[1] + "\t" + fields[2])
"##;

const SESSIONIZE_REDUCER: &str = r##"#!/usr/bin/env python3
# Clickstream analysis, reduce side: a user's clicks in time order, cut into sessions where
# 30 minutes pass without a click. Prints "user<TAB>session<TAB>start<TAB>end<TAB>clicks".
import sys

GAP = 1800
clicks = {}
for line in sys.stdin:
    user, _, rest = line.rstrip("\n").partition("\t")
    ts, _, page = rest.partition("\t")
    try:
        clicks.setdefault(user, []).append((int(ts), page))
    except ValueError:
        pass
for user in sorted(clicks, key=lambda u: u.encode()):
    session, start, last, count = 0, 0, 0, 0
    for i, (t, _) in enumerate(sorted(clicks[user], key=lambda c: (c[0], c[1].encode()))):
        if i > 0 and t - last > GAP:
            session += 1
            print("%s\t%d\t%d\t%d\t%d" % (user, session, start, last, count))
            count = 0
        if count == 0:
            start = t
        count += 1
        last = t
    if count > 0:
        session += 1
        print("%s\t%d\t%d\t%d\t%d" % (user, session, start, last, count))
"##;

const KMER_MAPPER: &str = r##"#!/usr/bin/env python3
# Genomics: counts k-mers (substrings of k bases, 5 unless given) of the reads in a FASTQ file.
# Only sequence lines are all A, C, G, T or N; headers (@), separators (+) and quality lines
# are skipped. For the `aggregate` reducer.
import sys

k = int(sys.argv[1]) if len(sys.argv) > 1 else 5
for line in sys.stdin:
    read = line.rstrip("\n")
    if read and all(c in "ACGTN" for c in read) and len(read) >= k:
        for i in range(len(read) - k + 1):
            print("LongValueSum:" + read[i:i + k] + "\t1")
"##;
