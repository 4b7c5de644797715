//! `hdfs dfs` (FsShell): `-ls [-R]`, `-cat`/`-text`, `-tail`, `-du [-s]`, `-mkdir [-p]`,
//! `-put`/`-copyFromLocal` (`-` reads stdin), `-cp`, `-mv`, `-rm [-r] [-f]`, `-setrep`, over
//! HDFS paths and EMRFS `s3://` URIs, with FsShell's output and error texts (`ls: `/x': No
//! such file or directory`).

use super::java;
use super::ShellOutput;
use crate::emr::fs::{self, FsError, Listed, Location};
use crate::emr::hdfs::{EntryKind, HdfsError};
use crate::sim::{Ctx, Services};

struct Out {
    stdout: String,
    stderr: String,
    failed: bool,
}

impl Out {
    fn error(&mut self, cmd: &str, e: impl std::fmt::Display) {
        self.stderr.push_str(&format!("{cmd}: {e}\n"));
        self.failed = true;
    }
}

/// Runs `hdfs dfs <args>`.
pub fn run(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster: &str,
    args: &[&str],
    stdin: Option<&str>,
) -> ShellOutput {
    let Some((cmd, rest)) = args.split_first() else {
        return ShellOutput::err("Usage: hadoop fs [generic options]\n".into(), 255);
    };
    let name = cmd.trim_start_matches('-');
    let (flags, paths): (Vec<&str>, Vec<&str>) =
        rest.iter().partition(|a| a.starts_with('-') && a.len() > 1);
    let has = |f: &str| flags.contains(&f);
    let mut out = Out { stdout: String::new(), stderr: String::new(), failed: false };
    match name {
        "ls" => ls(services, cluster, &paths, has("-R"), &mut out),
        "cat" | "text" => cat(services, cluster, &paths, name, &mut out),
        "tail" => tail(services, cluster, &paths, &mut out),
        "du" => du(services, cluster, &paths, has("-s"), &mut out),
        "mkdir" => mkdir(services, ctx, cluster, &paths, has("-p"), &mut out),
        "rm" => rm(services, ctx, cluster, &paths, has("-r") || has("-R"), has("-f"), &mut out),
        "put" | "copyFromLocal" => put(services, ctx, cluster, rest, stdin, name, &mut out),
        "cp" => copy(services, ctx, cluster, &paths, has("-f"), false, &mut out),
        "mv" => copy(services, ctx, cluster, &paths, false, true, &mut out),
        "setrep" => setrep(services, ctx, cluster, &paths, &mut out),
        "get" | "copyToLocal" => {
            out.error(name, "the sandbox's primary node keeps no local files: read with -cat")
        }
        _ => {
            return ShellOutput::err(
                format!("{cmd}: Unknown command\nUsage: hadoop fs [generic options]\n"),
                255,
            );
        }
    }
    ShellOutput { stdout: out.stdout, stderr: out.stderr, exit_code: i32::from(out.failed) }
}

fn loc(path: &str) -> Result<Location, FsError> {
    Location::parse(path)
}

/// A child of a typed path, printed as FsShell prints it: the typed path, a slash, the name.
fn child(typed: &str, name: &str) -> String {
    if typed.ends_with('/') {
        format!("{typed}{name}")
    } else {
        format!("{typed}/{name}")
    }
}

fn not_found(path: &str) -> String {
    HdfsError::NotFound(path.to_string()).to_string()
}

/// A line of `-ls`.
struct LsRow {
    dir: bool,
    perm: &'static str,
    replication: String,
    owner: String,
    group: String,
    len: u64,
    modified_ms: i64,
    path: String,
}

fn row(services: &Services, cluster: &str, l: &Listed, shown: String) -> LsRow {
    let hdfs_entry = match &l.location {
        Location::Hdfs(p) => {
            services.emr.clusters.get(cluster).and_then(|c| c.hdfs.entry(p).cloned())
        }
        Location::S3 { .. } => None,
    };
    match hdfs_entry {
        Some(e) => {
            let replication = match e.kind {
                EntryKind::File { replication, .. } => replication.to_string(),
                EntryKind::Dir => "-".into(),
            };
            LsRow {
                dir: l.is_dir,
                perm: if l.is_dir { "rwxr-xr-x" } else { "rw-r--r--" },
                replication,
                owner: e.owner,
                group: e.group,
                len: l.len,
                modified_ms: e.modified_ms,
                path: shown,
            }
        }
        // EMRFS shows S3 objects as files of user and group hadoop, world-writable, and
        // prefixes as directories dated at the epoch.
        None => LsRow {
            dir: l.is_dir,
            perm: if l.is_dir { "rwxrwxrwx" } else { "rw-rw-rw-" },
            replication: if l.is_dir { "-".into() } else { "1".into() },
            owner: "hadoop".into(),
            group: "hadoop".into(),
            len: l.len,
            modified_ms: if l.is_dir { 0 } else { l.modified_ms },
            path: shown,
        },
    }
}

