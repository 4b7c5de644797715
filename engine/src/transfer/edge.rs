//! Snowball Edge compute as a job names it in `Resources`: `LambdaResources` (a function
//! "triggered by PUT object actions on the associated local Amazon S3 resource": each file the
//! learner copies through the device's S3 adapter into a bucket its `EventTriggers` name) and
//! `Ec2AmiResources` (an EC2-compatible instance on the device, which the learner runs a
//! program on before the device ships back).
//!
//! The sandbox has no Lambda. As for Firehose's data transformation
//! ([`crate::firehose::transform`]), the function's *name* in its ARN picks a built-in program
//! and the ARN's *qualifier* carries its argument, so every ARN stays a valid Lambda ARN (the
//! sandbox's choice; the view says so):
//!
//! | function ARN (`arn:aws:lambda:REGION:ACCOUNT:function:...`) | what each file becomes |
//! |---|---|
//! | `sandbox-filter:ERROR` | its first (header) line and the lines containing `ERROR` |
//! | `sandbox-uppercase` | upper-cased |
//! | `sandbox-gzip` | gzipped, its key ending `.gz` |
//! | Firehose's record transforms (`sandbox-keep-fields:id--price`, `sandbox-drop-matching:level--debug`, ...) | each line a record (JSON lines): what the transform returns `Ok` is kept, `Dropped` and `ProcessingFailed` lines are left out |
//! | `sandbox-streaming:logParser` (a mapper script of EMR's samples, without `.py`: a Lambda alias has no dot) | the mapper's output, map-only, as Hadoop streaming writes it |
//!
//! The EC2 instance runs the same programs, named as the device verb names them
//! (`filter:TEXT`, `uppercase`, `gzip`), and the Hadoop streaming programs EMR's samples run
//! ([`crate::emr::mapreduce::programs`]: the very same mapper and reducer code), spelt as the
//! sandbox's choice after a streaming step's `-mapper` and `-reducer` arguments:
//! `streaming:MAPPER` runs map-only over each file (its output replaces the file, as
//! `key<TAB>value` lines, unsorted, as a map-only job writes them), and
//! `streaming:MAPPER|REDUCER` runs map, shuffle and reduce over the files of each folder (one
//! reducer: one `part-00000` in the folder, sorted by key bytes as the shuffle sorts, in place
//! of the folder's files). A Lambda function sees one PUT at a time, so only the map-only
//! form is a function.

use crate::emr::mapreduce::programs::{self, Mapper, Reducer};
use crate::emr::mapreduce::text;
use crate::firehose::transform::{self, Outcome, Transform};

/// A program the device runs over a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Program {
    Filter(String),
    Uppercase,
    Gzip,
    Records(Transform),
    /// A streaming mapper run map-only over the file; `command` as named (`logParser.py`).
    Map {
        mapper: Mapper,
        command: String,
    },
}

/// A streaming map + reduce over the files of a folder, on the EC2-compatible instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapReduce {
    pub mapper: Mapper,
    pub reducer: Reducer,
    /// `wordSplitter.py|aggregate.py`, as named.
    pub command: String,
}

/// What the device's EC2-compatible instance runs: a program over each file, or a streaming
/// map + reduce over each folder's files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InstanceProgram {
    EachFile(Program),
    EachFolder(MapReduce),
}

/// The function names of the sandbox's own file programs (Firehose's record transforms come
/// on top: [`transform::BUILT_INS`]).
pub const FILE_FUNCTIONS: [&str; 4] =
    ["sandbox-filter", "sandbox-uppercase", "sandbox-gzip", "sandbox-streaming"];

/// The streaming mappers and reducers the device runs, as a step names them (EMR's catalogue:
/// [`programs::mapper`], [`programs::reducer`]).
pub const MAPPERS: &str =
    "wordSplitter.py, logParser.py, sessionize_mapper.py, kmer_mapper.py [K], cat, wc -l";
pub const REDUCERS: &str = "aggregate, aggregate.py, sessionize_reducer.py, cat, wc -l";

/// The file a folder's map + reduce writes: one reducer's output, as Hadoop names it.
pub const REDUCE_OUTPUT: &str = "part-00000";

