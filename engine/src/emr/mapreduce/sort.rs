//! `hadoop-mapreduce-examples sort [-r <reduces>] [-inFormat <class>] [-outFormat <class>]
//! [-outKey <class>] [-outValue <class>] [-totalOrder <pcnt> <num samples> <max splits>] <input>
//! <output>` (`org.apache.hadoop.examples.Sort`): the identity map and reduce, so the
//! framework's partition, sort and merge are the whole job. Its defaults read and write
//! SequenceFiles of BytesWritable (what `randomwriter` writes); text is sorted with
//! `-inFormat org.apache.hadoop.mapreduce.lib.input.KeyValueTextInputFormat -outFormat
//! org.apache.hadoop.mapreduce.lib.output.TextOutputFormat -outKey org.apache.hadoop.io.Text
//! -outValue org.apache.hadoop.io.Text` (or TextInputFormat, whose keys are the lines' byte
//! offsets: `-outKey org.apache.hadoop.io.LongWritable`).
//!
//! Reducers: `-r N`, else 90% of the cluster's reduce capacity as YARN reports it to the old
//! JobClient (two per NodeManager: `(int) (nodeManagers * 2 * 0.9)`).
//!
//! What the sandbox does not do, and says: SequenceFiles (a text file given to the default
//! input format fails every map attempt with Hadoop's "not a SequenceFile"; a SequenceFile
//! output format is refused, as the sandbox writes text), and `-totalOrder` sampling.

use super::plan::{refuse, JobPlan, Refusal};
use super::task::Program;

const PKG_IN: &str = "org.apache.hadoop.mapreduce.lib.input.";
const PKG_OUT: &str = "org.apache.hadoop.mapreduce.lib.output.";
const IO: &str = "org.apache.hadoop.io.";
/// The classes the sandbox can load by name, per option.
const INPUT_FORMATS: &[&str] =
    &["KeyValueTextInputFormat", "TextInputFormat", "SequenceFileInputFormat"];
const OUTPUT_FORMATS: &[&str] = &["TextOutputFormat", "SequenceFileOutputFormat"];
const WRITABLES: &[&str] = &[
    "Text",
    "LongWritable",
    "IntWritable",
    "BytesWritable",
    "NullWritable",
    "BooleanWritable",
    "DoubleWritable",
    "FloatWritable",
    "VIntWritable",
    "VLongWritable",
];

/// What the map reads its records with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortInput {
    /// KeyValueTextInputFormat: key up to the line's first tab, value after it (Text, Text).
    KeyValue,
    /// TextInputFormat: the line's byte offset and the line (LongWritable, Text).
    Offsets,
    /// SequenceFileInputFormat, the default: the sandbox's files are text, so every attempt
    /// fails as Hadoop's reader does on a text file.
    SequenceFile,
}

impl SortInput {
    /// The key and value classes the identity map emits.
    fn emits(self) -> (&'static str, &'static str) {
        match self {
            SortInput::KeyValue => ("Text", "Text"),
            SortInput::Offsets => ("LongWritable", "Text"),
            SortInput::SequenceFile => ("BytesWritable", "BytesWritable"),
        }
    }
}

/// The job's formats and output classes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortOptions {
    pub input: SortInput,
    /// Why every map attempt fails (a type the map does not emit), if it does.
    pub attempt_error: Option<String>,
    /// `-r`; `None` for 90% of the cluster's reduce capacity.
    pub reduces: Option<u32>,
}

fn usage() -> Vec<String> {
    vec![
        "sort [-r <reduces>] [-inFormat <input format class>] [-outFormat <output format class>] [-outKey <output key class>] [-outValue <output value class>] [-totalOrder <pcnt> <num samples> <max splits>] <input> <output>".into(),
    ]
}

/// The reducers `Sort` picks without `-r`: `(int) (getMaxReduceTasks() * 0.9)`, where YARN's
/// ResourceMgrDelegate reports two reduce slots per NodeManager.
pub fn default_reduces(node_managers: u32) -> u32 {
    (f64::from(node_managers * 2) * 0.9) as u32
}

