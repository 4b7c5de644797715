//! What an attempt does in the world: CopyActivity copies S3 objects between data nodes,
//! ShellCommandActivity runs a small documented shell, the S3 preconditions and Exists look
//! at the S3 store, ShellCommandPrecondition runs the same shell; with the expression scope an instance evaluates its fields in.

use std::sync::Arc;

use super::definition::Definition;
use super::expr::{interpolate, Scope, Value};
use super::model::Instance;
use crate::s3::ops::put_object;
use crate::s3::wire::PutObjectInput;
use crate::s3::{WrittenBy, S3};
use crate::sim::{Ctx, Services};

/// Where an instance's expressions are evaluated: its component's fields (inherited), its
/// scheduled period, the pipeline's parameters, and for a precondition or an alarm the `node`
/// it guards.
pub struct InstanceScope<'a> {
    pub def: &'a Definition,
    pub object: &'a str,
    pub start_ms: i64,
    pub end_ms: i64,
    pub instance_id: &'a str,
    pub node: Option<&'a str>,
    pub depth: u32,
}

impl<'a> InstanceScope<'a> {
    /// An instance's own scope: its component, its scheduled period, its id; `node` is the
    /// object a precondition guards.
    pub(super) fn of_instance(
        def: &'a Definition,
        inst: &'a Instance,
        node: Option<&'a str>,
    ) -> InstanceScope<'a> {
        InstanceScope {
            def,
            object: &inst.component,
            start_ms: inst.scheduled_start_ms,
            end_ms: inst.scheduled_end_ms,
            instance_id: &inst.id,
            node,
            depth: 0,
        }
    }

    pub(super) fn for_object<'b>(&'b self, object: &'b str) -> InstanceScope<'b> {
        InstanceScope {
            def: self.def,
            object,
            start_ms: self.start_ms,
            end_ms: self.end_ms,
            instance_id: self.instance_id,
            node: None,
            depth: self.depth + 1,
        }
    }

    /// A field of the object, its expressions evaluated.
    pub fn field(&self, key: &str) -> Result<Option<String>, String> {
        match self.def.text(self.object, key) {
            Some(t) => interpolate(t, self).map(Some),
            None => Ok(None),
        }
    }
}

impl Scope for InstanceScope<'_> {
    fn lookup(&self, path: &[&str]) -> Option<Value> {
        if self.depth > 8 {
            return None;
        }
        match path {
            ["@scheduledStartTime"] => Some(Value::Time(self.start_ms)),
            ["@scheduledEndTime"] => Some(Value::Time(self.end_ms)),
            ["@id"] => Some(Value::Text(self.instance_id.to_string())),
            ["id"] => Some(Value::Text(self.object.to_string())),
            ["node", rest @ ..] => self.for_object(self.node?).lookup(rest),
            [key] => {
                if let Some(t) = self.def.text(self.object, key) {
                    return interpolate(t, &self.for_object(self.object)).ok().map(Value::Text);
                }
                if let Some(r) = self.def.reference(self.object, key) {
                    return Some(Value::Text(r.to_string()));
                }
                key.starts_with("my").then(|| self.def.parameter(key)).flatten().map(Value::Text)
            }
            [key, rest @ ..] => {
                let target = self.def.reference(self.object, key)?;
                self.for_object(target).lookup(rest)
            }
            [] => None,
        }
    }
}

/// `s3://bucket/key` split.
pub fn split_s3(uri: &str) -> Option<(&str, &str)> {
    let rest = uri.strip_prefix("s3://")?;
    let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
    (!bucket.is_empty()).then_some((bucket, key))
}

