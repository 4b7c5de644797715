//! What a MapReduce step asks for, read from its JAR and arguments the way Hadoop's tools
//! read them: Hadoop streaming (`hadoop-streaming` through command-runner.jar, or the
//! streaming JAR itself: generic options `-D`, `-files` first, then `-input`, `-output`,
//! `-mapper`, `-combiner`, `-reducer`, `-numReduceTasks`), and `hadoop-mapreduce-examples`
//! programs (`wordcount <in> [<in>...] <out>`, `grep <in> <out> <regex> [<group>]` (in
//! [`super::grep`]), `sort [options] <in> <out>` (in [`super::sort`]), `teragen <num rows>
//! <out>`, `terasort <in> <out>`, `teravalidate <out> <report>`).

use super::task::Program;
use super::{grep, programs, sort};
use crate::emr::fs::Location;

/// A job to submit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobPlan {
    /// The job's name as YARN shows it.
    pub name: String,
    pub program: Program,
    pub inputs: Vec<String>,
    pub output: String,
    pub reduces: u32,
    /// Streaming runs on the old (`mapred`) API: its splits and output names differ.
    pub old_api: bool,
    /// `mapreduce.job.maps`, the old API's split-count hint.
    pub maps_hint: u64,
    /// `-files`: URIs shipped to every task.
    pub files: Vec<String>,
    /// Scripts the mapper, combiner and reducer commands run (to be found among `files`).
    pub scripts: Vec<String>,
    /// A `-mapper`/`-combiner`/`-reducer` command the sandbox does not know: every task
    /// attempt fails running it.
    pub unknown_command: Option<String>,
    /// TeraGen, TeraSort and TeraValidate's settings.
    pub tera: TeraOptions,
    /// grep's pattern and group (what its first job's RegexMapper looks for).
    pub grep: Option<grep::GrepOptions>,
    /// sort's formats and classes.
    pub sort: Option<sort::SortOptions>,
    /// The job the step runs next, on this one's output (grep's `grep-sort` after
    /// `grep-search`).
    pub then: Option<Box<JobPlan>>,
    /// A directory deleted when the step's last job ends, however it ends (grep's
    /// `grep-temp-N`).
    pub cleanup: Option<String>,
}

impl JobPlan {
    /// A job of the new (`mapreduce`) API with nothing but its program, paths and reducers.
    pub fn new_api(
        name: &str,
        program: Program,
        inputs: Vec<String>,
        output: String,
        reduces: u32,
    ) -> Self {
        JobPlan {
            name: name.into(),
            program,
            inputs,
            output,
            reduces,
            old_api: false,
            maps_hint: super::splits::DEFAULT_MAPS,
            files: Vec::new(),
            scripts: Vec::new(),
            unknown_command: None,
            tera: TeraOptions::default(),
            grep: None,
            sort: None,
            then: None,
            cleanup: None,
        }
    }
}

/// What the `terasort` package's programs read from their arguments and `-D` options.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TeraOptions {
    /// TeraGen's `<num rows>`.
    pub rows: u64,
    /// `mapreduce.terasort.output.replication` (TeraSort's output; 1 by default).
    pub output_replication: Option<u16>,
    /// `mapreduce.terasort.partitions.sample` and `mapreduce.terasort.num.partitions`: keys
    /// sampled, from how many splits.
    pub sample_size: u64,
    pub sample_splits: u64,
    /// `mapreduce.terasort.simplepartitioner`.
    pub simple_partitioner: bool,
}

/// Why a step's arguments do not make a job: what the tool prints before it exits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub log: Vec<String>,
    pub message: String,
}

pub(super) fn refuse(message: impl Into<String>, log: Vec<String>) -> Refusal {
    Refusal { message: message.into(), log }
}

/// Whether this JAR and arguments are a MapReduce job (streaming or an example program).
pub fn is_job(jar: &str, args: &[String]) -> bool {
    let base = jar.rsplit('/').next().unwrap_or(jar);
    if base == "command-runner.jar" {
        return matches!(args.first().map(String::as_str), Some("hadoop-streaming"))
            || (args.first().map(String::as_str) == Some("hadoop")
                && args.get(1).map(String::as_str) == Some("jar")
                && args.get(2).is_some_and(|j| is_examples_jar(j) || is_streaming_jar(j)));
    }
    is_streaming_jar(base) || is_examples_jar(base)
}