/// Sort's arguments, read as its loop reads them.
pub fn plan(args: &[String], maps_hint: u64) -> Result<JobPlan, Refusal> {
    let (mut input, mut output) =
        (format!("{PKG_IN}SequenceFileInputFormat"), format!("{PKG_OUT}SequenceFileOutputFormat"));
    let (mut key, mut value) = (format!("{IO}BytesWritable"), format!("{IO}BytesWritable"));
    let mut reduces = None;
    let mut total_order = false;
    let mut rest = Vec::new();
    let fail = |first: String| {
        let mut log = vec![first.clone()];
        log.extend(usage());
        refuse(first, log)
    };
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        let need = |n: usize| -> Result<&String, Refusal> {
            args.get(i + n).ok_or_else(|| {
                fail(format!("ERROR: Required parameter missing from {}", args[i + n - 1]))
            })
        };
        match arg {
            "-r" => {
                let v = need(1)?;
                reduces = Some(
                    v.parse::<i32>()
                        .map_err(|_| fail(format!("ERROR: Integer expected instead of {v}")))?,
                );
                i += 1;
            }
            "-inFormat" | "-outFormat" | "-outKey" | "-outValue" => {
                // Class.forName as each is read: the first unknown class ends the program.
                let v = need(1)?.clone();
                let known = match arg {
                    "-inFormat" => {
                        v.strip_prefix(PKG_IN).is_some_and(|c| INPUT_FORMATS.contains(&c))
                    }
                    "-outFormat" => {
                        v.strip_prefix(PKG_OUT).is_some_and(|c| OUTPUT_FORMATS.contains(&c))
                    }
                    _ => v.strip_prefix(IO).is_some_and(|c| WRITABLES.contains(&c)),
                };
                if !known {
                    return Err(class_not_found(&v));
                }
                match arg {
                    "-inFormat" => input = v,
                    "-outFormat" => output = v,
                    "-outKey" => key = v,
                    _ => value = v,
                }
                i += 1;
            }
            "-totalOrder" => {
                need(3)?;
                total_order = true;
                i += 3;
            }
            _ => rest.push(args[i].clone()),
        }
        i += 1;
    }
    let in_format = match input.strip_prefix(PKG_IN) {
        Some("KeyValueTextInputFormat") => SortInput::KeyValue,
        Some("TextInputFormat") => SortInput::Offsets,
        _ => SortInput::SequenceFile,
    };
    if rest.len() != 2 {
        return Err(fail(format!(
            "ERROR: Wrong number of parameters: {} instead of 2.",
            rest.len()
        )));
    }
    // Over text input Hadoop would write a SequenceFile; the sandbox does not (over the
    // default input, the maps fail first, as Hadoop's do).
    if in_format != SortInput::SequenceFile && output.ends_with(".SequenceFileOutputFormat") {
        let m = "The sandbox writes text output only: give sort -outFormat org.apache.hadoop.mapreduce.lib.output.TextOutputFormat.";
        return Err(refuse(m, vec![m.to_string()]));
    }
    if total_order {
        let m = "The sandbox's sort has no -totalOrder sampling: its reducers each sort their own share of the keys.";
        return Err(refuse(m, vec![m.to_string()]));
    }
    let (emits_key, emits_value) = in_format.emits();
    // The identity map writes the input's classes; the job's output classes are what the map
    // output collector expects (MapTask.MapOutputBuffer.collect checks the key, then the value).
    let attempt_error = if in_format == SortInput::SequenceFile {
        None
    } else if key != format!("{IO}{emits_key}") {
        Some(format!("java.io.IOException: Type mismatch in key from map: expected {key}, received {IO}{emits_key}"))
    } else if value != format!("{IO}{emits_value}") {
        Some(format!("java.io.IOException: Type mismatch in value from map: expected {value}, received {IO}{emits_value}"))
    } else {
        None
    };
    // Job.setNumReduceTasks takes any int; a negative one runs no reducers.
    let r = reduces.map(|n| n.max(0) as u32);
    Ok(JobPlan {
        maps_hint,
        sort: Some(SortOptions { input: in_format, attempt_error, reduces: r }),
        ..JobPlan::new_api(
            "sorter",
            Program::Sort(in_format),
            vec![rest[0].clone()],
            rest[1].clone(),
            r.unwrap_or(0),
        )
    })
}