/// Whether a precondition holds now; what a ShellCommandPrecondition's command printed goes
/// to `stdout`.
pub fn precondition_holds(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    pipeline_id: &str,
    scope: &InstanceScope<'_>,
    type_name: &str,
    stdout: &mut String,
) -> Result<bool, String> {
    let s3 = &mut services.s3;
    match type_name {
        "DynamoDBTableExists" | "DynamoDBDataExists" => {
            let table = scope.field("tableName")?.unwrap_or_default();
            Ok(super::dynamo::holds(&services.pipeline.dynamo, type_name, &table))
        }
        "ShellCommandPrecondition" => {
            // "A Unix/Linux shell command that can be run as a precondition": exit 0 holds.
            // A `sleep` in it takes no time here (the check is one look).
            let run = shell(s3, ctx, pipeline_id, scope)?;
            stdout.push_str(&run.stdout);
            Ok(run.exit == 0)
        }
        "Exists" => {
            // Holds when the data node it guards exists: an S3 data node's file (filePath)
            // or anything under its directory (directoryPath).
            let node = scope.node.ok_or("Exists: the precondition guards no data node")?;
            let node_scope = scope.for_object(node);
            if node_scope.def.type_of(node) != Some("S3DataNode") {
                return Err(format!(
                    "Exists: the sandbox checks S3DataNode objects, and '{node}' is not one"
                ));
            }
            let (bucket, key, dir) = location(&node_scope)?;
            let Some(b) = s3.buckets.get(&bucket) else { return Ok(false) };
            Ok(if dir {
                let prefix = with_slash(&key);
                b.current_objects().any(|o| o.key.starts_with(&prefix))
            } else {
                b.current(&key).is_some()
            })
        }
        "S3KeyExists" => {
            let key = scope.field("s3Key")?.unwrap_or_default();
            let (bucket, key) = split_s3(&key).ok_or_else(|| format!("Invalid S3 key: {key}"))?;
            Ok(s3.get_object(bucket, key).is_ok())
        }
        "S3PrefixNotEmpty" => {
            let prefix = scope.field("s3Prefix")?.unwrap_or_default();
            let (bucket, prefix) =
                split_s3(&prefix).ok_or_else(|| format!("Invalid S3 prefix: {prefix}"))?;
            Ok(s3
                .buckets
                .get(bucket)
                .is_some_and(|b| b.current_objects().any(|o| o.key.starts_with(prefix))))
        }
        other => Err(format!("{other} is not a precondition the sandbox checks")),
    }
}

/// A data node's location: (bucket, key or prefix, whether it is a directory).
pub(super) fn location_of(scope: &InstanceScope<'_>) -> Result<(String, String, bool), String> {
    location(scope)
}

fn location(scope: &InstanceScope<'_>) -> Result<(String, String, bool), String> {
    let (path, dir) = match scope.field("filePath")? {
        Some(p) => (p, false),
        None => (scope.field("directoryPath")?.unwrap_or_default(), true),
    };
    let (b, k) = split_s3(&path).ok_or_else(|| format!("Invalid S3 path: '{path}'"))?;
    Ok((b.to_string(), k.to_string(), dir))
}

pub(super) fn write(
    s3: &mut S3,
    ctx: &mut Ctx<'_>,
    pipeline_id: &str,
    bucket: &str,
    key: &str,
    bytes: Arc<[u8]>,
) -> Result<(), String> {
    let by = WrittenBy::Pipeline { pipeline_id: pipeline_id.into() };
    put_object(s3, ctx, PutObjectInput::new(bucket, key, bytes), by).map(|_| ()).map_err(|e| {
        format!(
            "{}: {}",
            e.code,
            if e.message.is_empty() { "S3 refused the write" } else { &e.message }
        )
    })
}

