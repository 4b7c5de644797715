//! Hadoop's job counters with their display names and groups, in the order the job client
//! prints them (`Counters: N`, then each group and its counters). Names are from Hadoop's
//! TaskCounter, JobCounter, FileSystemCounter, FileInputFormatCounter and
//! FileOutputFormatCounter resource bundles; counters that depend on a JVM (memory snapshots,
//! GC) are left out.

use serde::Serialize;

/// What a job counts. File system counters are kept per scheme (`FILE`, `HDFS`, `S3`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counters {
    pub fs: [FsCounters; 3],
    pub failed_maps: u64,
    pub failed_reduces: u64,
    pub killed_maps: u64,
    pub killed_reduces: u64,
    pub launched_maps: u64,
    pub launched_reduces: u64,
    pub data_local_maps: u64,
    pub rack_local_maps: u64,
    pub other_local_maps: u64,
    pub millis_maps: u64,
    pub millis_reduces: u64,
    pub map_mib: u64,
    pub reduce_mib: u64,
    pub map_input_records: u64,
    pub map_output_records: u64,
    pub map_output_bytes: u64,
    pub map_output_materialized_bytes: u64,
    pub split_raw_bytes: u64,
    pub combine_input_records: u64,
    pub combine_output_records: u64,
    pub reduce_input_groups: u64,
    pub reduce_shuffle_bytes: u64,
    pub reduce_input_records: u64,
    pub reduce_output_records: u64,
    pub spilled_records: u64,
    pub shuffled_maps: u64,
    pub merged_map_outputs: u64,
    pub cpu_millis: u64,
    pub bytes_read: u64,
    pub bytes_written: u64,
    /// The job has reducers (the Shuffle Errors group is printed).
    pub has_reducers: bool,
    /// TeraGen's own counter (`TeraGen$Counters` CHECKSUM: the low 64 bits of each map's sum
    /// of CRC-32s, added up).
    pub tera_checksum: Option<u64>,
}

/// One scheme's file system counters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FsCounters {
    pub bytes_read: u64,
    pub bytes_written: u64,
    pub read_ops: u64,
    pub large_read_ops: u64,
    pub write_ops: u64,
}

/// The schemes, in the order Hadoop prints them.
pub const SCHEMES: [&str; 3] = ["FILE", "HDFS", "S3"];
pub const FILE: usize = 0;
pub const HDFS: usize = 1;
pub const S3: usize = 2;

