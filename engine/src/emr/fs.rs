//! The file systems a step or the primary node's shell sees: HDFS (`hdfs://...`, or a path
//! without a scheme: "Amazon EMR resolves paths that do not specify a prefix in the URI to the
//! local HDFS") and EMRFS (`s3://bucket/key`, also `s3n://` and `s3a://`), which reads and
//! writes the sandbox's S3 service through its typed API: the same objects the S3 view and
//! `aws s3 ls` show, still there after the cluster is gone. AWS's public sample bucket
//! `elasticmapreduce` is built in and read-only ([`super::samples`]).

use std::sync::Arc;

use super::hdfs::health;
use super::hdfs::namespace::{self, HdfsError, WriteOptions};
use super::model::Cluster;
use super::samples;
use crate::api::ApiError;
use crate::s3::wire::{DeleteObjectInput, PutObjectInput};
use crate::s3::WrittenBy;
use crate::sim::{Ctx, Services};

/// Where a path points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// An absolute HDFS path.
    Hdfs(String),
    /// An S3 bucket and key (no leading slash; may be empty for the bucket's root).
    S3 { bucket: String, key: String },
}

impl Location {
    /// `hdfs://` paths, plain paths (relative ones under `/user/hadoop`) and `s3://`,
    /// `s3n://`, `s3a://` URIs.
    pub fn parse(path: &str) -> Result<Location, FsError> {
        for scheme in ["s3://", "s3n://", "s3a://"] {
            if let Some(rest) = path.strip_prefix(scheme) {
                let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
                if bucket.is_empty() {
                    return Err(FsError::BadPath(path.to_string()));
                }
                return Ok(Location::S3 {
                    bucket: bucket.to_string(),
                    key: key.trim_end_matches('/').to_string(),
                });
            }
        }
        namespace::resolve(path)
            .map(Location::Hdfs)
            .ok_or_else(|| FsError::BadPath(path.to_string()))
    }

    /// The path as Hadoop prints it: `hdfs://<namenode>:8020/a/b` or `s3://bucket/key`.
    pub fn uri(&self, c: &Cluster, region: &str) -> String {
        match self {
            Location::Hdfs(p) => format!("{}{p}", namenode_uri(c, region)),
            Location::S3 { bucket, key } => format!("s3://{bucket}/{key}"),
        }
    }

    pub fn is_hdfs(&self) -> bool {
        matches!(self, Location::Hdfs(_))
    }

    /// A child location (`dir/name`).
    pub fn join(&self, name: &str) -> Location {
        match self {
            Location::Hdfs(p) if p == "/" => Location::Hdfs(format!("/{name}")),
            Location::Hdfs(p) => Location::Hdfs(format!("{p}/{name}")),
            Location::S3 { bucket, key } if key.is_empty() => {
                Location::S3 { bucket: bucket.clone(), key: name.into() }
            }
            Location::S3 { bucket, key } => {
                Location::S3 { bucket: bucket.clone(), key: format!("{key}/{name}") }
            }
        }
    }
}

/// The cluster's NameNode, as `fs.defaultFS` names it: `hdfs://<primary private DNS>:8020`.
pub fn namenode_uri(c: &Cluster, region: &str) -> String {
    let host = c.master().map(|m| m.private_dns(region)).unwrap_or_default();
    format!("hdfs://{host}:8020")
}

/// What can go wrong reading or writing a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FsError {
    Hdfs(HdfsError),
    S3(String),
    /// The built-in sample bucket is AWS's: nobody else writes to it.
    ReadOnly(String),
    BadPath(String),
    NoSuchCluster,
}

impl std::fmt::Display for FsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FsError::Hdfs(e) => write!(f, "{e}"),
            FsError::S3(m) => f.write_str(m),
            FsError::ReadOnly(uri) => write!(
                f,
                "{uri}: com.amazonaws.services.s3.model.AmazonS3Exception: Access Denied (Service: \
                 Amazon S3; Status Code: 403; Error Code: AccessDenied)"
            ),
            FsError::BadPath(p) => write!(f, "`{p}': No such file or directory"),
            FsError::NoSuchCluster => f.write_str("No such cluster"),
        }
    }
}

impl From<HdfsError> for FsError {
    fn from(e: HdfsError) -> Self {
        FsError::Hdfs(e)
    }
}