impl InstanceProgram {
    /// The device verb's program: `filter:TEXT`, `uppercase`, `gzip`, `streaming:MAPPER` or
    /// `streaming:MAPPER|REDUCER`.
    pub fn from_verb(text: &str) -> Option<InstanceProgram> {
        let Some(spec) = text.strip_prefix("streaming:") else {
            return Program::from_verb(text).map(InstanceProgram::EachFile);
        };
        let (map_cmd, reduce_cmd) = match spec.split_once('|') {
            Some((m, r)) => (m.trim(), Some(r.trim())),
            None => (spec.trim(), None),
        };
        let (mapper, _) = programs::mapper(map_cmd)?;
        let Some(reduce_cmd) = reduce_cmd else {
            return Some(InstanceProgram::EachFile(Program::Map {
                mapper,
                command: map_cmd.to_string(),
            }));
        };
        let (reducer, _) = programs::reducer(reduce_cmd)?;
        Some(InstanceProgram::EachFolder(MapReduce {
            mapper,
            reducer,
            command: format!("{map_cmd}|{reduce_cmd}"),
        }))
    }

    /// What the learner reads: `filter:ERROR`, `streaming:wordSplitter.py|aggregate.py`.
    pub fn label(&self) -> String {
        match self {
            InstanceProgram::EachFile(p) => p.label(),
            InstanceProgram::EachFolder(m) => format!("streaming:{}", m.command),
        }
    }
}

/// Every line the mapper emits over one file (Hadoop's LineRecordReader lines), in order.
fn map_file(mapper: &Mapper, file: &[u8], out: &mut Vec<(Vec<u8>, Vec<u8>)>) {
    let lines = text::split_lines(file, 0, file.len() as u64);
    let mut emit = |k: &[u8], v: &[u8]| out.push((k.to_vec(), v.to_vec()));
    for (_, line) in &lines {
        mapper.map(line, &mut emit);
    }
    mapper.finish(lines.len() as u64, &mut emit);
}

impl MapReduce {
    /// The reducer's output file over `files` (in the folder's order): every mapper record,
    /// sorted by key bytes with a key's values in map order (the shuffle's order), reduced,
    /// written as TextOutputFormat writes a streaming line. The error is the reducer's (a
    /// Java exception's text, as the task attempt fails with it).
    pub fn run(&self, files: &[&[u8]]) -> Result<Vec<u8>, String> {
        let mut records = Vec::new();
        for file in files {
            map_file(&self.mapper, file, &mut records);
        }
        // Stable: equal keys keep their map order, as the merge of map outputs keeps them.
        records.sort_by(|a, b| a.0.cmp(&b.0));
        let refs: Vec<(&[u8], &[u8])> =
            records.iter().map(|(k, v)| (k.as_slice(), v.as_slice())).collect();
        let mut lines = Vec::new();
        self.reducer.reduce(&refs, &mut lines)?;
        let mut out = Vec::new();
        for line in lines {
            text::output_line(&mut out, &line);
        }
        Ok(out)
    }
}

impl Program {
    /// The device verb's program: `filter:TEXT`, `uppercase` or `gzip`.
    pub fn from_verb(text: &str) -> Option<Program> {
        if let Some(t) = text.strip_prefix("filter:") {
            return Some(Program::Filter(t.to_string()));
        }
        match text {
            "uppercase" => Some(Program::Uppercase),
            "gzip" => Some(Program::Gzip),
            _ => None,
        }
    }