fn is_streaming_jar(jar: &str) -> bool {
    let base = jar.rsplit('/').next().unwrap_or(jar);
    base.starts_with("hadoop-streaming") && base.ends_with(".jar")
}

fn is_examples_jar(jar: &str) -> bool {
    let base = jar.rsplit('/').next().unwrap_or(jar);
    base.starts_with("hadoop-mapreduce-examples") && base.ends_with(".jar")
}

/// Reads a MapReduce step into a job plan.
pub fn plan(jar: &str, args: &[String]) -> Result<JobPlan, Refusal> {
    let base = jar.rsplit('/').next().unwrap_or(jar);
    if base == "command-runner.jar" {
        match args.first().map(String::as_str) {
            Some("hadoop-streaming") => return streaming(&args[1..]),
            Some("hadoop") => {
                let inner = args.get(2).cloned().unwrap_or_default();
                return plan(&inner, args.get(3..).unwrap_or(&[]));
            }
            _ => {}
        }
    }
    if is_streaming_jar(base) {
        return streaming(args);
    }
    examples(args)
}

/// Generic options (`-D k=v`, `-files a,b`, `-archives`, `-libjars`) at the front; returns
/// the properties, the files and the rest.
pub(super) fn generic_options(args: &[String]) -> (Vec<(String, String)>, Vec<String>, &[String]) {
    let mut props = Vec::new();
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "-D" if i + 1 < args.len() => {
                let (k, v) = args[i + 1].split_once('=').unwrap_or((&args[i + 1], ""));
                props.push((k.to_string(), v.to_string()));
                i += 2;
            }
            d if d.starts_with("-D") && d.len() > 2 => {
                let (k, v) = d[2..].split_once('=').unwrap_or((&d[2..], ""));
                props.push((k.to_string(), v.to_string()));
                i += 1;
            }
            "-files" | "-archives" | "-libjars" if i + 1 < args.len() => {
                if args[i] == "-files" {
                    files.extend(
                        args[i + 1].split(',').filter(|f| !f.is_empty()).map(str::to_string),
                    );
                }
                i += 2;
            }
            _ => break,
        }
    }
    (props, files, &args[i..])
}

pub(super) fn reduces_from(props: &[(String, String)]) -> Option<u32> {
    props
        .iter()
        .rev()
        .find(|(k, _)| k == "mapreduce.job.reduces" || k == "mapred.reduce.tasks")
        .and_then(|(_, v)| v.trim().parse::<u32>().ok())
}

