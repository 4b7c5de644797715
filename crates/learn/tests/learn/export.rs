//! Export to CloudFormation: every level's solved world, every tour's end and a run of every
//! question exports a template that cfn-lint accepts, carrying the scenario's own numbers;
//! what cannot be exported is listed with a reason.

use std::process::Command;

use engine::World;
use learn::export::cloudformation;
use learn::{levels, questions, tours};
use serde_json::Value;

/// The worlds to export: levels solved, tours played through, one run of each question.
fn worlds() -> Vec<(String, World)> {
    let mut out = Vec::new();
    for l in levels::all() {
        let mut w = l.open();
        for c in (l.solution)() {
            w.apply(c);
        }
        w.advance_by(5_000);
        out.push((format!("level {}", l.id), w));
    }
    for t in tours::all() {
        let mut w = t.open();
        for s in t.steps {
            for c in s.act.map(|a| a()).unwrap_or_default() {
                w.apply(c);
            }
            w.advance_by(2_000);
        }
        out.push((format!("tour {}", t.id), w));
    }
    for q in questions::all() {
        let seed = 3;
        let mut w = q.start_run(seed, q.run_of(0));
        w.advance_to(q.run_length(seed).min(600_000));
        out.push((format!("question {}", q.id), w));
    }
    out
}

fn resources(t: &Value, kind: &str) -> Vec<Value> {
    t["Resources"]
        .as_object()
        .map(|m| m.values().filter(|r| r["Type"] == kind).cloned().collect())
        .unwrap_or_default()
}

#[test]
fn the_numbers_in_the_template_are_the_scenarios() {
    let level = levels::find("split-hot-shard").expect("level");
    let mut w = level.open();
    for c in (level.solution)() {
        w.apply(c);
    }
    w.advance_by(2_000);
    let t = cloudformation(&w).template;
    let streams = resources(&t, "AWS::Kinesis::Stream");
    assert_eq!(streams.len(), 1);
    // Two shards at the start, one split: three open.
    assert_eq!(streams[0]["Properties"]["ShardCount"], 3);
    assert_eq!(streams[0]["Properties"]["RetentionPeriodHours"], 24);

    let level = levels::find("fresh-deliveries").expect("level");
    let mut w = level.open();
    for c in (level.solution)() {
        w.apply(c);
    }
    let e = cloudformation(&w);
    let ds = resources(&e.template, "AWS::KinesisFirehose::DeliveryStream");
    let hints = &ds[0]["Properties"]["ExtendedS3DestinationConfiguration"]["BufferingHints"];
    assert_eq!(
        (hints["SizeInMBs"].as_u64(), hints["IntervalInSeconds"].as_u64()),
        (Some(1), Some(60))
    );
    assert_eq!(ds[0]["Properties"]["DeliveryStreamType"], "KinesisStreamAsSource");
    assert!(e.manual.iter().any(|m| m.what.starts_with("Producer producer-1")), "{:?}", e.manual);
}

#[test]
fn what_cannot_be_exported_is_listed_with_a_reason() {
    let level = levels::find("per-ticker-counts").expect("level");
    let e = cloudformation(&level.open());
    let app = e
        .manual
        .iter()
        .find(|m| m.what.contains("ticker-analytics"))
        .expect("the retired service is named");
    assert!(app.why.contains("retired"), "{}", app.why);
    assert!(e.manual.iter().any(|m| m.what.starts_with("Ticker feed")));
    assert_eq!(resources(&e.template, "AWS::KinesisAnalytics::Application").len(), 1);
    assert_eq!(resources(&e.template, "AWS::KinesisAnalytics::ApplicationOutput").len(), 1);
}

