//! The console's local files: what `aws s3 cp`, `aws s3 sync` and `aws s3api put-object --body`
//! read, and what downloads write. The page keeps them in memory (the learner uploads into it
//! and downloads from it); the real-client tests give the replay the files the real CLI saw.

use std::collections::BTreeMap;

/// One local file as a listing sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalFile {
    /// Relative to the working directory, `/`-separated, without `./`.
    pub path: String,
    pub size: u64,
    /// Modification time, Unix seconds.
    pub mtime: i64,
}

/// A working directory of files.
pub trait LocalFiles {
    fn read(&self, path: &str) -> Option<Vec<u8>>;
    fn write(&mut self, path: &str, bytes: Vec<u8>, mtime: i64);
    fn mtime(&self, path: &str) -> Option<i64>;
    fn remove(&mut self, path: &str);
    /// Every file under `dir` (`""` for all), in path order.
    fn list(&self, dir: &str) -> Vec<LocalFile>;
    /// Whether `path` is a directory (a prefix of some file's path).
    fn is_dir(&self, path: &str) -> bool {
        let dir = normalize(path);
        dir.is_empty() || !self.list(&dir).is_empty() && self.read(&dir).is_none()
    }
}

/// `./a//b/` -> `a/b`: the form paths are kept in.
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Files in memory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemoryFiles {
    files: BTreeMap<String, (Vec<u8>, i64)>,
}

impl MemoryFiles {
    pub fn new() -> Self {
        Self::default()
    }

    /// The files, for a view to list and offer for download.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &[u8], i64)> {
        self.files.iter().map(|(k, (b, t))| (k.as_str(), b.as_slice(), *t))
    }
}

impl LocalFiles for MemoryFiles {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        self.files.get(&normalize(path)).map(|(b, _)| b.clone())
    }

    fn write(&mut self, path: &str, bytes: Vec<u8>, mtime: i64) {
        self.files.insert(normalize(path), (bytes, mtime));
    }

    fn mtime(&self, path: &str) -> Option<i64> {
        self.files.get(&normalize(path)).map(|(_, t)| *t)
    }

    fn remove(&mut self, path: &str) {
        self.files.remove(&normalize(path));
    }

    fn list(&self, dir: &str) -> Vec<LocalFile> {
        let dir = normalize(dir);
        let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
        self.files
            .iter()
            .filter(|(k, _)| k.starts_with(&prefix))
            .map(|(k, (b, t))| LocalFile { path: k.clone(), size: b.len() as u64, mtime: *t })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalize_and_dirs_list() {
        assert_eq!(normalize("./a//b/"), "a/b");
        assert_eq!(normalize("a/../b"), "b");
        let mut f = MemoryFiles::new();
        f.write("./d/x.txt", b"x".to_vec(), 5);
        f.write("top.txt", b"t".to_vec(), 6);
        assert_eq!(f.list("d").len(), 1);
        assert!(f.is_dir("d") && f.is_dir(".") && !f.is_dir("top.txt"));
        assert_eq!(f.read("d/x.txt").unwrap(), b"x");
    }
}
