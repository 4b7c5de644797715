//! Hive's view of the file system: the cluster's HDFS and EMRFS over the sandbox's S3,
//! through the same [`fs`] functions every other step uses.

use hive_sql::driver::Warehouse;

use crate::emr::fs::{self, Location};
use crate::sim::{Ctx, Services};

pub struct ClusterFs<'a, 'b> {
    pub services: &'a mut Services,
    pub ctx: &'a mut Ctx<'b>,
    pub cluster: &'a str,
}

impl Warehouse for ClusterFs<'_, '_> {
    fn files(&self, dir: &str) -> Vec<(String, u64)> {
        let Ok(loc) = Location::parse(dir) else { return Vec::new() };
        // A table reads the files in its directory, not below it (Hive's default,
        // `mapreduce.input.fileinputformat.input.dir.recursive` false).
        let listed =
            fs::input_files(self.services, self.cluster, &loc).ok().flatten().unwrap_or_default();
        let mut out: Vec<(String, u64)> =
            listed.into_iter().map(|l| (super::canonical(&l.location), l.len)).collect();
        out.sort();
        out
    }

    fn subdirs(&self, dir: &str) -> Vec<String> {
        let Ok(loc) = Location::parse(dir) else { return Vec::new() };
        let listed = fs::list(self.services, self.cluster, &loc).ok().flatten().unwrap_or_default();
        listed.into_iter().filter(|l| l.is_dir).map(|l| l.name).collect()
    }

    fn read(&self, path: &str) -> Option<Vec<u8>> {
        let loc = Location::parse(path).ok()?;
        fs::read(self.services, self.cluster, &loc).ok().map(|b| b.to_vec())
    }

    fn write(&mut self, path: &str, bytes: Vec<u8>) -> Result<(), String> {
        let loc = Location::parse(path).map_err(|e| e.to_string())?;
        fs::write(self.services, self.ctx, self.cluster, &loc, &bytes, None, true)
            .map_err(|e| e.to_string())
    }

    fn mkdirs(&mut self, dir: &str) -> Result<(), String> {
        // S3 has no directories: a prefix exists once it holds an object.
        if let Ok(Location::Hdfs(p)) = Location::parse(dir) {
            let now = self.ctx.unix_ms();
            if let Some(c) = self.services.emr.clusters.get_mut(self.cluster) {
                c.hdfs.mkdirs(&p, now).map_err(|e| e.exception())?;
            }
        }
        Ok(())
    }

    fn delete(&mut self, dir: &str) {
        if let Ok(loc) = Location::parse(dir) {
            let _ = fs::delete(self.services, self.ctx, self.cluster, &loc, true);
        }
    }

    fn bucket_exists(&self, uri: &str) -> bool {
        match Location::parse(uri) {
            Ok(Location::S3 { bucket, .. }) => {
                bucket == crate::emr::samples::BUCKET || self.services.s3.bucket_exists(&bucket)
            }
            Ok(Location::Hdfs(_)) => true,
            Err(_) => false,
        }
    }
}