/// `Class.forName` on a name it cannot load: the exception ends the program.
fn class_not_found(class: &str) -> Refusal {
    let m = format!("Exception in thread \"main\" java.lang.ClassNotFoundException: {class}");
    refuse(m.clone(), vec![m])
}

/// A LongWritable key that orders, byte for byte, as LongWritable compares: smallest first.
pub fn increasing_key(n: i64) -> [u8; 8] {
    ((n as u64) ^ (1 << 63)).to_be_bytes()
}

/// The number behind an [`increasing_key`].
pub fn from_increasing_key(key: &[u8]) -> i64 {
    (u64::from_be_bytes(key.try_into().unwrap_or([0; 8])) ^ (1 << 63)) as i64
}

/// `LongWritable.hashCode()`: `(int) (value ^ (value >>> 32))`, for HashPartitioner.
pub fn long_partition(n: i64, reducers: u32) -> u32 {
    if reducers <= 1 {
        return 0;
    }
    let hash = (n ^ ((n as u64) >> 32) as i64) as i32;
    ((hash & i32::MAX) as u32) % reducers
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    const TEXT: &str = "-inFormat org.apache.hadoop.mapreduce.lib.input.KeyValueTextInputFormat -outFormat org.apache.hadoop.mapreduce.lib.output.TextOutputFormat";

    #[test]
    fn reads_its_arguments_as_sort_does() {
        let p = plan(&args(&format!("-r 3 {TEXT} -outKey org.apache.hadoop.io.Text -outValue org.apache.hadoop.io.Text in out")), 2).unwrap();
        let s = p.sort.unwrap();
        assert_eq!(
            (s.input, s.attempt_error, s.reduces, p.inputs, p.output),
            (SortInput::KeyValue, None, Some(3), vec!["in".to_string()], "out".to_string())
        );
        // The default key class is BytesWritable: the map's Text keys do not fit.
        let p = plan(&args(&format!("{TEXT} in out")), 2).unwrap();
        assert_eq!(p.sort.unwrap().attempt_error.unwrap(), "java.io.IOException: Type mismatch in key from map: expected org.apache.hadoop.io.BytesWritable, received org.apache.hadoop.io.Text");
        let e = plan(&args("-r x in out"), 2).unwrap_err();
        assert_eq!(e.log[0], "ERROR: Integer expected instead of x");
        assert!(e.log[1].starts_with("sort [-r <reduces>]"));
        assert_eq!(
            plan(&args("in out -r"), 2).unwrap_err().message,
            "ERROR: Required parameter missing from -r"
        );
        assert_eq!(
            plan(&args(&format!("{TEXT} in")), 2).unwrap_err().message,
            "ERROR: Wrong number of parameters: 1 instead of 2."
        );
        assert_eq!(
            plan(&args("-inFormat Foo in out"), 2).unwrap_err().message,
            "Exception in thread \"main\" java.lang.ClassNotFoundException: Foo"
        );
    }

    #[test]
    fn reducers_and_long_keys() {
        assert_eq!((default_reduces(1), default_reduces(2), default_reduces(5)), (1, 3, 9));
        let mut keys: Vec<[u8; 8]> =
            [5i64, -2, 0, 300].iter().map(|&n| increasing_key(n)).collect();
        keys.sort();
        assert_eq!(
            keys.iter().map(|k| from_increasing_key(k)).collect::<Vec<_>>(),
            [-2, 0, 5, 300]
        );
        // LongWritable(5).hashCode() = 5; of 1 << 32: 1.
        assert_eq!((long_partition(5, 3), long_partition(1 << 32, 3)), (2, 1));
    }
}