    /// The program a Lambda function ARN names; the error says why there is none.
    pub fn from_lambda_arn(arn: &str) -> Result<Program, String> {
        let parts: Vec<&str> = arn.split(':').collect();
        let shaped = (7..=8).contains(&parts.len())
            && parts[0] == "arn"
            && parts[1].starts_with("aws")
            && parts[2] == "lambda"
            && parts[4].len() == 12
            && parts[4].bytes().all(|b| b.is_ascii_digit())
            && parts[5] == "function";
        if !shaped {
            return Err(format!(
                "{arn} is not a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME)"
            ));
        }
        let name = parts[6];
        let qualifier = parts.get(7).copied().filter(|q| *q != "$LATEST");
        match (name, qualifier) {
            ("sandbox-filter", Some(text)) if !text.is_empty() => {
                Ok(Program::Filter(text.to_string()))
            }
            ("sandbox-filter", _) => {
                Err("the function sandbox-filter needs the text to keep as the ARN's qualifier \
                 (function:sandbox-filter:ERROR)"
                    .into())
            }
            ("sandbox-uppercase", _) => Ok(Program::Uppercase),
            ("sandbox-gzip", _) => Ok(Program::Gzip),
            ("sandbox-streaming", Some(script)) => {
                let command = format!("{script}.py");
                match programs::mapper(&command) {
                    Some((mapper, Some(_))) => Ok(Program::Map { mapper, command }),
                    _ => Err(no_streaming_mapper()),
                }
            }
            ("sandbox-streaming", None) => Err(no_streaming_mapper()),
            _ if transform::BUILT_INS.contains(&name) => {
                transform::parse_arn(arn).map(Program::Records)
            }
            _ => Err(format!(
                "it has no Lambda function {name}; its functions are {}, {}",
                FILE_FUNCTIONS.join(", "),
                transform::BUILT_INS.join(", ")
            )),
        }
    }

    /// What the learner reads: `filter:ERROR`, `gzip`, `records: keep fields id, price`.
    pub fn label(&self) -> String {
        match self {
            Program::Filter(t) => format!("filter:{t}"),
            Program::Uppercase => "uppercase".into(),
            Program::Gzip => "gzip".into(),
            Program::Records(t) => match t {
                Transform::KeepFields(f) => format!("records: keep fields {}", f.join(", ")),
                Transform::JsonToCsv(c) => format!("records: JSON to CSV ({})", c.join(", ")),
                Transform::AddField { field, value } => format!("records: add {field}={value}"),
                Transform::DropMatching { field, value } => {
                    format!("records: drop where {field}={value}")
                }
                Transform::ValidateJson => "records: validate JSON".into(),
            },
            Program::Map { command, .. } => format!("streaming:{command}"),
        }
    }

    /// What a file's key gains: gzip's output is a `.gz` object.
    pub fn key_suffix(&self) -> &'static str {
        match self {
            Program::Gzip => ".gz",
            _ => "",
        }
    }

    /// The program's output for one file's bytes.
    pub fn run(&self, plain: &[u8]) -> Vec<u8> {
        match self {
            Program::Filter(text) => {
                let s = String::from_utf8_lossy(plain);
                let mut lines = s.lines();
                let mut out = format!("{}\n", lines.next().unwrap_or_default());
                for l in lines.filter(|l| l.contains(text.as_str())) {
                    out.push_str(l);
                    out.push('\n');
                }
                out.into_bytes()
            }
            Program::Uppercase => String::from_utf8_lossy(plain).to_uppercase().into_bytes(),
            Program::Gzip => crate::compression::gzip(plain),
            Program::Records(t) => {
                let mut out = Vec::new();
                for line in plain.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
                    if let Outcome::Ok(mut v) = transform::apply(t, line) {
                        if v.last() != Some(&b'\n') {
                            v.push(b'\n');
                        }
                        out.extend(v);
                    }
                }
                out
            }
            Program::Map { mapper, .. } => {
                let mut records = Vec::new();
                map_file(mapper, plain, &mut records);
                let mut out = Vec::new();
                for (k, v) in records {
                    out.extend_from_slice(&k);
                    out.push(b'\t');
                    out.extend_from_slice(&v);
                    out.push(b'\n');
                }
                out
            }
        }
    }
}

/// Why `sandbox-streaming` names no program: its qualifier is the mapper script.
fn no_streaming_mapper() -> String {
    "the function sandbox-streaming needs a mapper script of EMR's samples as the ARN's \
     qualifier, without .py (function:sandbox-streaming:logParser): wordSplitter, logParser, \
     sessionize_mapper or kmer_mapper"
        .into()
}

/// The bucket an `arn:aws:s3:::name` ARN names.
pub fn arn_bucket(arn: &str) -> Option<&str> {
    let name = arn.rsplit_once(":::").map(|(_, n)| n)?;
    (!name.is_empty()).then_some(name)
}

