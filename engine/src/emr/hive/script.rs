//! A HIVE step's arguments: `hive-script --run-hive-script --args -f s3://.../script.q`
//! (what EMR's console and the CLI's `Type=HIVE` submit through command-runner.jar), or
//! `hive -f <file>` / `hive -e '<text>'`, with `-d`/`--define`/`--hivevar K=V` and
//! `--hiveconf K=V`, whose `${K}` references are replaced in the script before it is parsed.

use std::collections::BTreeMap;

/// Whether a command-runner step runs Hive.
pub fn is_step(jar: &str, args: &[String]) -> bool {
    jar.rsplit('/').next() == Some("command-runner.jar")
        && matches!(args.first().map(String::as_str), Some("hive-script") | Some("hive"))
}

/// Where the script comes from, and the variables.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Invocation {
    pub file: Option<String>,
    pub text: Option<String>,
    pub vars: BTreeMap<String, String>,
    pub conf: BTreeMap<String, String>,
}

/// Reads the arguments after `hive-script --run-hive-script --args` or `hive`.
pub fn parse(args: &[String]) -> Result<Invocation, String> {
    let mut rest: &[String] = args.get(1..).unwrap_or(&[]);
    if args.first().map(String::as_str) == Some("hive-script") {
        while let Some(first) = rest.first() {
            match first.as_str() {
                "--run-hive-script" | "--base-path" | "--hive-versions" => {
                    rest = &rest[if first == "--run-hive-script" { 1 } else { 2.min(rest.len()) }..]
                }
                "--args" => {
                    rest = &rest[1..];
                    break;
                }
                _ => break,
            }
        }
    }
    let mut inv = Invocation::default();
    let mut i = 0;
    while i < rest.len() {
        let value = rest.get(i + 1).cloned();
        let need = |v: Option<String>| {
            v.ok_or_else(|| format!("Missing argument for option: {}", rest[i]))
        };
        match rest[i].as_str() {
            "-f" => inv.file = Some(need(value)?),
            "-e" => inv.text = Some(need(value)?),
            "-d" | "--define" | "--hivevar" => {
                let v = need(value)?;
                let (k, val) = v.split_once('=').unwrap_or((&v, ""));
                inv.vars.insert(k.to_string(), val.to_string());
            }
            "--hiveconf" => {
                let v = need(value)?;
                let (k, val) = v.split_once('=').unwrap_or((&v, ""));
                inv.conf.insert(k.to_string(), val.to_string());
            }
            "-S" | "--silent" | "-v" | "--verbose" => {
                i += 1;
                continue;
            }
            other => return Err(format!("Unrecognized option: {other}")),
        }
        i += 2;
    }
    if inv.file.is_none() && inv.text.is_none() {
        return Err(
            "The sandbox runs Hive scripts non-interactively: give -f <file> or -e '<query>'"
                .into(),
        );
    }
    Ok(inv)
}

/// `${K}`, `${hivevar:K}` and `${hiveconf:K}` replaced (unknown ones are left as they are,
/// as Hive does).
pub fn substitute(text: &str, inv: &Invocation) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        match after.find('}') {
            Some(j) => {
                let name = &after[..j];
                let value = if let Some(k) = name.strip_prefix("hiveconf:") {
                    inv.conf.get(k)
                } else {
                    inv.vars.get(name.strip_prefix("hivevar:").unwrap_or(name))
                };
                match value {
                    Some(v) => out.push_str(v),
                    None => out.push_str(&rest[i..i + 3 + j]),
                }
                rest = &after[j + 1..];
            }
            None => {
                out.push_str(&rest[i..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn console_form_and_variables() {
        let inv = parse(&s(&[
            "hive-script",
            "--run-hive-script",
            "--args",
            "-f",
            "s3://b/q.q",
            "-d",
            "INPUT=s3://b/in",
        ]));
        let inv = inv.unwrap_or_default();
        assert_eq!(inv.file.as_deref(), Some("s3://b/q.q"));
        assert_eq!(substitute("LOCATION '${INPUT}' ${X}", &inv), "LOCATION 's3://b/in' ${X}");
    }
}