fn streaming(args: &[String]) -> Result<JobPlan, Refusal> {
    let (props, files, rest) = generic_options(args);
    let mut inputs = Vec::new();
    let (mut output, mut mapper, mut reducer, mut combiner) = (None, None, None, None);
    let mut reduces = reduces_from(&props);
    let mut i = 0;
    let failed = |m: String| {
        refuse("Streaming Command Failed!", vec![m, "Streaming Command Failed!".into()])
    };
    while i < rest.len() {
        let value = rest.get(i + 1).cloned();
        let opt = rest[i].as_str();
        let need = |v: Option<String>| {
            v.ok_or_else(|| failed(format!("Missing argument for option: {}", &opt[1..])))
        };
        match opt {
            "-input" => inputs.push(need(value)?),
            "-output" => output = Some(need(value)?),
            "-mapper" => mapper = Some(need(value)?),
            "-reducer" => reducer = Some(need(value)?),
            "-combiner" => combiner = Some(need(value)?),
            "-numReduceTasks" => {
                let v = need(value)?;
                reduces = Some(
                    v.trim().parse().map_err(|_| failed(format!("For input string: \"{v}\"")))?,
                );
            }
            "-file" => {}
            "-inputformat" | "-outputformat" | "-partitioner" | "-cmdenv" | "-inputreader" => {}
            "-files" | "-archives" | "-libjars" | "-D" => {
                return Err(failed(format!(
                    "Unrecognized option: {opt}: generic options must come before -input, -output, -mapper and -reducer"
                )));
            }
            other => return Err(failed(format!("Unrecognized option: {other}"))),
        }
        i += 2;
    }
    if inputs.is_empty() {
        return Err(failed("Required argument: -input <name>".into()));
    }
    let Some(output) = output else {
        return Err(failed("Required argument: -output <name>".into()));
    };
    let mapper_cmd = mapper.unwrap_or_else(|| "cat".into());
    let mut unknown = None;
    let mut scripts = Vec::new();
    let (map, script) = programs::mapper(&mapper_cmd).unwrap_or_else(|| {
        unknown = Some(mapper_cmd.clone());
        (programs::Mapper::Cat, None)
    });
    scripts.extend(script.map(str::to_string));
    let mut reduce_prog = None;
    let mut combine_prog = None;
    let mut reduces = reduces.unwrap_or(1);
    match reducer.as_deref() {
        Some("NONE") => reduces = 0,
        Some(cmd) => match programs::reducer(cmd) {
            Some((r, s)) => {
                reduce_prog = Some(r);
                scripts.extend(s.map(str::to_string));
                if r == programs::Reducer::Aggregate && s.is_none() {
                    // StreamJob: `-reducer aggregate` sets ValueAggregatorCombiner too.
                    combine_prog = Some(r);
                }
            }
            None => unknown = unknown.or(Some(cmd.to_string())),
        },
        None => reduce_prog = Some(programs::Reducer::Cat),
    }
    if let Some(cmd) = combiner.as_deref() {
        match programs::reducer(cmd) {
            Some((r, s)) => {
                combine_prog = Some(r);
                scripts.extend(s.map(str::to_string));
            }
            None => unknown = unknown.or(Some(cmd.to_string())),
        }
    }
    // The AMI-era form names the script by its S3 URI instead of shipping it: the URI is
    // fetched like a `-files` entry.
    let mut shipped = files;
    for cmd in [Some(&mapper_cmd), reducer.as_ref(), combiner.as_ref()].into_iter().flatten() {
        let first = cmd.split_whitespace().next().unwrap_or_default();
        if first.contains("://") && !shipped.iter().any(|f| f == first) {
            shipped.push(first.to_string());
        }
    }
    finish_streaming(
        props,
        shipped,
        inputs,
        output,
        (map, combine_prog, reduce_prog),
        reduces,
        scripts,
        unknown,
    )
}

#[allow(clippy::too_many_arguments)]
fn finish_streaming(
    props: Vec<(String, String)>,
    files: Vec<String>,
    inputs: Vec<String>,
    output: String,
    (mapper, combiner, reducer): (
        programs::Mapper,
        Option<programs::Reducer>,
        Option<programs::Reducer>,
    ),
    reduces: u32,
    scripts: Vec<String>,
    unknown: Option<String>,
) -> Result<JobPlan, Refusal> {
    let maps_hint = props
        .iter()
        .rev()
        .find(|(k, _)| k == "mapreduce.job.maps" || k == "mapred.map.tasks")
        .and_then(|(_, v)| v.trim().parse::<u64>().ok())
        .unwrap_or(super::splits::DEFAULT_MAPS);
    let reducer = if reduces == 0 { None } else { reducer };
    let combiner = if reduces == 0 { None } else { combiner };
    Ok(JobPlan {
        name: "streamjob.jar".into(),
        program: Program::Streaming { mapper, combiner, reducer },
        inputs,
        output,
        reduces,
        old_api: true,
        maps_hint,
        files,
        scripts,
        unknown_command: unknown,
        ..JobPlan::new_api("", Program::WordCount, Vec::new(), String::new(), 0)
    })
}

/// The example programs the sandbox runs, as ExampleDriver lists them.
pub const EXAMPLES: &[(&str, &str)] = &[
    ("grep", "A map/reduce program that counts the matches of a regex in the input."),
    ("sort", "A map/reduce program that sorts the data written by the random writer."),
    ("teragen", "Generate data for the terasort"),
    ("terasort", "Run the terasort"),
    ("teravalidate", "Checking results of terasort"),
    ("wordcount", "A map/reduce program that counts the words in the input files."),
];

fn prop<'a>(props: &'a [(String, String)], keys: &[&str]) -> Option<&'a str> {
    props.iter().rev().find(|(k, _)| keys.contains(&k.as_str())).map(|(_, v)| v.as_str())
}

