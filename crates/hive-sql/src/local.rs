//! Hive without a cluster: a script run over an in-memory file system, each stage's map over
//! each whole file, a hash partitioner, the reducers over the sorted records. The crate's
//! tests, its property tests and the fuzz target use it; the sandbox itself runs the stages
//! as MapReduce jobs on its EMR clusters (engine `emr::hive`), with the same results.

use std::collections::BTreeMap;

use crate::catalog::Catalog;
use crate::compile::{Action, Session};
use crate::driver::{finish_query, input_dirs, run_ddl, table_bytes, Warehouse};
use crate::error::{ErrorKind, HiveError};
use crate::exec::Record;
use crate::plan::{Op, QueryPlan};

/// Files by URI.
#[derive(Clone, Debug, Default)]
pub struct MemFs {
    pub files: BTreeMap<String, Vec<u8>>,
    pub dirs: std::collections::BTreeSet<String>,
    /// Buckets that exist (`s3://name`); anything else on S3 is a missing bucket.
    pub buckets: std::collections::BTreeSet<String>,
}

fn under(dir: &str) -> String {
    format!("{}/", dir.trim_end_matches('/'))
}

impl Warehouse for MemFs {
    fn files(&self, dir: &str) -> Vec<(String, u64)> {
        let prefix = under(dir);
        self.files
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter(|(k, _)| {
                let name = &k[prefix.len()..];
                !name.contains('/') && !name.starts_with('_') && !name.starts_with('.')
            })
            .map(|(k, v)| (k.clone(), v.len() as u64))
            .collect()
    }

