//! Any EMR call or primary-node shell line into the World: it must answer, never panic. The
//! input's first byte picks an EMR operation of botocore's model (the rest is its body), or,
//! above the list, says the rest is a shell line (`hdfs dfs ...`). The World has a WAITING
//! cluster with a file in HDFS, so calls get past "cluster not found"; time then passes so
//! whatever the call started (a step, a MapReduce job, re-replication) runs too.
#![no_main]

use libfuzzer_sys::fuzz_target;

use engine::emr::EmrCommand;
use engine::{Command, World, WorldConfig};

fn operations() -> &'static [String] {
    static OPERATIONS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    OPERATIONS.get_or_init(|| {
        static CLI: aws_cli::Cli = aws_cli::Cli::new(engine::services::SERVICES);
        CLI.operation_names("emr")
    })
}

fn world() -> (World, String) {
    let mut w = World::new(WorldConfig::with_seed(1));
    w.apply(Command::api(
        "ElasticMapReduce.RunJobFlow",
        r#"{"Name":"f","ReleaseLabel":"emr-7.1.0","ServiceRole":"EMR_DefaultRole","Instances":{"MasterInstanceType":"m5.xlarge","SlaveInstanceType":"m5.xlarge","InstanceCount":3,"KeepJobFlowAliveWhenNoSteps":true}}"#,
    ));
    w.advance_by(270_000);
    let id = w.view().emr().clusters().first().map(|c| c.id.clone()).unwrap_or_default();
    let line = "echo a b c | hdfs dfs -put - /in/x".to_string();
    w.apply(Command::Emr(EmrCommand::Shell {
        cluster: id.clone(),
        line,
        home: Default::default(),
    }));
    (w, id)
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let (mut w, cluster) = world();
    // `j-X` in the input stands for the live cluster's id.
    let text = String::from_utf8_lossy(rest).replace("j-X", &cluster);
    let command = match operations().get(first as usize) {
        Some(op) => Command::api(format!("ElasticMapReduce.{op}"), text),
        None => Command::Emr(EmrCommand::Shell { cluster, line: text, home: Default::default() }),
    };
    let out = w.apply(command);
    if let Err(e) = &out.result {
        assert!(!e.code.is_empty(), "an error without a code");
    }
    w.advance_by(3_600_000);
});
