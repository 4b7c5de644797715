//! The "run it faster" preset of the EMR view (TeraGen 20 MB then TeraSort, on 3 and on 10
//! core nodes, launched at the same moment), stepped one engine moment at a time as the page's
//! frame loop does. The page checks the clock between moments, so the longest single moment is
//! what can freeze it: `longest_step_of_run_it_faster` prints it (timing depends on the
//! machine, so it is run by hand: `cargo test -p engine --test engine emr_step_time --
//! --ignored --nocapture`). `run_it_faster_finishes` pins what a learner sees: both clusters
//! complete both steps, and the 10-node one first, with the same counters and events whether
//! TeraSort's reducer merges its rows in one wake or a slice per wake.

use std::time::Instant;

use engine::World;
use serde_json::{json, Value};

use crate::support::{emr_ok, world};

const EXAMPLES: &str = "/usr/lib/hadoop-mapreduce/hadoop-mapreduce-examples.jar";

fn step(name: &str, args: &[&str]) -> Value {
    let mut all = vec!["hadoop", "jar", EXAMPLES];
    all.extend_from_slice(args);
    json!({"Name": name, "ActionOnFailure": "TERMINATE_CLUSTER",
        "HadoopJarStep": {"Jar": "command-runner.jar", "Args": all}})
}

/// The preset's two clusters, as the view's builder sends them. Returns their ids, 3 then 10.
fn launch(w: &mut World) -> Vec<String> {
    [3, 10]
        .iter()
        .map(|core| {
            let out = emr_ok(
                w,
                "RunJobFlow",
                json!({
                    "Name": format!("sort-on-{core}-core-nodes"), "ReleaseLabel": "emr-7.1.0",
                    "Applications": [{"Name": "Hadoop"}],
                    "Configurations": [{"Classification": "hdfs-site", "Properties": {"dfs.blocksize": "1m"}}],
                    "ServiceRole": "EMR_DefaultRole", "JobFlowRole": "EMR_EC2_DefaultRole",
                    "VisibleToAllUsers": true,
                    "Instances": {"InstanceGroups": [
                        {"Name": "MASTER", "Market": "ON_DEMAND", "InstanceRole": "MASTER", "InstanceType": "m5.xlarge", "InstanceCount": 1},
                        {"Name": "CORE", "Market": "ON_DEMAND", "InstanceRole": "CORE", "InstanceType": "m5.xlarge", "InstanceCount": core}],
                        "KeepJobFlowAliveWhenNoSteps": false, "TerminationProtected": false},
                    "Steps": [
                        step("TeraGen 20 MB", &["teragen", "200000", "/teragen"]),
                        step("TeraSort", &["terasort", "/teragen", "/terasort"]),
                    ],
                }),
            );
            out["JobFlowId"].as_str().unwrap_or_default().to_string()
        })
        .collect()
}

/// Steps until nothing is scheduled (or two virtual hours), a moment at a time (`step`) or a
/// wake at a time (`step_one`, as the page's frame loop does): the wall time of the longest
/// step, its virtual time, and the virtual time each cluster ended.
fn play(w: &mut World, ids: &[String], one: bool) -> (f64, u64, Vec<(String, u64)>) {
    let (mut longest, mut at) = (0.0, 0);
    let mut ended = Vec::new();
    let mut what = String::new();
    while let Some(next) = w.next_due().filter(|t| *t < 7_200_000) {
        let cursor = w.log().total();
        let start = Instant::now();
        if one {
            w.step_one();
        } else {
            w.step();
        }
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        if ms > longest {
            (longest, at) = (ms, next);
            what = format!("{:?}", w.events_since(cursor).events);
        }
        for id in ids {
            if ended.iter().any(|(e, _)| e == id) {
                continue;
            }
            let v = emr_ok(w, "DescribeCluster", json!({"ClusterId": id}));
            if v["Cluster"]["Status"]["State"].as_str().is_some_and(|s| s.starts_with("TERMINATED"))
            {
                ended.push((id.clone(), w.now()));
            }
        }
    }
    println!("the longest step's events: {}", &what[..what.len().min(300)]);
    (longest, at, ended)
}

