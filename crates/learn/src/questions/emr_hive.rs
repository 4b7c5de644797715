//! Hive questions: what a query becomes on the cluster. Run over the sandbox's own access
//! logs with the shipped log-processing script's table, on a cluster that ends with its step.

use engine::Command;

use super::emr::BUCKET;
use crate::catalog::BOTH;
use crate::commands::create_bucket;
use crate::question::{Choice, Observation, Question};
use crate::script::Script;

pub const QUESTIONS: &[Question] = &[Question {
    id: "hive-order-by-reducer",
    title: "ORDER BY's reducers",
    covers: &["S12", "S13"],
    exams: BOTH,
    view: "console",
    // Never 1 or 2, so exactly one choice holds.
    params: |d| vec![("reducers", d.pick(&[3, 4, 5]))],
    prompt: "A Hive step counts the hits of each page in the access logs and writes them, most requested first: SET mapreduce.job.reduces={reducers}; INSERT OVERWRITE DIRECTORY 's3://lab-results/top/' SELECT url, count(*) AS hits FROM access_logs GROUP BY url ORDER BY hits DESC. How many files does it leave under s3://lab-results/top/?",
    choices: &[
        Choice { label: "{reducers}: one 00000N_0 file per reducer, as mapreduce.job.reduces asks", act: None, holds: |o, p| o.get("files") == p.get("reducers") },
        Choice { label: "One: the last job sorts the whole result, and a total order needs a single reducer", act: None, holds: |o, _| o.get("files") == 1 && o.get("jobs") == 2 },
        Choice { label: "Two: one file per MapReduce job the query runs", act: None, holds: |o, _| o.get("files") == 2 },
    ],
    setup: |p| {
        let mut s = Script::new();
        s.push(create_bucket(BUCKET));
        let table = engine::emr::hive::scripts::ACCESS_LOGS.split("-- Requests per status").next().unwrap_or_default();
        let query = format!(
            "{table}\nSET mapreduce.job.reduces={};\nINSERT OVERWRITE DIRECTORY 's3://{BUCKET}/top/' SELECT url, count(*) AS hits FROM access_logs GROUP BY url ORDER BY hits DESC;",
            p.get("reducers")
        );
        s.at(1_000).push(hive_job_flow(&query));
        s.finish()
    },
    fork_at: 0,
    run_ms: |_| 40 * 60_000,
    observe: |w, _| {
        let mut o = Observation::default();
        let emr = w.view().emr();
        let jobs = emr
            .clusters()
            .into_iter()
            .find(|c| c.name == "hive-lab")
            .and_then(|c| {
                let step = emr.cluster(&c.id)?.steps.into_iter().last()?;
                Some(emr.jobs(&c.id, &step.id).len())
            })
            .unwrap_or(0);
        o.count("jobs", "MapReduce jobs of the query", jobs as u64, "");
        let files = w.view().s3().objects(BUCKET, "top/").len();
        o.count("files", "Files in s3://lab-results/top/", files as u64, "");
        o
    },
    why: "Hive compiles the query into two MapReduce jobs: the GROUP BY (map, combine, shuffle by url, reducers adding the counts; mapreduce.job.reduces of them) writes to a scratch directory, then a second job sorts those rows by hits. A total order over all rows needs one reducer to see them all, so Hive gives ORDER BY's job exactly one, whatever mapreduce.job.reduces says; its 000000_0 is the only file moved to the directory. SORT BY would sort within each reducer instead and leave one file per reducer.",
}];

/// A transient cluster with Hive and one HIVE step running `query` (as `hive -e`).
fn hive_job_flow(query: &str) -> Command {
    let body = serde_json::json!({
        "Name": "hive-lab",
        "ReleaseLabel": "emr-7.1.0",
        "ServiceRole": "EMR_DefaultRole",
        "JobFlowRole": "EMR_EC2_DefaultRole",
        "Applications": [{ "Name": "Hadoop" }, { "Name": "Hive" }],
        "Instances": {
            "InstanceGroups": [
                { "InstanceRole": "MASTER", "InstanceType": "m5.xlarge", "InstanceCount": 1 },
                { "InstanceRole": "CORE", "InstanceType": "m5.xlarge", "InstanceCount": 2 },
            ],
            "KeepJobFlowAliveWhenNoSteps": false,
        },
        "Steps": [{
            "Name": "Hive program",
            "ActionOnFailure": "TERMINATE_CLUSTER",
            "HadoopJarStep": { "Jar": "command-runner.jar", "Args": ["hive-script", "--run-hive-script", "--args", "-e", query] },
        }],
    });
    Command::api("ElasticMapReduce.RunJobFlow", body.to_string())
}