fn s3_error(e: ApiError) -> FsError {
    FsError::S3(format!(
        "com.amazonaws.services.s3.model.AmazonS3Exception: {} (Service: Amazon S3; Status Code: {}; Error Code: {})",
        e.message, e.status, e.code
    ))
}

fn cluster<'a>(services: &'a Services, id: &str) -> Result<&'a Cluster, FsError> {
    services.emr.clusters.get(id).ok_or(FsError::NoSuchCluster)
}

/// A file's bytes.
pub fn read(services: &Services, cluster_id: &str, loc: &Location) -> Result<Arc<[u8]>, FsError> {
    match loc {
        Location::Hdfs(p) => {
            let c = cluster(services, cluster_id)?;
            Ok(c.hdfs.read(p, |r| health::readable(c, r))?.into())
        }
        Location::S3 { bucket, key } if bucket == samples::BUCKET => samples::read(key)
            .map(Arc::from)
            .ok_or_else(|| FsError::BadPath(format!("s3://{bucket}/{key}"))),
        Location::S3 { bucket, key } => {
            services.s3.get_object(bucket, key).map(|o| o.bytes.clone()).map_err(s3_error)
        }
    }
}

/// One file of a listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub location: Location,
    pub name: String,
    pub len: u64,
    pub is_dir: bool,
    pub modified_ms: i64,
}

/// A directory's entries (or the file itself). `None` when nothing is there.
pub fn list(
    services: &Services,
    cluster_id: &str,
    loc: &Location,
) -> Result<Option<Vec<Listed>>, FsError> {
    match loc {
        Location::Hdfs(p) => {
            let c = cluster(services, cluster_id)?;
            if !c.hdfs.exists(p) {
                return Ok(None);
            }
            let entries = c.hdfs.list(p)?;
            Ok(Some(
                entries
                    .into_iter()
                    .map(|s| Listed {
                        name: s.path.rsplit('/').next().unwrap_or_default().to_string(),
                        location: Location::Hdfs(s.path),
                        len: s.len,
                        is_dir: s.is_dir,
                        modified_ms: s.modified_ms,
                    })
                    .collect(),
            ))
        }
        Location::S3 { bucket, key } => Ok(list_s3(services, bucket, key)?),
    }
}

fn list_s3(services: &Services, bucket: &str, key: &str) -> Result<Option<Vec<Listed>>, FsError> {
    let objects: Vec<(String, u64, i64)> = if bucket == samples::BUCKET {
        samples::keys().into_iter().map(|(k, len)| (k, len, 0)).collect()
    } else {
        let mut all = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = services
                .s3
                .list_objects(bucket, key, None, after.as_deref(), 1000)
                .map_err(s3_error)?;
            all.extend(page.contents.iter().map(|o| (o.key.clone(), o.size, o.last_modified_ms)));
            if !page.is_truncated {
                break;
            }
            after = page.contents.last().map(|o| o.key.clone());
        }
        all
    };
    if let Some((k, len, ms)) = objects.iter().find(|(k, _, _)| k == key && !key.is_empty()) {
        let name = k.rsplit('/').next().unwrap_or_default().to_string();
        let location = Location::S3 { bucket: bucket.into(), key: k.clone() };
        return Ok(Some(vec![Listed {
            location,
            name,
            len: *len,
            is_dir: false,
            modified_ms: *ms,
        }]));
    }
    let prefix = if key.is_empty() { String::new() } else { format!("{key}/") };
    let mut out: Vec<Listed> = Vec::new();
    for (k, len, ms) in objects.iter().filter(|(k, _, _)| k.starts_with(&prefix)) {
        let rest = &k[prefix.len()..];
        let (name, is_dir) = match rest.split_once('/') {
            Some((dir, _)) => (dir, true),
            None => (rest, false),
        };
        if name.is_empty() || out.iter().any(|l| l.name == name) {
            continue;
        }
        let location = Location::S3 { bucket: bucket.into(), key: format!("{prefix}{name}") };
        let len = if is_dir { 0 } else { *len };
        out.push(Listed { location, name: name.to_string(), len, is_dir, modified_ms: *ms });
    }
    Ok((!out.is_empty()).then_some(out))
}

/// Whether anything is at `loc` (an HDFS path, an S3 object, or an S3 prefix that holds
/// objects: how FileOutputFormat decides an output directory "already exists").
pub fn exists(services: &Services, cluster_id: &str, loc: &Location) -> Result<bool, FsError> {
    Ok(list(services, cluster_id, loc)?.is_some())
}