fn examples(args: &[String]) -> Result<JobPlan, Refusal> {
    let Some(program) = args.first() else {
        let mut log = vec!["An example program must be given as the first argument.".to_string()];
        log.extend(valid_programs());
        return Err(refuse("An example program must be given as the first argument.", log));
    };
    if !EXAMPLES.iter().any(|(n, _)| n == program) {
        let first = format!("Unknown program '{program}' chosen.");
        let mut log = vec![first.clone()];
        log.extend(valid_programs());
        return Err(refuse(first, log));
    }
    let (props, _, rest) = generic_options(&args[1..]);
    let maps_hint = prop(&props, &["mapreduce.job.maps", "mapred.map.tasks"])
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(super::splits::DEFAULT_MAPS);
    let base = |name: &str, program: Program, inputs: Vec<String>, output: String, reduces: u32| {
        JobPlan { maps_hint, ..JobPlan::new_api(name, program, inputs, output, reduces) }
    };
    match program.as_str() {
        "grep" => grep::plan(rest, reduces_from(&props).unwrap_or(1), maps_hint),
        "sort" => sort::plan(rest, maps_hint),
        "teragen" => {
            if rest.len() != 2 {
                let usage = "teragen <num rows> <output dir>";
                return Err(refuse(usage, vec![usage.to_string()]));
            }
            let rows = super::tera::parse_rows(&rest[0]).map_err(|e| refuse(e.clone(), vec![e]))?;
            let mut plan = base("TeraGen", Program::TeraGen, Vec::new(), rest[1].clone(), 0);
            plan.tera.rows = rows;
            Ok(plan)
        }
        "terasort" => {
            if rest.len() < 2 {
                let m = format!("java.lang.ArrayIndexOutOfBoundsException: Index {} out of bounds for length {}", rest.len(), rest.len());
                return Err(refuse(m.clone(), vec![m]));
            }
            let reduces = reduces_from(&props).unwrap_or(1);
            let mut plan = base(
                "TeraSort",
                Program::TeraSort,
                vec![rest[0].clone()],
                rest[1].clone(),
                reduces,
            );
            plan.tera.output_replication = Some(
                prop(&props, &["mapreduce.terasort.output.replication"])
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(super::tera::DEFAULT_OUTPUT_REPLICATION),
            );
            plan.tera.sample_size = prop(&props, &["mapreduce.terasort.partitions.sample"])
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(super::tera::DEFAULT_SAMPLE_SIZE);
            plan.tera.sample_splits = prop(&props, &["mapreduce.terasort.num.partitions"])
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(super::tera::DEFAULT_SAMPLE_SPLITS);
            plan.tera.simple_partitioner = prop(&props, &["mapreduce.terasort.simplepartitioner"])
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
            Ok(plan)
        }
        "teravalidate" => {
            if rest.len() != 2 {
                let usage = "teravalidate <out-dir> <report-dir>";
                return Err(refuse(usage, vec![usage.to_string()]));
            }
            Ok(base(
                "TeraValidate",
                Program::TeraValidate,
                vec![rest[0].clone()],
                rest[1].clone(),
                1,
            ))
        }
        _ => {
            if rest.len() < 2 {
                let usage = "Usage: wordcount <in> [<in>...] <out>";
                return Err(refuse(usage, vec![usage.to_string()]));
            }
            let inputs = rest[..rest.len() - 1].to_vec();
            let output = rest[rest.len() - 1].clone();
            Ok(base(
                "word count",
                Program::WordCount,
                inputs,
                output,
                reduces_from(&props).unwrap_or(1),
            ))
        }
    }
}

fn valid_programs() -> Vec<String> {
    let mut out = vec!["Valid program names are:".to_string()];
    out.extend(EXAMPLES.iter().map(|(n, d)| format!("  {n}: {d}")));
    out
}

/// Where a plan's paths point (inputs, output).
pub fn locations(plan: &JobPlan) -> Result<(Vec<Location>, Location), String> {
    let mut inputs = Vec::new();
    for i in &plan.inputs {
        inputs.push(Location::parse(i).map_err(|e| e.to_string())?);
    }
    let output = Location::parse(&plan.output).map_err(|e| e.to_string())?;
    Ok((inputs, output))
}
