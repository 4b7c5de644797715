//! The console's CLI against the real AWS CLI: every case in tests/golden/cli/cases.json was
//! recorded from awscli's own driver (see gen.py beside it): the line, the requests it sent, the
//! canned service responses, and what it printed. The engine must send the same requests and
//! print the same bytes.

use aws_cli::ApiError;

use crate::support::CLI;

#[test]
fn matches_the_real_cli() {
    let text = include_str!("golden/cases.json");
    let cases: serde_json::Value = serde_json::from_str(text).expect("cases.json");
    let mut failures = Vec::new();
    for case in cases.as_array().expect("a list of cases") {
        let line = case["line"].as_str().unwrap_or_default();
        let mut responses: Vec<(u64, String)> = case["responses"]
            .as_array()
            .map(|r| {
                r.iter()
                    .map(|r| {
                        (
                            r["status"].as_u64().unwrap_or(200),
                            r["body"].as_str().unwrap_or("{}").to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        responses.reverse();
        let mut sent = Vec::new();
        let mut send = |target: &str, body: &str| -> Result<String, ApiError> {
            sent.push((
                target.to_string(),
                serde_json::from_str::<serde_json::Value>(body).unwrap_or_default(),
            ));
            match responses.pop() {
                None => Ok("{}".into()),
                Some((200, body)) => Ok(body),
                Some((status, body)) => {
                    let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
                    let mut e = ApiError::from_aws(
                        v["__type"].as_str().unwrap_or_default(),
                        v["message"].as_str().or(v["Message"].as_str()).unwrap_or_default(),
                    );
                    e.status = status as u16;
                    Err(e)
                }
            }
        };
        let out = CLI.run(line, &mut send);
        let want_requests: Vec<(String, serde_json::Value)> = case["requests"]
            .as_array()
            .map(|r| {
                r.iter()
                    .map(|r| {
                        (r["target"].as_str().unwrap_or_default().to_string(), r["body"].clone())
                    })
                    .collect()
            })
            .unwrap_or_default();
        let want_stdout = case["stdout"].as_str().unwrap_or_default();
        let want_stderr = case["stderr"].as_str().unwrap_or_default();
        if out.stdout != want_stdout || out.stderr != want_stderr || sent != want_requests {
            failures.push(format!(
                "{line}\n--- stdout want\n{want_stdout}\n--- stdout got\n{}\n--- stderr want\n{want_stderr:?}\n--- stderr got\n{:?}\n--- requests want\n{want_requests:?}\n--- requests got\n{sent:?}\n",
                out.stdout, out.stderr
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n\n{}",
        failures.len(),
        cases.as_array().map_or(0, Vec::len),
        failures.join("\n")
    );
}