impl Counters {
    /// (group, [(name, value)]) in print order.
    pub fn groups(&self) -> Vec<(&'static str, Vec<(String, u64)>)> {
        let mut fs = Vec::new();
        for (i, scheme) in SCHEMES.iter().enumerate() {
            let c = &self.fs[i];
            if i == FILE || *c != FsCounters::default() {
                fs.push((format!("{scheme}: Number of bytes read"), c.bytes_read));
                fs.push((format!("{scheme}: Number of bytes written"), c.bytes_written));
                fs.push((format!("{scheme}: Number of read operations"), c.read_ops));
                fs.push((format!("{scheme}: Number of large read operations"), c.large_read_ops));
                fs.push((format!("{scheme}: Number of write operations"), c.write_ops));
            }
        }
        let mut job = Vec::new();
        let put = |v: &mut Vec<(String, u64)>, name: &str, value: u64, always: bool| {
            if always || value > 0 {
                v.push((name.to_string(), value));
            }
        };
        put(&mut job, "Failed map tasks", self.failed_maps, false);
        put(&mut job, "Failed reduce tasks", self.failed_reduces, false);
        put(&mut job, "Killed map tasks", self.killed_maps, false);
        put(&mut job, "Killed reduce tasks", self.killed_reduces, false);
        put(&mut job, "Launched map tasks", self.launched_maps, true);
        put(&mut job, "Launched reduce tasks", self.launched_reduces, self.has_reducers);
        put(&mut job, "Data-local map tasks", self.data_local_maps, false);
        put(&mut job, "Rack-local map tasks", self.rack_local_maps, false);
        put(&mut job, "Other local map tasks", self.other_local_maps, false);
        put(
            &mut job,
            "Total time spent by all maps in occupied slots (ms)",
            self.millis_maps,
            true,
        );
        put(
            &mut job,
            "Total time spent by all reduces in occupied slots (ms)",
            self.millis_reduces,
            self.has_reducers,
        );
        put(&mut job, "Total time spent by all map tasks (ms)", self.millis_maps, true);
        put(
            &mut job,
            "Total time spent by all reduce tasks (ms)",
            self.millis_reduces,
            self.has_reducers,
        );
        put(&mut job, "Total vcore-milliseconds taken by all map tasks", self.millis_maps, true);
        put(
            &mut job,
            "Total vcore-milliseconds taken by all reduce tasks",
            self.millis_reduces,
            self.has_reducers,
        );
        put(
            &mut job,
            "Total megabyte-milliseconds taken by all map tasks",
            self.millis_maps * self.map_mib,
            true,
        );
        let mb_reduce = self.millis_reduces * self.reduce_mib;
        put(
            &mut job,
            "Total megabyte-milliseconds taken by all reduce tasks",
            mb_reduce,
            self.has_reducers,
        );
        let mut fw = Vec::new();
        let r = self.has_reducers;
        put(&mut fw, "Map input records", self.map_input_records, true);
        put(&mut fw, "Map output records", self.map_output_records, true);
        put(&mut fw, "Map output bytes", self.map_output_bytes, r);
        put(&mut fw, "Map output materialized bytes", self.map_output_materialized_bytes, r);
        put(&mut fw, "Input split bytes", self.split_raw_bytes, true);
        put(&mut fw, "Combine input records", self.combine_input_records, r);
        put(&mut fw, "Combine output records", self.combine_output_records, r);
        put(&mut fw, "Reduce input groups", self.reduce_input_groups, r);
        put(&mut fw, "Reduce shuffle bytes", self.reduce_shuffle_bytes, r);
        put(&mut fw, "Reduce input records", self.reduce_input_records, r);
        put(&mut fw, "Reduce output records", self.reduce_output_records, r);
        put(&mut fw, "Spilled Records", self.spilled_records, true);
        put(&mut fw, "Shuffled Maps ", self.shuffled_maps, r);
        put(&mut fw, "Failed Shuffles", 0, r);
        put(&mut fw, "Merged Map outputs", self.merged_map_outputs, r);
        put(&mut fw, "CPU time spent (ms)", self.cpu_millis, true);
        let mut out = vec![
            ("File System Counters", fs),
            ("Job Counters ", job),
            ("Map-Reduce Framework", fw),
        ];
        if r {
            let errors =
                ["BAD_ID", "CONNECTION", "IO_ERROR", "WRONG_LENGTH", "WRONG_MAP", "WRONG_REDUCE"];
            out.push(("Shuffle Errors", errors.iter().map(|e| (e.to_string(), 0)).collect()));
        }
        if let Some(sum) = self.tera_checksum {
            out.push((
                "org.apache.hadoop.examples.terasort.TeraGen$Counters",
                vec![("CHECKSUM".into(), sum)],
            ));
        }
        out.push(("File Input Format Counters ", vec![("Bytes Read".into(), self.bytes_read)]));
        out.push((
            "File Output Format Counters ",
            vec![("Bytes Written".into(), self.bytes_written)],
        ));
        out
    }

    /// What the job client logs at the end of a job: `Counters: N`, then tab-indented groups
    /// and `name=value` lines.
    pub fn lines(&self) -> Vec<String> {
        let groups = self.groups();
        let n: usize = groups.iter().map(|(_, c)| c.len()).sum();
        let mut out = vec![format!("Counters: {n}")];
        for (group, counters) in groups {
            out.push(format!("\t{group}"));
            out.extend(counters.into_iter().map(|(name, v)| format!("\t\t{name}={v}")));
        }
        out
    }

    /// A counter's value by its display name (for views and tests).
    pub fn get(&self, name: &str) -> Option<u64> {
        self.groups().into_iter().flat_map(|(_, c)| c).find(|(n, _)| n == name).map(|(_, v)| v)
    }
}