/// FsShell's Ls columns: replication at least 3 wide, size at least 10, owner and group as
/// wide as the widest.
fn print_rows(rows: &[LsRow], out: &mut String) {
    let repl = rows.iter().map(|r| r.replication.len()).max().unwrap_or(0).max(3);
    let owner = rows.iter().map(|r| r.owner.len()).max().unwrap_or(0);
    let group = rows.iter().map(|r| r.group.len()).max().unwrap_or(0);
    let size = rows.iter().map(|r| r.len.to_string().len()).max().unwrap_or(0).max(10);
    for r in rows {
        out.push_str(&format!(
            "{}{} {:>repl$} {:<owner$} {:<group$} {:>size$} {} {}\n",
            if r.dir { "d" } else { "-" },
            r.perm,
            r.replication,
            r.owner,
            r.group,
            r.len,
            java::ls_date(r.modified_ms),
            r.path
        ));
    }
}

fn ls(services: &Services, cluster: &str, paths: &[&str], recursive: bool, out: &mut Out) {
    let paths: Vec<&str> = if paths.is_empty() { vec!["."] } else { paths.to_vec() };
    for typed in paths {
        let listed = loc(typed).and_then(|l| fs::list(services, cluster, &l).map(|x| (l, x)));
        match listed {
            Err(e) => out.error("ls", e),
            Ok((_, None)) => out.error("ls", not_found(typed)),
            Ok((l, Some(items))) => {
                let is_file = items.len() == 1 && !items[0].is_dir && items[0].location == l;
                if is_file {
                    let r = row(services, cluster, &items[0], typed.to_string());
                    print_rows(&[r], &mut out.stdout);
                    continue;
                }
                if recursive {
                    ls_recursive(services, cluster, typed, items, &mut out.stdout);
                } else {
                    if !items.is_empty() {
                        out.stdout.push_str(&format!("Found {} items\n", items.len()));
                    }
                    let rows: Vec<LsRow> = items
                        .iter()
                        .map(|i| row(services, cluster, i, child(typed, &i.name)))
                        .collect();
                    print_rows(&rows, &mut out.stdout);
                }
            }
        }
    }
}

fn ls_recursive(
    services: &Services,
    cluster: &str,
    typed: &str,
    items: Vec<Listed>,
    out: &mut String,
) {
    for i in items {
        let shown = child(typed, &i.name);
        print_rows(&[row(services, cluster, &i, shown.clone())], out);
        if i.is_dir {
            if let Ok(Some(children)) = fs::list(services, cluster, &i.location) {
                ls_recursive(services, cluster, &shown, children, out);
            }
        }
    }
}

fn read_file(services: &Services, cluster: &str, typed: &str) -> Result<Vec<u8>, String> {
    let l = loc(typed).map_err(|e| e.to_string())?;
    match fs::list(services, cluster, &l).map_err(|e| e.to_string())? {
        None => Err(not_found(typed)),
        Some(items) if items.len() == 1 && !items[0].is_dir && items[0].location == l => {
            fs::read(services, cluster, &l).map(|b| b.to_vec()).map_err(|e| e.to_string())
        }
        Some(_) => Err(HdfsError::IsDirectory(typed.to_string()).to_string()),
    }
}

fn cat(services: &Services, cluster: &str, paths: &[&str], cmd: &str, out: &mut Out) {
    for typed in paths {
        match read_file(services, cluster, typed) {
            Ok(bytes) => out.stdout.push_str(&String::from_utf8_lossy(&bytes)),
            Err(e) => out.error(cmd, e),
        }
    }
}

/// The last kilobyte of a file.
fn tail(services: &Services, cluster: &str, paths: &[&str], out: &mut Out) {
    for typed in paths {
        match read_file(services, cluster, typed) {
            Ok(bytes) => out
                .stdout
                .push_str(&String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(1024)..])),
            Err(e) => out.error("tail", e),
        }
    }
}

/// (length, space consumed with every replica) under a location.
fn usage(services: &Services, cluster: &str, l: &Location) -> (u64, u64) {
    match l {
        Location::Hdfs(p) => {
            let Some(c) = services.emr.clusters.get(cluster) else { return (0, 0) };
            c.hdfs.files_under(p).iter().filter_map(|f| c.hdfs.entry(f)).fold(
                (0, 0),
                |(n, d), e| match e.kind {
                    EntryKind::File { len, replication, .. } => {
                        (n + len, d + len * replication as u64)
                    }
                    EntryKind::Dir => (n, d),
                },
            )
        }
        Location::S3 { .. } => {
            let mut total = 0;
            let mut stack = vec![l.clone()];
            while let Some(at) = stack.pop() {
                for i in fs::list(services, cluster, &at).ok().flatten().unwrap_or_default() {
                    if i.is_dir && i.location != at {
                        stack.push(i.location)
                    } else {
                        total += i.len
                    }
                }
            }
            (total, total)
        }
    }
}