/// The functions a PUT into `bucket` triggers, in the job's order: (LambdaArn, program).
pub fn triggered(resources: &super::wire::JobResource, bucket: &str) -> Vec<(String, Program)> {
    resources
        .lambda_resources
        .iter()
        .flatten()
        .filter(|l| {
            l.event_triggers
                .iter()
                .flatten()
                .any(|t| t.event_resource_arn.as_deref().and_then(arn_bucket) == Some(bucket))
        })
        .filter_map(|l| {
            let arn = l.lambda_arn.clone()?;
            let program = Program::from_lambda_arn(&arn).ok()?;
            Some((arn, program))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "arn:aws:lambda:us-east-1:000000000000:function:";

    #[test]
    fn a_function_name_picks_a_program() {
        assert_eq!(
            Program::from_lambda_arn(&format!("{A}sandbox-filter:ERROR")),
            Ok(Program::Filter("ERROR".into()))
        );
        assert_eq!(Program::from_lambda_arn(&format!("{A}sandbox-gzip")), Ok(Program::Gzip));
        assert_eq!(
            Program::from_lambda_arn(&format!("{A}sandbox-uppercase:$LATEST")),
            Ok(Program::Uppercase)
        );
        assert!(Program::from_lambda_arn(&format!("{A}sandbox-filter"))
            .unwrap_err()
            .contains("needs the text to keep"));
        assert!(Program::from_lambda_arn(&format!("{A}my-etl"))
            .unwrap_err()
            .starts_with("it has no Lambda function my-etl"));
        assert!(Program::from_lambda_arn("arn:aws:s3:::b").is_err());
        let p = Program::from_lambda_arn(&format!("{A}sandbox-drop-matching:level--debug"));
        let p = p.unwrap();
        let out = p.run(b"{\"level\":\"debug\"}\n{\"level\":\"info\"}\n");
        assert_eq!(out, b"{\"level\":\"info\"}\n");
        assert_eq!(Program::Filter("E".into()).run(b"h\nE1\nx\nE2"), b"h\nE1\nE2\n");
    }

    #[test]
    fn streaming_verbs_pick_emrs_mappers_and_reducers() {
        let folder = |verb: &str| match InstanceProgram::from_verb(verb) {
            Some(InstanceProgram::EachFolder(m)) => m,
            other => panic!("{verb}: {other:?}"),
        };
        let kmers = folder("streaming:kmer_mapper.py 3|aggregate");
        let fastq: &[u8] = b"@r1\nACGTA\n+\nIIIII\n@r2\nACGA\n+\nIIII\n";
        assert_eq!(kmers.run(&[fastq]).unwrap(), b"ACG\t2\nCGA\t1\nCGT\t1\nGTA\t1\n");
        let sessions = folder("streaming:sessionize_mapper.py|sessionize_reducer.py");
        let out = sessions.run(&[b"u1\t100\t/a\nu1\t5000\t/c\n", b"u2\t50\t/x\nu1\t200\t/b\n"]);
        assert_eq!(out.unwrap(), b"u1\t1\t100\t200\t2\nu1\t2\t5000\t5000\t1\nu2\t1\t50\t50\t1\n");
        assert_eq!(
            InstanceProgram::from_verb("streaming:wc -l").map(|p| p.label()),
            Some("streaming:wc -l".to_string())
        );
        let Some(InstanceProgram::EachFile(p)) = InstanceProgram::from_verb("streaming:wc -l")
        else {
            panic!("map-only")
        };
        assert_eq!(p.run(b"a\nb\nc"), b"3\t\n", "TextOutputFormat's tab after an empty value");
        assert_eq!(InstanceProgram::from_verb("streaming:aggregate"), None);
        assert_eq!(InstanceProgram::from_verb("streaming:cat|"), None);
        assert_eq!(
            Program::from_lambda_arn(&format!("{A}sandbox-streaming:kmer_mapper"))
                .map(|p| p.label()),
            Ok("streaming:kmer_mapper.py".to_string())
        );
        assert!(Program::from_lambda_arn(&format!("{A}sandbox-streaming")).is_err());
    }
}
