//! `hadoop-mapreduce-examples grep <inDir> <outDir> <regex> [<group>]`
//! (`org.apache.hadoop.examples.Grep`): two jobs in one step. `grep-search` runs RegexMapper
//! over the input (every match of the pattern in every line, `group` 0 by default, counted 1
//! each) with LongSumReducer as combiner and reducer, into a temporary directory
//! `grep-temp-<random int>` in the user's home (`/user/hadoop`). `grep-sort` then swaps each
//! (match, count) into (count, match) with InverseMapper and sorts by count, largest first
//! (LongWritable.DecreasingComparator), into one reducer: `outDir/part-r-00000` holds
//! `count<TAB>match` lines. The temporary directory is deleted however the step ends.
//!
//! Two simplifications, said here because a learner could notice them: the temporary
//! directory holds text (`match<TAB>count` lines) where Hadoop writes a SequenceFile, and the
//! pattern runs on the `regex-lite` crate, whose `\w`, `\d`, `\s`, `\b` and case folding are
//! ASCII, as Java's are by default, and which matches character by character as Java does;
//! Java's lookaround, backreferences and possessive quantifiers are not available (every map
//! attempt fails saying so, as Java's would for a pattern it cannot compile).

use regex_lite::Regex;

use super::plan::{refuse, JobPlan, Refusal};
use super::task::Program;

/// What RegexMapper looks for: `mapreduce.mapper.regex` and `mapreduce.mapper.regexmapper..group`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GrepOptions {
    pub pattern: String,
    /// The group as given (parsed by each map task, as `conf.getInt` does).
    pub group: Option<String>,
}

/// Grep's usage, printed when it has fewer than three arguments (exit code 2).
pub const USAGE: &str = "Grep <inDir> <outDir> <regex> [<group>]";

/// The temporary directory's name before its number is drawn (when the job is submitted).
pub const TEMP_PREFIX: &str = "grep-temp-";

/// The two jobs: `grep-search` into the temporary directory, then `grep-sort`.
pub fn plan(args: &[String], reduces: u32, maps_hint: u64) -> Result<JobPlan, Refusal> {
    if args.len() < 3 {
        return Err(refuse(USAGE, vec![USAGE.to_string()]));
    }
    let options = GrepOptions { pattern: args[2].clone(), group: args.get(3).cloned() };
    let sort = JobPlan::new_api(
        "grep-sort",
        Program::GrepSort,
        vec![TEMP_PREFIX.into()],
        args[1].clone(),
        1,
    );
    Ok(JobPlan {
        maps_hint,
        grep: Some(options),
        then: Some(Box::new(sort)),
        cleanup: Some(TEMP_PREFIX.into()),
        ..JobPlan::new_api(
            "grep-search",
            Program::GrepSearch,
            vec![args[0].clone()],
            TEMP_PREFIX.into(),
            reduces,
        )
    })
}

/// The pattern and group as a map task's setup reads them, or the exception its every attempt
/// fails with.
pub fn compile(options: &GrepOptions) -> Result<(Regex, usize), String> {
    let group = match options.group.as_deref() {
        None => 0,
        Some(g) => g
            .trim()
            .parse::<usize>()
            .map_err(|_| format!("java.lang.NumberFormatException: For input string: \"{g}\""))?,
    };
    let regex = Regex::new(&options.pattern).map_err(|e| {
        format!(
            "java.util.regex.PatternSyntaxException: the sandbox cannot compile the pattern {:?} (no lookaround or backreferences here): {}",
            options.pattern,
            e.to_string().lines().last().unwrap_or_default().trim()
        )
    })?;
    if group >= regex.captures_len() {
        return Err(format!("java.lang.IndexOutOfBoundsException: No group {group}"));
    }
    Ok((regex, group))
}

/// RegexMapper over one line: `while (matcher.find()) write(matcher.group(group), 1)`, on the
/// line as `Text.toString()` decodes it. After an empty match the next search starts one
/// character further on, as Matcher.find does.
pub fn search(
    regex: &Regex,
    group: usize,
    line: &[u8],
    emit: &mut impl FnMut(&[u8]),
) -> Result<(), String> {
    let text = String::from_utf8_lossy(line);
    let mut from = 0;
    let mut locations = regex.capture_locations();
    while from <= text.len() {
        let Some(m) = regex.captures_read_at(&mut locations, &text, from) else { break };
        match locations.get(group) {
            Some((s, e)) => emit(text[s..e].as_bytes()),
            // A group that took no part in the match: `new Text(null)`.
            None => return Err("java.lang.NullPointerException".into()),
        }
        from = match m.end() == m.start() {
            true => m.end() + text[m.end()..].chars().next().map_or(1, char::len_utf8),
            false => m.end(),
        };
    }
    Ok(())
}

/// A LongWritable key that orders, byte for byte, as DecreasingComparator orders numbers:
/// largest first.
pub fn decreasing_key(n: i64) -> [u8; 8] {
    (!((n as u64) ^ (1 << 63))).to_be_bytes()
}

/// The number behind a [`decreasing_key`].
pub fn from_decreasing_key(key: &[u8]) -> i64 {
    let raw = u64::from_be_bytes(key.try_into().unwrap_or([0xff; 8]));
    ((!raw) ^ (1 << 63)) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, group: Option<&str>, line: &str) -> Result<Vec<String>, String> {
        let (re, g) =
            compile(&GrepOptions { pattern: pattern.into(), group: group.map(str::to_string) })?;
        let mut out = Vec::new();
        search(&re, g, line.as_bytes(), &mut |m| {
            out.push(String::from_utf8_lossy(m).into_owned())
        })?;
        Ok(out)
    }

    #[test]
    fn finds_as_java_matcher_finds() {
        assert_eq!(
            matches("dfs[a-z.]+", None, "dfs.replication and dfs.blocksize, not DFS").unwrap(),
            ["dfs.replication", "dfs.blocksize"]
        );
        assert_eq!(matches("(\\w+)@(\\w+)", Some("2"), "a@b c@d").unwrap(), ["b", "d"]);
        // Empty matches step one on: "" at 0, "aaa", "" at 4.
        assert_eq!(matches("a*", None, "baaa").unwrap(), ["", "aaa", ""]);
        // ASCII classes, as Java's; `.` is one character, as Java's.
        assert_eq!(matches("\\w+", None, "café").unwrap(), ["caf"]);
        assert_eq!(matches("f.!", None, "café!").unwrap(), ["fé!"]);
        assert_eq!(matches("x*", None, "é").unwrap(), ["", ""]);
        assert_eq!(
            matches("a", Some("1"), "a").unwrap_err(),
            "java.lang.IndexOutOfBoundsException: No group 1"
        );
        assert_eq!(matches("(x)|y", Some("1"), "y").unwrap_err(), "java.lang.NullPointerException");
        assert_eq!(
            matches("a", Some("one"), "a").unwrap_err(),
            "java.lang.NumberFormatException: For input string: \"one\""
        );
        assert!(matches("(?<=a)b", None, "ab")
            .unwrap_err()
            .starts_with("java.util.regex.PatternSyntaxException"));
    }

    #[test]
    fn decreasing_keys_order_largest_first() {
        let mut keys: Vec<[u8; 8]> =
            [3i64, -1, 0, 42, i64::MAX, i64::MIN].iter().map(|&n| decreasing_key(n)).collect();
        keys.sort();
        let back: Vec<i64> = keys.iter().map(|k| from_decreasing_key(k)).collect();
        assert_eq!(back, [i64::MAX, 42, 3, 0, -1, i64::MIN]);
    }
}