    fn subdirs(&self, dir: &str) -> Vec<String> {
        let prefix = under(dir);
        let mut out: Vec<String> = self
            .files
            .keys()
            .chain(self.dirs.iter())
            .filter_map(|k| k.strip_prefix(&prefix))
            .filter_map(|rest| {
                rest.split_once('/').map(|(d, _)| d.to_string()).or_else(|| {
                    self.dirs.contains(&format!("{prefix}{rest}")).then(|| rest.to_string())
                })
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }

    fn read(&self, path: &str) -> Option<Vec<u8>> {
        self.files.get(path).cloned()
    }

    fn write(&mut self, path: &str, bytes: Vec<u8>) -> Result<(), String> {
        self.files.insert(path.to_string(), bytes);
        Ok(())
    }

    fn mkdirs(&mut self, dir: &str) -> Result<(), String> {
        self.dirs.insert(dir.trim_end_matches('/').to_string());
        Ok(())
    }

    fn delete(&mut self, dir: &str) {
        let prefix = under(dir);
        self.files.retain(|k, _| !k.starts_with(&prefix) && k != dir);
        self.dirs.retain(|k| !k.starts_with(&prefix) && k != dir.trim_end_matches('/'));
    }

    fn bucket_exists(&self, uri: &str) -> bool {
        match uri.strip_prefix("s3://") {
            Some(rest) => self.buckets.contains(rest.split('/').next().unwrap_or_default()),
            None => true,
        }
    }
}

/// What a script printed, and how it ended.
#[derive(Clone, Debug, Default)]
pub struct Run {
    pub output: Vec<String>,
    pub error: Option<HiveError>,
    /// Each query's stages (for tests that look at plans).
    pub stages: Vec<usize>,
}

/// Runs a script to its end or its first failure, as `hive -f` does.
pub fn run(script: &str, catalog: &mut Catalog, fs: &mut MemFs, reducers_when_unset: u32) -> Run {
    let mut out = Run::default();
    let mut session = match Session::new(script) {
        Ok(s) => s,
        Err(e) => {
            out.error = Some(e);
            return out;
        }
    };
    let mut n = 0;
    loop {
        let snapshot = fs.clone();
        let sizes = |t: &crate::catalog::Table| table_bytes(&snapshot, t);
        let Some((_, action)) = session.next(catalog, &sizes) else { break };
        n += 1;
        let result = action.and_then(|a| match a {
            Action::Query(plan) => {
                out.stages.push(plan.stages.len());
                run_query(&plan, n, session.reduces(), reducers_when_unset, catalog, fs)
            }
            other => run_ddl(&other, catalog, fs),
        });
        match result {
            Ok(lines) => {
                out.output.push("OK".into());
                out.output.extend(lines);
            }
            Err(e) => {
                out.error = Some(e);
                break;
            }
        }
    }
    out
}

fn run_query(
    plan: &QueryPlan,
    n: usize,
    setting: i64,
    unset: u32,
    catalog: &mut Catalog,
    fs: &mut MemFs,
) -> Result<Vec<String>, HiveError> {
    let dir = |id: u32| format!("hdfs:///tmp/hive/local/q{n}/-mr-1000{id}");
    let mut last = None;
    for stage in &plan.stages {
        let mut stage = stage.clone();
        for input in stage.inputs.iter_mut() {
            for op in input.ops.iter_mut() {
                if let Op::MapJoin(j) = op {
                    let mut lines = Vec::new();
                    for (d, part) in j.small.directories() {
                        for (path, _) in fs.files(&d) {
                            let bytes = fs.read(&path).unwrap_or_default();
                            for l in String::from_utf8_lossy(&bytes).lines() {
                                lines.push((l.to_string(), part.clone()));
                            }
                        }
                    }
                    j.load(&lines).map_err(job_failed)?;
                }
            }
        }
        let dirs = input_dirs(&stage.inputs, &dir);
        let mut files = Vec::new();
        for (i, ds) in dirs.iter().enumerate() {
            for (d, part) in ds {
                for (path, size) in fs.files(d) {
                    files.push((i, path, part.clone(), size));
                }
            }
        }
        let bytes: u64 = files.iter().map(|f| f.3).sum();
        let reducers = if setting < 0 && stage.forced_reducers.is_none() {
            unset.min(1).max(stage.reducers(bytes, setting))
        } else {
            stage.reducers(bytes, setting)
        };
        let out_dir = dir(stage.id);
        let mut partitions: Vec<Vec<Record>> = vec![Vec::new(); reducers.max(1) as usize];
        for (m, (i, path, part, _)) in files.iter().enumerate() {
            let input = &stage.inputs[*i];
            let data = fs.read(path).unwrap_or_default();
            let mut records: Vec<Record> = Vec::new();
            let mut lines = data.split(|b| *b == b'\n').filter(|l| !l.is_empty());
            stage
                .map(input, part, &mut lines, &mut |k, v| records.push((k, v)))
                .map_err(job_failed)?;
            if stage.map_only() {
                let text: String = crate::plan::Stage::map_only_lines(&records)
                    .iter()
                    .map(|l| format!("{l}\n"))
                    .collect();
                fs.write(&format!("{out_dir}/{m:06}_0"), text.into_bytes()).map_err(job_failed)?;
                continue;
            }
            let mut parts: Vec<Vec<Record>> = vec![Vec::new(); reducers as usize];
            for (k, v) in records {
                let p = (fnv(&k) % u64::from(reducers.max(1))) as usize;
                parts[p].push((k, v));
            }
            for (p, mut seg) in parts.into_iter().enumerate() {
                seg.sort_by(|a, b| a.0.cmp(&b.0));
                if stage.combines() {
                    seg = stage.combine(&seg);
                }
                partitions[p].extend(seg);
            }
        }
        if !stage.map_only() {
            for (r, mut seg) in partitions.into_iter().enumerate() {
                seg.sort_by(|a, b| a.0.cmp(&b.0));
                let refs: Vec<(&[u8], &[u8])> =
                    seg.iter().map(|(k, v)| (k.as_slice(), v.as_slice())).collect();
                let lines = stage.reduce(&refs).map_err(job_failed)?;
                let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
                fs.write(&format!("{out_dir}/{r:06}_0"), text.into_bytes()).map_err(job_failed)?;
            }
        }
        let _ = fs.mkdirs(&out_dir);
        last = Some(out_dir);
    }
    finish_query(plan, last.as_deref(), catalog, fs)
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100000001b3))
}

fn job_failed(e: String) -> HiveError {
    HiveError { kind: ErrorKind::Execution("mr.MapRedTask"), line: 0, column: 0, message: e }
}