/// CopyActivity: every object of the input node (one file, or all under a directory) into
/// the output node. Answers (objects, bytes) copied.
pub fn copy(
    s3: &mut S3,
    ctx: &mut Ctx<'_>,
    pipeline_id: &str,
    scope: &InstanceScope<'_>,
) -> Result<(u64, u64), String> {
    let input = scope.def.reference(scope.object, "input").ok_or("CopyActivity has no input")?;
    let output = scope.def.reference(scope.object, "output").ok_or("CopyActivity has no output")?;
    let (ib, ik, idir) = location(&scope.for_object(input))?;
    let (ob, ok, odir) = location(&scope.for_object(output))?;
    let b =
        s3.buckets.get(&ib).ok_or_else(|| format!("The specified bucket does not exist: {ib}"))?;
    let sources: Vec<(String, Arc<[u8]>)> = if idir {
        let prefix = if ik.is_empty() || ik.ends_with('/') { ik.clone() } else { format!("{ik}/") };
        b.current_objects()
            .filter(|o| o.key.starts_with(&prefix))
            .map(|o| (o.key[prefix.len()..].to_string(), o.bytes.clone()))
            .collect()
    } else {
        let o = b
            .current(&ik)
            .ok_or_else(|| format!("The specified key does not exist: s3://{ib}/{ik}"))?;
        let name = ik.rsplit('/').next().unwrap_or(&ik).to_string();
        vec![(name, o.bytes.clone())]
    };
    if sources.is_empty() {
        return Err(format!("No input data found under s3://{ib}/{ik}"));
    }
    let (mut objects, mut bytes) = (0, 0);
    for (name, body) in sources {
        let key = if odir { format!("{}{name}", with_slash(&ok)) } else { ok.clone() };
        bytes += body.len() as u64;
        write(s3, ctx, pipeline_id, &ob, &key, body)?;
        objects += 1;
    }
    Ok((objects, bytes))
}

fn with_slash(prefix: &str) -> String {
    if prefix.is_empty() || prefix.ends_with('/') {
        prefix.to_string()
    } else {
        format!("{prefix}/")
    }
}

/// What a shell run did: its exit code, what it printed, and how long it slept.
pub struct ShellRun {
    pub exit: i32,
    pub stdout: String,
    pub sleep_ms: i64,
}

/// ShellCommandActivity's command, in a small shell: `echo` (with `>` / `>>` into S3 or the
/// output staging directory), `cat` of an S3 object or staged input, `true`, `false`,
/// `exit N`, `sleep N`, `aws s3 cp SRC DST`; commands joined by `;`, `&&`, `||` or new lines.
/// `${INPUT1_STAGING_DIR}` / `${OUTPUT1_STAGING_DIR}` stand for the input and output data
/// nodes' S3 directories (the sandbox stages by reference rather than to a local disk).
pub fn shell(
    s3: &mut S3,
    ctx: &mut Ctx<'_>,
    pipeline_id: &str,
    scope: &InstanceScope<'_>,
) -> Result<ShellRun, String> {
    let mut command = match scope.field("command")? {
        Some(c) => c,
        None => {
            // A `scriptUri` script is read from S3 and run by the same small shell.
            let uri = scope.field("scriptUri")?.unwrap_or_default();
            let (b, k) =
                split_s3(&uri).ok_or_else(|| format!("Invalid S3 path for scriptUri: '{uri}'"))?;
            let o = s3
                .get_object(b, k)
                .map_err(|_| format!("The specified key does not exist: {uri}"))?;
            String::from_utf8_lossy(&o.bytes).into_owned()
        }
    };
    for (var, key) in [("${INPUT1_STAGING_DIR}", "input"), ("${OUTPUT1_STAGING_DIR}", "output")] {
        // Only a variable the command uses is staged: an input that is not in S3 (a
        // DynamoDBDataNode a precondition guards) does not stop the command.
        let node = scope.def.reference(scope.object, key).filter(|_| command.contains(var));
        if let Some(node) = node {
            let (b, k, _) = location(&scope.for_object(node))?;
            command = command.replace(var, &format!("s3://{b}/{}", k.trim_end_matches('/')));
        }
    }
    let args: Vec<String> =
        scope.def.texts(scope.object, "scriptArgument").iter().map(|a| a.to_string()).collect();
    for (i, a) in args.iter().enumerate() {
        command = command.replace(&format!("${}", i + 1), a);
    }
    let mut run = ShellRun { exit: 0, stdout: String::new(), sleep_ms: 0 };
    let mut rest = command.as_str();
    let mut skip = false;
    loop {
        let cut = [";", "&&", "||", "\n"]
            .iter()
            .filter_map(|sep| rest.find(sep).map(|i| (i, *sep)))
            .min();
        let (piece, sep) = match cut {
            Some((i, sep)) => (&rest[..i], Some(sep)),
            None => (rest, None),
        };
        if !skip && !piece.trim().is_empty() {
            run.exit = one_command(s3, ctx, pipeline_id, piece.trim(), &mut run)?;
            if run.exit >= 256 {
                run.exit -= 256;
                return Ok(run);
            }
        }
        let Some(sep) = sep else { break };
        skip = match sep {
            "&&" => run.exit != 0,
            "||" => run.exit == 0,
            _ => false,
        };
        rest = &rest[piece.len() + sep.len()..];
    }
    Ok(run)
}

