#![cfg(not(target_arch = "wasm32"))]
//! The shareable-link codec: round trips, and every kind of bad link gets a clear error.

use engine::scenario::{decode, encode, Scenario, ScenarioError, Speed, MAX_LINK_CHARS};
use engine::{Command, CommandRecord};
use proptest::prelude::*;

fn sample() -> Scenario {
    let mut s = Scenario::new(42);
    s.now = 61_500;
    s.speed = Speed::Times(10.0);
    s.view = "streams".into();
    s.preset = Some("hot-partition-key".into());
    s.commands = (0..50)
        .map(|i| CommandRecord {
            at: i * 1000,
            command: Command::api(
                "Kinesis_20131202.PutRecord",
                format!(r#"{{"StreamName":"orders","Data":"aGk=","PartitionKey":"k{i}"}}"#),
            ),
        })
        .collect();
    s
}

#[test]
fn round_trip_is_exact_and_compact() {
    let s = sample();
    let link = encode(&s);
    assert!(link.starts_with('1'));
    assert!(link.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    assert_eq!(decode(&link), Ok(s.clone()));
    // Fifty near-identical commands compress far below their JSON size.
    let json_len = serde_json::to_string(&s).unwrap().len();
    assert!(link.len() * 4 < json_len, "link {} vs json {json_len}", link.len());
}

#[test]
fn empty_and_foreign_links() {
    assert_eq!(decode(""), Err(ScenarioError::Empty));
    assert_eq!(decode("   "), Err(ScenarioError::Empty));
    assert_eq!(decode("hello"), Err(ScenarioError::UnknownVersion("h".into())));
    assert_eq!(decode("9abc"), Err(ScenarioError::UnknownVersion("9".into())));
    assert_eq!(decode("1abc def"), Err(ScenarioError::BadCharacter { position: 5, found: ' ' }));
    assert_eq!(decode("1abc"), Err(ScenarioError::BadCompression));
}

#[test]
fn truncated_links_never_load() {
    let link = encode(&sample());
    for cut in 1..link.len() {
        let r = decode(&link[..cut]);
        assert!(r.is_err(), "cut at {cut} loaded");
    }
}

#[test]
fn corrupted_links_are_caught() {
    let link = encode(&sample());
    let bytes = link.as_bytes();
    let mut caught = 0;
    for i in 1..bytes.len() {
        let mut b = bytes.to_vec();
        b[i] = if b[i] == b'A' { b'B' } else { b'A' };
        let damaged = String::from_utf8(b).unwrap();
        if decode(&damaged).is_err() {
            caught += 1;
        }
    }
    // zlib's checksum catches essentially every single-character change (a change in the
    // last character's unused bits decodes to the same bytes, so it is harmless).
    assert!(caught >= bytes.len() - 3, "{caught} of {}", bytes.len() - 1);
}

#[test]
fn oversized_links_and_bombs_are_refused() {
    let long = format!("1{}", "A".repeat(MAX_LINK_CHARS + 10));
    assert!(matches!(decode(&long), Err(ScenarioError::TooLong { .. })));

    // A short link that unpacks to 20 MB of zeros.
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(&vec![b' '; 20 * 1024 * 1024]).unwrap();
    let packed = z.finish().unwrap();
    use base64::Engine;
    let bomb = format!("1{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed));
    assert!(bomb.len() < MAX_LINK_CHARS);
    assert!(matches!(decode(&bomb), Err(ScenarioError::TooBig { .. })));
}

#[test]
fn invalid_scenarios_say_why() {
    let mut s = sample();
    s.speed = Speed::Times(5000.0);
    let e = decode(&encode(&s)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "The scenario cannot be restored: its speed 5000 is outside 0.1x to 1000x."
    );
    let mut s = sample();
    s.commands.swap(0, 5);
    assert_eq!(
        decode(&encode(&s)).unwrap_err().to_string(),
        "The scenario cannot be restored: its commands are not in time order."
    );
    let mut s = sample();
    s.view = "<script>".into();
    assert!(matches!(decode(&encode(&s)), Err(ScenarioError::Invalid(_))));
    let mut s = sample();
    s.now = u64::MAX;
    assert!(matches!(decode(&encode(&s)), Err(ScenarioError::Invalid(_))));
}

fn arb_scenario() -> impl Strategy<Value = Scenario> {
    let command = ("[A-Za-z_0-9.]{1,40}", ".{0,80}").prop_map(|(t, b)| Command::api(t, b));
    (
        any::<u64>(),
        0u64..=engine::scenario::MAX_RESTORE_MS,
        proptest::collection::vec((0u64..1_000_000, command), 0..20),
        prop_oneof![Just(Speed::Max), (0.1f64..=1000.0).prop_map(Speed::Times)],
        "[a-z-]{0,12}",
        proptest::option::of("[a-z0-9-]{1,20}"),
    )
        .prop_map(|(seed, now, mut cmds, speed, view, preset)| {
            cmds.sort_by_key(|c| c.0);
            Scenario {
                seed,
                now,
                commands: cmds
                    .into_iter()
                    .map(|(at, command)| CommandRecord { at, command })
                    .collect(),
                speed,
                view,
                preset,
            }
        })
}

proptest! {
    #[test]
    fn any_valid_scenario_round_trips(s in arb_scenario()) {
        prop_assert_eq!(decode(&encode(&s)), Ok(s));
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,400}") {
        let _ = decode(&text);
    }

    #[test]
    fn arbitrary_link_alphabet_never_panics(text in "1[A-Za-z0-9_-]{0,400}") {
        let _ = decode(&text);
    }
}

#[test]
fn an_upload_too_big_for_a_link_is_told_without_encoding() {
    use base64::Engine as _;
    use engine::scenario::{
        command_bytes, fits_in_a_link, reference_commands, MAX_LINK_COMMAND_BYTES,
    };
    // Every built-in scenario fits.
    assert!(fits_in_a_link(&sample().commands));
    assert!(fits_in_a_link(&reference_commands()));
    // A 1 MiB file that does not compress, as the S3 view's upload records it.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let file: Vec<u8> = (0..1 << 20)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    let body = format!(
        r#"{{"Bucket":"b","Key":"photo.jpg","Body":"{}"}}"#,
        base64::engine::general_purpose::STANDARD.encode(&file)
    );
    let mut s = sample();
    s.commands.push(CommandRecord { at: 60_000, command: Command::api("s3.PutObject", body) });
    assert!(!fits_in_a_link(&s.commands));
    // The rule is right: its link would be refused as too long.
    assert!(encode(&s).len() > MAX_LINK_CHARS);
    assert!(command_bytes(&s.commands) > MAX_LINK_COMMAND_BYTES);
}
