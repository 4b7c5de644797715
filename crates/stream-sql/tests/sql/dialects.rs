//! The SQL front end: errors with positions in the learner's text, plain-words semantic
//! errors, highlighting, and properties of tumbling windows. Nothing panics on any text.
// Property tests (proptest) run natively only.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use stream_sql::{self as sql, Program, SqlError, TokenClass, Value, NO_MONOTONIC_GROUP_BY};

fn err(code: &str) -> SqlError {
    Program::compile(code).expect_err("should not compile")
}

fn pos(e: &SqlError) -> (u32, u32) {
    (e.line, e.column)
}

const DEST: &str = "CREATE OR REPLACE STREAM \"DEST\" (ticker_symbol VARCHAR(4), n INTEGER);\n";

#[test]
fn parse_error_points_into_the_text() {
    // Line 3, the second `>`.
    let code = format!(
        "{DEST}CREATE OR REPLACE PUMP \"P\" AS INSERT INTO \"DEST\"\nSELECT STREAM ticker_symbol, 1 FROM \"SOURCE_SQL_STREAM_001\" WHERE price > > 1;"
    );
    let e = err(&code);
    assert_eq!(pos(&e), (3, 75), "{e:?}");
    assert_eq!(e.message, "Expected: an expression, found: >");
}

#[test]
fn positions_survive_the_pre_pass() {
    // SELECT STREAM is blanked, STEP's BY rewritten; the error is still at the bad name.
    let code = format!(
        "{DEST}CREATE OR REPLACE PUMP \"P\" AS INSERT INTO \"DEST\"\n  SELECT STREAM ticker_symbol, COUNT(*) FROM \"SOURCE_SQL_STREAM_001\"\n  GROUP BY ticker_symbol, STEP(\"SOURCE_SQL_STREAM_001\".ROWTIME BY INTERVAL '10' SECOND), bogus;"
    );
    let e = err(&code);
    assert_eq!(e.message, "Column 'BOGUS' not found in any table");
    assert_eq!(pos(&e), (4, 90));
}

#[test]
fn unknown_stream_is_named() {
    let code = format!(
        "{DEST}CREATE OR REPLACE PUMP \"P\" AS INSERT INTO \"DEST\" SELECT STREAM ticker_symbol, 1 FROM \"NOPE\";"
    );
    let e = err(&code);
    assert_eq!(e.message, "Object 'NOPE' not found");
    assert_eq!(pos(&e), (2, 86));
    let e = err(
        "CREATE OR REPLACE PUMP \"P\" AS INSERT INTO \"MISSING\" SELECT STREAM * FROM \"SOURCE_SQL_STREAM_001\";",
    );
    assert_eq!(e.message, "Object 'MISSING' not found");
    assert_eq!(pos(&e), (1, 43));
}

#[test]
fn aggregate_without_a_window_is_explained() {
    let code = format!(
        "{DEST}CREATE OR REPLACE PUMP \"P\" AS INSERT INTO \"DEST\"\nSELECT STREAM ticker_symbol, COUNT(*) FROM \"SOURCE_SQL_STREAM_001\"\nGROUP BY ticker_symbol;"
    );
    let e = err(&code);
    assert_eq!(e.message, NO_MONOTONIC_GROUP_BY);
    assert_eq!(pos(&e), (4, 10));
    // Without GROUP BY at all: the aggregate is pointed at.
    let code = format!(
        "{DEST}CREATE OR REPLACE PUMP \"P\" AS INSERT INTO \"DEST\"\nSELECT STREAM ticker_symbol, COUNT(*) FROM \"SOURCE_SQL_STREAM_001\";"
    );
    let e = err(&code);
    assert_eq!(e.message, NO_MONOTONIC_GROUP_BY);
    assert_eq!(pos(&e), (3, 30));
}

#[test]
fn column_count_mismatch_in_calcite_words() {
    let code = format!(
        "{DEST}CREATE OR REPLACE PUMP \"P\" AS INSERT INTO \"DEST\" SELECT STREAM ticker_symbol FROM \"SOURCE_SQL_STREAM_001\";"
    );
    let e = err(&code);
    assert_eq!(
        e.message,
        "Number of INSERT target columns (2) does not equal number of source items (1)"
    );
}