/// One command; 256 + N means `exit N` (stop here).
fn one_command(
    s3: &mut S3,
    ctx: &mut Ctx<'_>,
    pipeline_id: &str,
    line: &str,
    run: &mut ShellRun,
) -> Result<i32, String> {
    let (line, redirect) = match line.split_once(">>").or_else(|| line.split_once('>')) {
        Some((cmd, target)) => (cmd.trim(), Some((target.trim().to_string(), line.contains(">>")))),
        None => (line, None),
    };
    let words: Vec<String> = line
        .split_whitespace()
        .map(|w| w.trim_matches(|c| c == '"' || c == '\'').to_string())
        .collect();
    let Some(first) = words.first() else { return Ok(0) };
    let mut out = String::new();
    let code = match first.as_str() {
        "true" | ":" => 0,
        "false" => 1,
        "exit" => 256 + words.get(1).and_then(|n| n.parse::<i32>().ok()).unwrap_or(0),
        "sleep" => {
            run.sleep_ms +=
                words.get(1).and_then(|n| n.parse::<i64>().ok()).unwrap_or(0).clamp(0, 86_400)
                    * 1_000;
            0
        }
        "echo" => {
            out = words[1..].join(" ") + "\n";
            0
        }
        "cat" => {
            for w in &words[1..] {
                match split_s3(w).and_then(|(b, k)| s3.get_object(b, k).ok()) {
                    Some(o) => out.push_str(&String::from_utf8_lossy(&o.bytes)),
                    None => {
                        run.stdout.push_str(&format!("cat: {w}: No such file or directory\n"));
                        return Ok(1);
                    }
                }
            }
            0
        }
        "aws"
            if words.get(1).map(String::as_str) == Some("s3")
                && words.get(2).map(String::as_str) == Some("cp") =>
        {
            let (Some(src), Some(dst)) = (words.get(3), words.get(4)) else {
                run.stdout.push_str("usage: aws s3 cp <LocalPath> <S3Uri> or <S3Uri> <LocalPath> or <S3Uri> <S3Uri>\n");
                return Ok(2);
            };
            let body = match split_s3(src).and_then(|(b, k)| s3.get_object(b, k).ok()) {
                Some(o) => o.bytes.clone(),
                None => {
                    run.stdout.push_str(&format!("fatal error: An error occurred (404) when calling the HeadObject operation: Key \"{}\" does not exist\n", split_s3(src).map_or(src.as_str(), |(_, k)| k)));
                    return Ok(1);
                }
            };
            let Some((b, k)) = split_s3(dst) else { return Ok(1) };
            let k = if k.is_empty() || k.ends_with('/') {
                format!("{k}{}", src.rsplit('/').next().unwrap_or(""))
            } else {
                k.to_string()
            };
            write(s3, ctx, pipeline_id, b, &k, body)?;
            run.stdout.push_str(&format!("copy: {src} to s3://{b}/{k}\n"));
            0
        }
        other => {
            run.stdout.push_str(&format!("sh: {other}: command not found\n"));
            127
        }
    };
    match redirect {
        Some((target, append)) => {
            let Some((b, k)) = split_s3(&target) else {
                run.stdout.push_str(&format!("sh: {target}: the sandbox's shell writes only to S3 or the staging directories\n"));
                return Ok(1);
            };
            let mut body = if append {
                s3.get_object(b, k).map(|o| o.bytes.to_vec()).unwrap_or_default()
            } else {
                Vec::new()
            };
            body.extend_from_slice(out.as_bytes());
            write(s3, ctx, pipeline_id, b, k, Arc::from(body))?;
        }
        None => run.stdout.push_str(&out),
    }
    Ok(code)
}