fn du(services: &Services, cluster: &str, paths: &[&str], summary: bool, out: &mut Out) {
    let paths: Vec<&str> = if paths.is_empty() { vec!["."] } else { paths.to_vec() };
    let mut rows: Vec<[String; 3]> = Vec::new();
    for typed in paths {
        let listed = loc(typed).and_then(|l| fs::list(services, cluster, &l).map(|x| (l, x)));
        match listed {
            Err(e) => out.error("du", e),
            Ok((_, None)) => out.error("du", not_found(typed)),
            Ok((l, Some(items))) => {
                let is_dir = !(items.len() == 1 && items[0].location == l);
                if summary || !is_dir {
                    let (n, d) = usage(services, cluster, &l);
                    rows.push([n.to_string(), d.to_string(), typed.to_string()]);
                } else {
                    for i in items {
                        let (n, d) = usage(services, cluster, &i.location);
                        rows.push([n.to_string(), d.to_string(), child(typed, &i.name)]);
                    }
                }
            }
        }
    }
    // FsUsage's TableBuilder: columns left-aligned to their widest value, two spaces apart.
    let w0 = rows.iter().map(|r| r[0].len()).max().unwrap_or(0);
    let w1 = rows.iter().map(|r| r[1].len()).max().unwrap_or(0);
    for r in rows {
        out.stdout.push_str(&format!("{:<w0$}  {:<w1$}  {}\n", r[0], r[1], r[2]));
    }
}

fn mkdir(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster: &str,
    paths: &[&str],
    parents: bool,
    out: &mut Out,
) {
    for typed in paths {
        let Ok(Location::Hdfs(p)) = loc(typed) else {
            // An S3 "directory" is a prefix: there is nothing to make.
            continue;
        };
        let Some(c) = services.emr.clusters.get_mut(cluster) else { return };
        if c.hdfs.exists(&p) {
            if !parents || !c.hdfs.is_dir(&p) {
                out.error("mkdir", HdfsError::Exists(typed.to_string()));
            }
            continue;
        }
        let parent = crate::emr::hdfs::namespace::parent(&p).to_string();
        if !parents && !c.hdfs.exists(&parent) {
            out.error("mkdir", format!("`{typed}': No such file or directory"));
            continue;
        }
        if let Err(e) = c.hdfs.mkdirs(&p, ctx.unix_ms()) {
            out.error("mkdir", e);
        }
    }
}

fn rm(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster: &str,
    paths: &[&str],
    recursive: bool,
    force: bool,
    out: &mut Out,
) {
    for typed in paths {
        let result = loc(typed).and_then(|l| fs::delete(services, ctx, cluster, &l, recursive));
        match result {
            Ok(_) => out.stdout.push_str(&format!("Deleted {typed}\n")),
            Err(FsError::Hdfs(HdfsError::NotFound(_))) if force => {}
            Err(FsError::Hdfs(HdfsError::NotFound(_))) => out.error("rm", not_found(typed)),
            Err(FsError::Hdfs(HdfsError::IsDirectory(_))) => {
                out.error("rm", HdfsError::IsDirectory(typed.to_string()))
            }
            Err(e) => out.error("rm", e),
        }
    }
}

/// `-put <src...> <dst>` from S3 or HDFS sources, or `-put - <dst>` from stdin.
fn put(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster: &str,
    args: &[&str],
    stdin: Option<&str>,
    cmd: &str,
    out: &mut Out,
) {
    let overwrite = args.contains(&"-f");
    let paths: Vec<&str> =
        args.iter().copied().filter(|a| *a == "-" || !a.starts_with('-')).collect();
    if paths.first() == Some(&"-") {
        let Some(dst) = paths.get(1) else {
            return out
                .error(cmd, "Usage: hadoop fs [generic options] -put [-f] <localsrc> ... <dst>");
        };
        let text = stdin.unwrap_or("");
        write(services, ctx, cluster, dst, text.as_bytes(), overwrite, cmd, out);
        return;
    }
    copy_into(services, ctx, cluster, &paths, overwrite, false, cmd, out);
}

fn copy(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster: &str,
    paths: &[&str],
    overwrite: bool,
    moving: bool,
    out: &mut Out,
) {
    let cmd = if moving { "mv" } else { "cp" };
    copy_into(services, ctx, cluster, paths, overwrite, moving, cmd, out);
}