/// The files a MapReduce input path names: the file itself, or the visible files of the
/// directory (FileInputFormat skips names starting with `_` or `.`), in name order.
pub fn input_files(
    services: &Services,
    cluster_id: &str,
    loc: &Location,
) -> Result<Option<Vec<Listed>>, FsError> {
    let Some(entries) = list(services, cluster_id, loc)? else { return Ok(None) };
    Ok(Some(
        entries
            .into_iter()
            .filter(|l| !l.is_dir && !l.name.starts_with('_') && !l.name.starts_with('.'))
            .collect(),
    ))
}

/// Writes a file (HDFS replicas placed from `writer`'s node; S3 objects written through the
/// S3 service as this cluster).
pub fn write(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster_id: &str,
    loc: &Location,
    bytes: &[u8],
    writer: Option<&str>,
    overwrite: bool,
) -> Result<(), FsError> {
    write_replicated(services, ctx, cluster_id, loc, bytes, writer, overwrite, None)
}

/// [`write`] with the HDFS replication the writer asks for (`dfs.replication` of its job);
/// `None` for the cluster's default.
#[allow(clippy::too_many_arguments)]
pub fn write_replicated(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster_id: &str,
    loc: &Location,
    bytes: &[u8],
    writer: Option<&str>,
    overwrite: bool,
    replication: Option<u16>,
) -> Result<(), FsError> {
    match loc {
        Location::Hdfs(p) => {
            let elsewhere: u64 = services
                .emr
                .clusters
                .values()
                .filter(|c| c.id != cluster_id)
                .map(|c| c.hdfs.file_bytes)
                .sum();
            let c = services.emr.clusters.get_mut(cluster_id).ok_or(FsError::NoSuchCluster)?;
            let opts = WriteOptions { writer, replication, overwrite, stored_elsewhere: elsewhere };
            Ok(namespace::write_file(c, ctx, p, bytes, opts)?)
        }
        Location::S3 { bucket, .. } if bucket == samples::BUCKET => {
            Err(FsError::ReadOnly(format!("s3://{bucket}")))
        }
        Location::S3 { bucket, key } => {
            let input = PutObjectInput::new(bucket, key, bytes.to_vec());
            let by = WrittenBy::Emr { cluster_id: cluster_id.to_string() };
            crate::s3::ops::put_object(&mut services.s3, ctx, input, by)
                .map(|_| ())
                .map_err(s3_error)
        }
    }
}

/// Deletes a file or a directory tree; returns what was deleted (as URIs of the location's
/// kind: HDFS paths or `s3://` URIs).
pub fn delete(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster_id: &str,
    loc: &Location,
    recursive: bool,
) -> Result<Vec<String>, FsError> {
    match loc {
        Location::Hdfs(p) => {
            let c = services.emr.clusters.get_mut(cluster_id).ok_or(FsError::NoSuchCluster)?;
            let files = c.hdfs.delete(p, recursive)?;
            for f in &files {
                ctx.emit(super::model::Event::hdfs(
                    cluster_id,
                    super::hdfs::HdfsEvent::FileDeleted { path: f.clone() },
                ));
            }
            Ok(files)
        }
        Location::S3 { bucket, .. } if bucket == samples::BUCKET => {
            Err(FsError::ReadOnly(format!("s3://{bucket}")))
        }
        Location::S3 { bucket, key } => {
            let single = services.s3.get_object(bucket, key).is_ok();
            let keys: Vec<String> = if single {
                vec![key.clone()]
            } else {
                let prefix = format!("{key}/");
                let page = services
                    .s3
                    .list_objects(bucket, &prefix, None, None, 1000)
                    .map_err(s3_error)?;
                if !page.contents.is_empty() && !recursive {
                    return Err(FsError::Hdfs(HdfsError::IsDirectory(format!(
                        "s3://{bucket}/{key}"
                    ))));
                }
                page.contents.into_iter().map(|o| o.key).collect()
            };
            if keys.is_empty() {
                return Err(FsError::Hdfs(HdfsError::NotFound(format!("s3://{bucket}/{key}"))));
            }
            for k in &keys {
                let input =
                    DeleteObjectInput { bucket: bucket.clone(), key: k.clone(), version_id: None };
                crate::s3::ops::delete_object(&mut services.s3, ctx, input).map_err(s3_error)?;
            }
            Ok(keys.into_iter().map(|k| format!("s3://{bucket}/{k}")).collect())
        }
    }
}