#[test]
fn unknown_function_and_window() {
    let code = format!(
        "{DEST}CREATE OR REPLACE PUMP \"P\" AS INSERT INTO \"DEST\" SELECT STREAM ticker_symbol, FOO(price) FROM \"SOURCE_SQL_STREAM_001\";"
    );
    assert_eq!(err(&code).message, "No match found for function signature FOO");
    let code = format!(
        "{DEST}CREATE OR REPLACE PUMP \"P\" AS INSERT INTO \"DEST\" SELECT STREAM ticker_symbol, COUNT(*) OVER W9 FROM \"SOURCE_SQL_STREAM_001\";"
    );
    assert_eq!(err(&code).message, "Window 'W9' not found");
}

#[test]
fn unterminated_string_is_a_tokenizer_error_with_position() {
    let e = err("SELECT STREAM 'oops FROM x");
    assert_eq!(e.line, 1);
    assert!(e.column >= 15, "{e:?}");
}

#[test]
fn stagger_needs_partition_and_range() {
    let code = format!(
        "{DEST}CREATE OR REPLACE PUMP \"P\" AS INSERT INTO \"DEST\" SELECT STREAM ticker_symbol, COUNT(*) FROM \"SOURCE_SQL_STREAM_001\"\nWINDOWED BY STAGGER (PARTITION BY ticker_symbol);"
    );
    let e = err(&code);
    assert!(e.message.contains("RANGE"), "{e:?}");
    assert_eq!(e.line, 3);
}

#[test]
fn empty_code_and_no_pump() {
    assert_eq!(err("").line, 1);
    assert!(err(DEST).message.contains("no pump"));
}

#[test]
fn check_returns_no_errors_for_examples_and_one_for_bad_code() {
    for ex in
        sql::examples().iter().filter(|e| !e.reference_table && e.syntax == sql::Syntax::KinesisSql)
    {
        assert!(sql::check(ex.code).is_empty(), "{}", ex.id);
    }
    assert_eq!(sql::check("SELECT STREAM FROM").len(), 1);
}

#[test]
fn highlight_classes() {
    let code = "SELECT STREAM \"T\", price * 2 FROM s -- note\nWHERE x = 'a';";
    let h = sql::highlight(code);
    let class_of = |text: &str| {
        let start = code.find(text).unwrap();
        h.iter().find(|(a, _, _)| *a == start).map(|t| t.2)
    };
    assert_eq!(class_of("SELECT"), Some(TokenClass::Keyword));
    assert_eq!(class_of("STREAM"), Some(TokenClass::Keyword));
    assert_eq!(class_of("\"T\""), Some(TokenClass::QuotedIdentifier));
    assert_eq!(class_of("price"), Some(TokenClass::Identifier));
    assert_eq!(class_of("2"), Some(TokenClass::Number));
    assert_eq!(class_of("-- note"), Some(TokenClass::Comment));
    assert_eq!(class_of("'a'"), Some(TokenClass::String));
    for w in h.windows(2) {
        assert!(w[0].1 <= w[1].0);
    }
    // Multi-byte text keeps byte offsets on char boundaries.
    let code = "SELECT 'é' , \"ü\" FROM s";
    for (a, b, _) in sql::highlight(code) {
        assert!(code.is_char_boundary(a) && code.is_char_boundary(b));
    }
}

const TUMBLING: &str = r#"CREATE OR REPLACE STREAM "DEST" (ticker_symbol VARCHAR(4), n INTEGER);
CREATE OR REPLACE PUMP "P" AS INSERT INTO "DEST"
SELECT STREAM ticker_symbol, COUNT(*) FROM "SOURCE_SQL_STREAM_001"
GROUP BY ticker_symbol, STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '10' SECOND);"#;

