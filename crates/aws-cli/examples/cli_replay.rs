//! Replays real AWS CLI sessions through the console's CLI (`aws_cli::Cli::run`), without a
//! World: each case is a command line plus the HTTP exchanges the real CLI had with the local
//! endpoint (captured with `data-sandbox-endpoint --capture`). The console must send the same
//! requests (target and JSON body, compared as JSON values) and gets the captured answers back.
//! Used by tests/real_clients/run.py, which compares what it prints with what the real CLI
//! printed.
//!
//! stdin:  `[{"line": "aws kinesis ...", "exchanges": [{"target", "request", "status",
//!          "response"}], "files": [{"path", "content" (base64), "mtime"}], "now"}, ...]`
//! stdout: `[{"stdout", "stderr", "exit_code", "problems": ["..."]}, ...]`

use std::io::Read;

use aws_cli::{ApiError, Cli, LocalFiles, MemoryFiles};

static CLI: Cli = Cli::new(engine::services::SERVICES);
use serde_json::{json, Value};

fn replay(case: &Value) -> Value {
    let line = case["line"].as_str().unwrap_or_default();
    let mut exchanges: Vec<Value> = case["exchanges"].as_array().cloned().unwrap_or_default();
    exchanges.reverse();
    let mut problems: Vec<String> = Vec::new();
    let mut send = |target: &str, body: &str| -> Result<String, ApiError> {
        let sent: Value = serde_json::from_str(body)
            .unwrap_or_else(|_| Value::String(format!("(not JSON) {body}")));
        // Several files at once: the real CLI's order is its threads', not the files'.
        if case["unordered"].as_bool() == Some(true) {
            let same = exchanges.iter().rposition(|x| {
                x["target"].as_str() == Some(target)
                    && serde_json::from_str::<Value>(x["request"].as_str().unwrap_or_default())
                        .ok()
                        .as_ref()
                        == Some(&sent)
            });
            if let Some(i) = same {
                let last = exchanges.len() - 1;
                exchanges.swap(i, last);
            }
        }
        let Some(exchange) = exchanges.pop() else {
            problems.push(format!("extra request {target} {sent}"));
            return Err(ApiError::from_aws("ReplayExhausted", "no captured exchange left"));
        };
        let want_target = exchange["target"].as_str().unwrap_or_default();
        let want: Value = serde_json::from_str(exchange["request"].as_str().unwrap_or_default())
            .unwrap_or(Value::Null);
        if target != want_target || sent != want {
            problems.push(format!(
                "request differs:\n  real CLI: {want_target} {want}\n  console:  {target} {sent}"
            ));
        }
        let status = exchange["status"].as_u64().unwrap_or(200) as u16;
        let response = exchange["response"].as_str().unwrap_or_default().to_string();
        if status == 200 {
            return Ok(response);
        }
        let v: Value = serde_json::from_str(&response).unwrap_or(Value::Null);
        let mut e = ApiError::from_aws(
            v["__type"].as_str().unwrap_or_default(),
            v["message"].as_str().or(v["Message"].as_str()).unwrap_or_default(),
        );
        e.status = status;
        Err(e.with_action(want_target.rsplit('.').next().unwrap_or_default()))
    };
    // The local files the real CLI saw (`aws s3 cp`, `--body`), and its clock.
    let mut files = MemoryFiles::new();
    for f in case["files"].as_array().map_or(&[][..], Vec::as_slice) {
        use base64::Engine as _;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(f["content"].as_str().unwrap_or_default())
            .unwrap_or_default();
        files.write(
            f["path"].as_str().unwrap_or_default(),
            bytes,
            f["mtime"].as_i64().unwrap_or(0),
        );
    }
    let now = case["now"].as_i64().unwrap_or(0);
    let out = CLI.run_with_files(line, &mut send, &mut files, now);
    if !exchanges.is_empty() {
        problems.push(format!("{} captured request(s) the console did not send", exchanges.len()));
    }
    json!({
        "stdout": out.stdout,
        "stderr": out.stderr,
        "exit_code": out.exit_code,
        "problems": problems,
    })
}

fn main() {
    let mut input = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("cli_replay: cannot read stdin: {e}");
        std::process::exit(2);
    }
    let cases: Value = match serde_json::from_str(&input) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("cli_replay: stdin is not JSON: {e}");
            std::process::exit(2);
        }
    };
    let results: Vec<Value> =
        cases.as_array().map_or(&[][..], Vec::as_slice).iter().map(replay).collect();
    println!("{}", Value::Array(results));
}