#[allow(clippy::too_many_arguments)]
fn copy_into(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster: &str,
    paths: &[&str],
    overwrite: bool,
    moving: bool,
    cmd: &str,
    out: &mut Out,
) {
    let Some((dst, sources)) = paths.split_last() else { return };
    if sources.is_empty() {
        return out
            .error(cmd, format!("Usage: hadoop fs [generic options] -{cmd} <src> ... <dst>"));
    }
    let dst_is_dir = loc(dst)
        .ok()
        .and_then(|l| fs::list(services, cluster, &l).ok().flatten().map(|i| (l, i)))
        .is_some_and(|(l, items)| {
            !(items.len() == 1 && items[0].location == l && !items[0].is_dir)
        });
    for src in sources {
        let files = match tree(services, cluster, src) {
            Ok(f) => f,
            Err(e) => {
                out.error(cmd, e);
                continue;
            }
        };
        let name = src.trim_end_matches('/').rsplit('/').next().unwrap_or(src);
        let base = if dst_is_dir { child(dst, name) } else { dst.to_string() };
        let mut all_written = true;
        for (rel, loc) in files {
            let bytes = match fs::read(services, cluster, &loc) {
                Ok(b) => b,
                Err(e) => {
                    out.error(cmd, e);
                    all_written = false;
                    continue;
                }
            };
            let target = if rel.is_empty() { base.clone() } else { child(&base, &rel) };
            all_written &= write(services, ctx, cluster, &target, &bytes, overwrite, cmd, out);
        }
        if all_written && moving {
            let _ = loc(src).and_then(|l| fs::delete(services, ctx, cluster, &l, true));
        }
    }
}

/// The files a source names: itself (relative path ""), or every file under a directory with
/// its path relative to it (what `-cp dir dst` copies).
fn tree(services: &Services, cluster: &str, src: &str) -> Result<Vec<(String, Location)>, String> {
    let root = loc(src).map_err(|e| e.to_string())?;
    let Some(items) = fs::list(services, cluster, &root).map_err(|e| e.to_string())? else {
        return Err(not_found(src));
    };
    if items.len() == 1 && items[0].location == root && !items[0].is_dir {
        return Ok(vec![(String::new(), root)]);
    }
    let mut out = Vec::new();
    let mut stack: Vec<(String, Vec<Listed>)> = vec![(String::new(), items)];
    while let Some((prefix, items)) = stack.pop() {
        for i in items {
            let rel =
                if prefix.is_empty() { i.name.clone() } else { format!("{prefix}/{}", i.name) };
            if i.is_dir {
                let children = fs::list(services, cluster, &i.location)
                    .map_err(|e| e.to_string())?
                    .unwrap_or_default();
                stack.push((rel, children));
            } else {
                out.push((rel, i.location));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn write(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster: &str,
    typed: &str,
    bytes: &[u8],
    overwrite: bool,
    cmd: &str,
    out: &mut Out,
) -> bool {
    let result = loc(typed).and_then(|l| {
        if !overwrite && fs::exists(services, cluster, &l)? {
            return Err(FsError::Hdfs(HdfsError::Exists(typed.to_string())));
        }
        fs::write(services, ctx, cluster, &l, bytes, None, overwrite)
    });
    match result {
        Ok(()) => true,
        Err(e) => {
            out.error(cmd, e);
            false
        }
    }
}

fn setrep(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster: &str,
    paths: &[&str],
    out: &mut Out,
) {
    let Some((n, targets)) = paths.split_first() else {
        return out.error(
            "setrep",
            "Usage: hadoop fs [generic options] -setrep [-R] [-w] <rep> <path> ...",
        );
    };
    let rep = match n.parse::<i16>() {
        Ok(r) if r >= 1 => r as u16,
        Ok(_) => return out.error("setrep", "replication must be >= 1"),
        Err(_) => return out.error("setrep", "Illegal replication, a positive integer expected"),
    };
    for typed in targets {
        let Ok(Location::Hdfs(p)) = loc(typed) else { continue };
        let Some(c) = services.emr.clusters.get_mut(cluster) else { return };
        if !c.hdfs.exists(&p) {
            out.error("setrep", not_found(typed));
            continue;
        }
        for f in c.hdfs.files_under(&p) {
            if let Some(crate::emr::hdfs::Entry {
                kind: EntryKind::File { replication, .. }, ..
            }) = c.hdfs.entries.get_mut(&f)
            {
                *replication = rep.min(crate::emr::hdfs::MAX_REPLICATION);
            }
            let shown = if f == p { typed.to_string() } else { child(typed, &f[p.len() + 1..]) };
            out.stdout.push_str(&format!("Replication {rep} set: {shown}\n"));
        }
        crate::emr::hdfs::health::wake_monitor(c, ctx);
    }
}
