//! The sandbox's own controls, which are not AWS APIs: `POST /_sandbox/advance` runs the
//! virtual clock forward (no signature needed), so a client can watch an EMR cluster reach
//! WAITING and a step finish without waiting minutes; EMR's JSON 1.1 API is served like the
//! other JSON services.

use crate::support::{post, Running, JSON, SIGNED};

fn advance(server: &Running, seconds: &str) -> crate::support::Reply {
    let body = format!("{{\"seconds\": {seconds}}}");
    let raw = format!(
        "POST /_sandbox/advance HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    server.send(raw.as_bytes())
}

#[test]
fn advancing_the_clock_brings_an_emr_cluster_to_waiting() {
    let server = Running::start();
    let run = br#"{"Name":"c","ReleaseLabel":"emr-7.1.0","ServiceRole":"EMR_DefaultRole","Instances":{"MasterInstanceType":"m5.xlarge","SlaveInstanceType":"m5.xlarge","InstanceCount":3,"KeepJobFlowAliveWhenNoSteps":true}}"#;
    let out = server.send(&post("ElasticMapReduce.RunJobFlow", &format!("{SIGNED}{JSON}"), run));
    assert_eq!(out.status, 200, "{}", out.text());
    let id = out.json()["JobFlowId"].as_str().expect("JobFlowId").to_string();
    let describe = format!(r#"{{"ClusterId":"{id}"}}"#);
    let state = |server: &Running| {
        let r = server.send(&post(
            "ElasticMapReduce.DescribeCluster",
            &format!("{SIGNED}{JSON}"),
            describe.as_bytes(),
        ));
        r.json()["Cluster"]["Status"]["State"].as_str().unwrap_or_default().to_string()
    };
    assert_eq!(state(&server), "STARTING");
    let moved = advance(&server, "300");
    assert_eq!(moved.status, 200);
    let now = moved.json()["now"].as_str().unwrap_or_default().to_string();
    assert!(now.ends_with('Z') && now.len() == 24, "{now}");
    assert_eq!(state(&server), "WAITING");
}

#[test]
fn a_bad_advance_says_what_it_takes() {
    let server = Running::start();
    let r = advance(&server, "\"soon\"");
    assert_eq!(r.status, 400);
    assert!(
        r.text().contains("{\\\"seconds\\\": N}") || r.text().contains("seconds"),
        "{}",
        r.text()
    );
}
