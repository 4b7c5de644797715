//! Properties: any text is an answer (rows or Hive's error), never a panic; a GROUP BY's
//! counts add up to the rows and agree with counting directly, however many reducers.

use std::collections::BTreeMap;

use hive_sql::local::{run, MemFs};
use hive_sql::Catalog;
use proptest::prelude::*;

fn fs_with(lines: &[(u8, u16)]) -> MemFs {
    let mut fs = MemFs::default();
    fs.buckets.insert("d".into());
    // Two files, so the counts are combined from more than one map.
    let (a, b) = lines.split_at(lines.len() / 2);
    for (name, part) in [("a", a), ("b", b)] {
        let text: String = part.iter().map(|(k, v)| format!("k{k},{v}\n")).collect();
        fs.files.insert(format!("s3://d/t/{name}"), text.into_bytes());
    }
    fs
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_text_gets_an_answer(text in "[ -~\n]{0,200}") {
        let mut cat = Catalog::new();
        let mut fs = fs_with(&[(1, 2)]);
        let _ = run(&format!("CREATE EXTERNAL TABLE t (k STRING, v INT) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://d/t';\n{text}"), &mut cat, &mut fs, 1);
    }

    #[test]
    fn sql_shaped_text_gets_an_answer(parts in proptest::collection::vec(prop_oneof![
        Just("SELECT"), Just("k"), Just("v"), Just("count(*)"), Just("sum(v)"), Just("FROM"), Just("t"),
        Just("WHERE"), Just("GROUP BY"), Just("ORDER BY"), Just("LIMIT"), Just("1"), Just(","), Just("("),
        Just(")"), Just("JOIN"), Just("ON"), Just("="), Just("'x'"), Just("\"y\""), Just("DISTINCT"),
        Just("HAVING"), Just(">"), Just("CASE WHEN"), Just("THEN"), Just("END"), Just(";"), Just("a.k"),
    ], 0..24)) {
        let mut cat = Catalog::new();
        let mut fs = fs_with(&[(1, 2), (2, 3)]);
        let _ = run(&format!("CREATE EXTERNAL TABLE t (k STRING, v INT) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://d/t';\n{}", parts.join(" ")), &mut cat, &mut fs, 1);
    }

    #[test]
    fn group_by_counts_match(lines in proptest::collection::vec((0u8..6, 0u16..1000), 0..60), reducers in 0u32..4) {
        let mut cat = Catalog::new();
        let mut fs = fs_with(&lines);
        let r = run(&format!("SET mapreduce.job.reduces={reducers};
CREATE EXTERNAL TABLE t (k STRING, v INT) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://d/t';
SELECT k, count(*), sum(v) FROM t GROUP BY k ORDER BY k;"), &mut cat, &mut fs, 1);
        prop_assert!(r.error.is_none(), "{:?}", r.error);
        let mut want: BTreeMap<String, (u64, u64)> = BTreeMap::new();
        for (k, v) in &lines {
            let e = want.entry(format!("k{k}")).or_default();
            e.0 += 1;
            e.1 += u64::from(*v);
        }
        let want: Vec<String> = want.iter().map(|(k, (n, s))| format!("{k}\t{n}\t{s}")).collect();
        prop_assert_eq!(&r.output[3..], want.as_slice());
    }
}