/// cfn-lint (pip's `cfn-lint`, pinned in the Makefile) on every export; any error fails. A
/// machine without it skips with a note rather than passing silently (make test installs it).
#[test]
fn every_export_is_clean_under_cfn_lint() {
    let dir = std::env::temp_dir().join(format!("learn-cfn-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut files = Vec::new();
    for (i, (name, w)) in worlds().iter().enumerate() {
        let file = dir.join(format!("t{i:02}.json"));
        std::fs::write(&file, cloudformation(w).to_json()).expect("write");
        files.push((name.clone(), file));
    }
    let Ok(out) = Command::new("cfn-lint")
        .arg("--format")
        .arg("parseable")
        .args(files.iter().map(|f| &f.1))
        .output()
    else {
        assert!(std::env::var("LEARN_REQUIRE_CFN_LINT").is_err(), "cfn-lint is not installed");
        eprintln!("cfn-lint is not installed: skipped");
        return;
    };
    let report = String::from_utf8_lossy(&out.stdout);
    let named: Vec<String> = report
        .lines()
        .map(|l| {
            files.iter().fold(l.to_string(), |l, (n, f)| l.replace(&f.display().to_string(), n))
        })
        .collect();
    assert!(out.status.success(), "cfn-lint:\n{}", named.join("\n"));
    std::fs::remove_dir_all(&dir).ok();
}

/// An EMR level's cluster exports with its instance types and counts, its release, its steps
/// as the sandbox ran them, and the auto-termination the level asked for; the script it ships
/// and EMR's default roles are named in the manual list.
#[test]
fn emr_clusters_export_with_their_groups_and_steps() {
    let level = levels::find("emr-log-processing").expect("level");
    let mut w = level.open();
    for c in (level.solution)() {
        w.apply(c);
    }
    w.advance_by(5_000);
    let e = cloudformation(&w);
    let clusters = resources(&e.template, "AWS::EMR::Cluster");
    assert_eq!(clusters.len(), 1);
    let p = &clusters[0]["Properties"];
    assert_eq!(p["ReleaseLabel"], "emr-7.1.0");
    assert_eq!(p["Instances"]["MasterInstanceGroup"]["InstanceCount"], 1);
    assert_eq!(p["Instances"]["CoreInstanceGroup"]["InstanceCount"], 2);
    assert_eq!(p["Instances"]["CoreInstanceGroup"]["InstanceType"], "m5.xlarge");
    assert_eq!(p["Instances"]["KeepJobFlowAliveWhenNoSteps"], false);
    assert_eq!(p["Applications"][0]["Name"], "Hadoop");
    assert_eq!(p["JobFlowRole"], "EMR_EC2_DefaultRole");
    let step = &p["Steps"][0];
    assert_eq!(step["HadoopJarStep"]["Jar"], "command-runner.jar");
    assert_eq!(step["HadoopJarStep"]["Args"][0], "hadoop-streaming");
    assert!(
        e.manual
            .iter()
            .any(|m| m.what == "Streaming script s3://elasticmapreduce/samples/logs/logParser.py"),
        "{:?}",
        e.manual
    );
    assert!(e.manual.iter().any(|m| m.why.contains("aws emr create-default-roles")));

    // The replication question's cluster carries its hdfs-site configuration.
    let q = questions::find("hdfs-replication-default").expect("question");
    let mut w = q.start_run(1, None);
    w.advance_to(60_000);
    let t = cloudformation(&w).template;
    let clusters = resources(&t, "AWS::EMR::Cluster");
    let config = &clusters[0]["Properties"]["Configurations"][0];
    assert_eq!(config["Classification"], "hdfs-site");
    assert_eq!(config["ConfigurationProperties"]["dfs.blocksize"], "1m");
}

/// A pipeline exports as AWS::DataPipeline::Pipeline with its definition as saved: every object
/// with its fields, a reference as a RefValue, a text as a StringValue, activated as it was; the
/// service's closure to new customers and the roles it needs are in the manual list. An
/// Import/Export Disk job cannot be exported, and the list says why.
#[test]
fn pipelines_export_with_their_definition_and_disk_jobs_are_listed() {
    let q = questions::find("pipeline-retry").expect("question");
    let mut w = q.start_run(1, None);
    w.advance_to(60_000);
    let e = cloudformation(&w);
    let pipelines = resources(&e.template, "AWS::DataPipeline::Pipeline");
    assert_eq!(pipelines.len(), 1);
    let p = &pipelines[0]["Properties"];
    assert_eq!(p["Name"], "daily-copy");
    assert_eq!(p["Activate"], true);
    let objects = p["PipelineObjects"].as_array().expect("objects");
    let ids: Vec<&str> = objects.iter().filter_map(|o| o["Id"].as_str()).collect();
    assert_eq!(ids.first(), Some(&"Default"));
    assert!(ids.contains(&"DailyCopy") && ids.contains(&"Daily"), "{ids:?}");
    let copy = objects.iter().find(|o| o["Id"] == "DailyCopy").expect("DailyCopy");
    let field = |key: &str| {
        copy["Fields"].as_array().and_then(|f| f.iter().find(|f| f["Key"] == key)).cloned()
    };
    assert_eq!(field("type").expect("type")["StringValue"], "CopyActivity");
    assert_eq!(field("input").expect("input")["RefValue"], "Raw");
    assert!(
        e.manual.iter().any(|m| m.what == "Data Pipeline" && m.why.contains("July 25, 2024")),
        "{:?}",
        e.manual
    );
    assert!(e.manual.iter().any(|m| m.what.contains("DataPipelineDefaultRole")));

    let q = questions::find("disk-encryption-optional").expect("question");
    let mut w = q.start_run(1, q.run_of(0));
    w.advance_to(q.run_length(1));
    let e = cloudformation(&w);
    let disk = e
        .manual
        .iter()
        .find(|m| m.what.starts_with("Import/Export Disk job"))
        .expect("the Disk job is listed");
    assert!(disk.why.contains("retired"), "{}", disk.why);
}