#[test]
#[ignore = "wall-clock timing, run by hand"]
fn longest_step_of_run_it_faster() {
    for (one, checkpoints) in [(false, true), (true, true), (true, false)] {
        let mut w = if checkpoints {
            world(7)
        } else {
            let mut c = engine::WorldConfig::with_seed(7);
            c.max_checkpoints = 0;
            World::new(c)
        };
        let ids = launch(&mut w);
        let (longest, at, _) = play(&mut w, &ids, one);
        let how = if one { "step_one" } else { "step" };
        println!("longest single {how} (checkpoints {checkpoints}): {longest:.1} ms (at virtual {at} ms)");
    }
}

#[test]
fn run_it_faster_finishes() {
    let mut w = world(7);
    let ids = launch(&mut w);
    let (_, _, ended) = play(&mut w, &ids, true);
    for id in &ids {
        let v = emr_ok(&mut w, "ListSteps", json!({"ClusterId": id}));
        let states: Vec<&str> = v["Steps"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s["Status"]["State"].as_str())
            .collect();
        assert_eq!(states, ["COMPLETED", "COMPLETED"], "{id}");
    }
    println!("ended: {ended:?}");
    // The virtual times are the cost model's, the same whether each attempt's bytes are worked
    // out when it starts or, as now, when it has read its input (and TeraGen a megabyte of
    // rows per wake): pinned to show it.
    assert_eq!(ended, [(ids[1].clone(), 379_671), (ids[0].clone(), 382_720)]);
    // What the sort's reducer counted and how long it took, as the counters table shows them,
    // and every event a learner's views fold, at its moment and in its order: pinned from the
    // run where the reducer merged all its rows in one wake, which its slices reproduce.
    let sorts: Vec<Vec<u64>> = ids.iter().map(|id| sort_counters(&mut w, id)).collect();
    let (groups, records, shuffled) = (200_000, 200_000, 20_800_120);
    let (spilled, written) = (400_000, 20_000_000);
    assert_eq!(
        sorts,
        [
            [groups, records, records, shuffled, spilled, written, 4792, 3320],
            [groups, records, records, shuffled, spilled, written, 4841, 3240],
        ]
    );
    assert_eq!(format!("{:016x}", learner_events(&w)), "15d4d873e3afb891");
}

/// The events a learner's views fold (every MapReduce, HDFS and cluster event, its moment and
/// its order), hashed (FNV-1a over their debug text). The world's own entries for the test's
/// polling calls are left out: more wakes mean more polls, not anything a learner sees.
fn learner_events(w: &World) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    let mut dump = String::new();
    w.log().for_each_since(0, |r| {
        if matches!(r.event, engine::Event::World(_)) {
            return;
        }
        let line = format!("{} {:?}\n", r.at, r.event);
        for b in line.bytes() {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        dump.push_str(&line);
    });
    if let Ok(path) = std::env::var("DUMP_EVENTS") {
        let _ = std::fs::write(path, dump);
    }
    hash
}

/// The TeraSort step's reduce-side counters on cluster `id`.
fn sort_counters(w: &mut World, id: &str) -> Vec<u64> {
    let v = emr_ok(w, "ListSteps", json!({"ClusterId": id}));
    let steps = v["Steps"].as_array().cloned().unwrap_or_default();
    let step = steps.iter().find(|s| s["Name"] == "TeraSort").expect("the TeraSort step");
    let job = w.view().emr().job(id, step["Id"].as_str().unwrap_or_default()).expect("its job");
    [
        "Reduce input groups",
        "Reduce input records",
        "Reduce output records",
        "Reduce shuffle bytes",
        "Spilled Records",
        "Bytes Written",
        "Total time spent by all reduce tasks (ms)",
        "CPU time spent (ms)",
    ]
    .iter()
    .map(|name| job.counters.iter().find(|(n, _)| n == name).map_or(0, |(_, v)| *v))
    .collect()
}