fn row(sym: u8) -> Vec<Value> {
    vec![Value::str(&format!("S{sym}")), Value::str("TECHNOLOGY"), Value::Num(0.0), Value::Num(1.0)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn tumbling_counts_sum_to_the_input(gaps in prop::collection::vec((0u64..4_000, 0u8..5), 0..300)) {
        let mut p = Program::compile(TUMBLING).unwrap();
        let mut t = 0i64;
        let mut out = Vec::new();
        let mut windows_of_rows = Vec::new();
        for (gap, sym) in &gaps {
            t += *gap as i64;
            windows_of_rows.push(t.div_euclid(10_000));
            out.extend(p.push("SOURCE_SQL_STREAM_001", row(*sym), t));
        }
        out.extend(p.advance_to(t + 10_000));
        let total: i64 = out.iter().map(|r| match r.values[1] { Value::Int(n) => n, _ => 0 }).sum();
        prop_assert_eq!(total, gaps.len() as i64);
        // No row in two windows: one output per (window, symbol), at the window's end.
        let mut seen = std::collections::BTreeSet::new();
        for r in &out {
            prop_assert_eq!(r.rowtime % 10_000, 0);
            let key = (r.rowtime, r.values[0].to_string());
            prop_assert!(seen.insert(key));
        }
        // Each window's total equals the rows whose ROWTIME fell in it.
        for r in &out {
            let w = r.rowtime / 10_000 - 1;
            let n: i64 = out.iter().filter(|o| o.rowtime == r.rowtime).map(|o| match o.values[1] { Value::Int(n) => n, _ => 0 }).sum();
            prop_assert_eq!(n, windows_of_rows.iter().filter(|x| **x == w).count() as i64);
        }
    }

    #[test]
    fn no_panic_on_any_text(s in ".{0,200}") {
        let _ = Program::compile(&s);
        let _ = Program::compile_flink(&s);
        let _ = sql::highlight(&s);
    }

    #[test]
    fn no_panic_on_mutated_examples(which in 0usize..9, at in 0usize..2000, cut in 0usize..40, insert in "[ -~]{0,12}") {
        let exs = sql::examples();
        let ex = &exs[which % exs.len()];
        let code = ex.code;
        let mut b = at.min(code.len());
        while !code.is_char_boundary(b) { b -= 1; }
        let mut e = (b + cut).min(code.len());
        while !code.is_char_boundary(e) { e -= 1; }
        let mutated = format!("{}{}{}", &code[..b], insert, &code[e..]);
        if let Ok(mut p) = Program::compile_with(&mutated, &ex.catalog(), ex.syntax) {
            for i in 0..50i64 {
                let _ = p.push("SOURCE_SQL_STREAM_001", row((i % 3) as u8), i * 700);
            }
            let _ = p.advance_to(1_000_000);
        }
        let _ = sql::highlight(&mutated);
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let code = format!(
        "SELECT STREAM {}1{} FROM \"SOURCE_SQL_STREAM_001\";",
        "(".repeat(5000),
        ")".repeat(5000)
    );
    assert!(Program::compile(&code).is_err());
}

#[test]
fn extreme_values_do_not_panic() {
    let code = r#"CREATE OR REPLACE STREAM "D" (a BIGINT, b VARCHAR(8), c TIMESTAMP, d DOUBLE);
CREATE OR REPLACE PUMP "P" AS INSERT INTO "D"
SELECT STREAM STEP(-9223372036854775808 BY 7), SUBSTRING(ticker_symbol FROM -9223372036854775807 FOR 3),
       ROWTIME + INTERVAL '99999999999' DAY, price / 0
FROM "SOURCE_SQL_STREAM_001" WHERE 9223372036854775807 + 1 IS NULL OR TRUE;"#;
    let mut p = Program::compile(code).unwrap();
    for t in [i64::MIN, -1, 0, i64::MAX] {
        let _ = p.push("SOURCE_SQL_STREAM_001", row(1), t);
        let _ = p.advance_to(t);
    }
    let mut p = Program::compile(TUMBLING).unwrap();
    for t in [i64::MIN, i64::MIN + 1, -7, i64::MAX - 1, i64::MAX] {
        let _ = p.push("SOURCE_SQL_STREAM_001", row(1), t);
    }
    let _ = p.advance_to(i64::MAX);
    // Division by zero goes to the error stream, with the pump's name and hex DATA_ROW.
    let mut p = Program::compile(code).unwrap();
    let _ = p.push("SOURCE_SQL_STREAM_001", row(1), 5);
    let errors = p.take_errors();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].pump_name, "P");
    assert_eq!(errors[0].message, "Division by zero");
    assert!(errors[0].data_row.chars().all(|c| c.is_ascii_hexdigit()));
}
