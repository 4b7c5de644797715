//! AES-256-GCM throughput of the Snowball copy path (`snowball::crypto::encrypt`, then the
//! `Arc<[u8]>` the device stores, 1 MiB at a time), in MB/s, in three builds: native with the
//! `aes` and `polyval` crates' hardware backends (AES-NI and carry-less multiply, detected at
//! run time), native with their software backends forced (`--cfg aes_force_soft --cfg
//! polyval_force_soft`, the cfgs of aes 0.8.4 and polyval 0.6.2), and wasm32 in headless
//! Chromium (no AES instructions: the same software backends). All three in the bench profile;
//! `engine/tests/snowball_crypto_bench.sh` builds them in their own target dirs and runs them
//! back to back, three rounds; each run is handed the figures measured before it in the round
//! (`AES_GCM_WASM_MB_S`, `AES_GCM_SOFT_MB_S`) and prints every figure with its ratios.
//!
//! Measured 2026-12-07, three rounds back to back (load average 6.4 to 8.5): wasm 24.7, 27.5,
//! 29.5 MB/s (test profile: the bench-profile wasm build did not finish before the stop);
//! native software forced 73.4, 75.5, 67.1 MB/s; native hardware 707.5, 723.2, 723.3 MB/s.
//! Wasm is within 3x of the same software code natively (2.27x to 2.97x), not of AES-NI (24.5x
//! to 28.6x): that gap is the platform's, wasm32 has no AES instructions and no carry-less
//! multiply. The README's "The Snowball copy path's encryption" has the table and where the
//! time goes.
//!
//! Beside the copy path each run measures three things that say where the time goes: the
//! same encryption in place into one reused buffer (`encrypt_in_place_detached`: no allocation,
//! no second copy, the most any change to the path's allocations could win), the copy path on
//! 4 KiB files (a key schedule per file, as the presets' log files have), and GHASH alone
//! (1 MiB of associated data and an empty message: all POLYVAL, two AES blocks).

use std::sync::Arc;

use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use engine::snowball::crypto::{decrypt, encrypt, nonce_for};

const MIB: usize = 1 << 20;

/// How long each figure is measured for, in milliseconds of `now()`.
const MEASURE_MS: f64 = 1_500.0;

/// The figures of one build, in MB/s (decimal megabytes).
struct Figures {
    copy_path: f64,
    in_place: f64,
    small_files: f64,
    ghash_only: f64,
}

/// MB/s of `step` (which handles `bytes` each call) over about `MEASURE_MS` of `now()`.
fn rate(now: &impl Fn() -> f64, bytes: usize, mut step: impl FnMut(u64)) -> f64 {
    let start = now();
    let mut n = 0u64;
    while now() - start < MEASURE_MS {
        n += 1;
        step(n);
    }
    let secs = (now() - start) / 1000.0;
    (n as f64 * bytes as f64) / 1e6 / secs
}

fn measure(now: impl Fn() -> f64) -> Figures {
    let key = [9u8; 32];
    let plain = vec![0x5au8; MIB];
    // What `device::store_encrypted` does with each file.
    let mut stored: Arc<[u8]> = Arc::from(Vec::new());
    let mut last = 0;
    let copy_path = rate(&now, MIB, |n| {
        stored = encrypt(&key, &nonce_for(n), &plain).into();
        last = n;
    });
    assert_eq!(stored.len(), MIB + 16, "1 MiB of ciphertext and the 16-byte tag");
    assert_eq!(decrypt(&key, &nonce_for(last), &stored).as_deref(), Some(&plain[..]));

    let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&key));
    let mut buffer = plain.clone();
    let in_place = rate(&now, MIB, |n| {
        buffer.copy_from_slice(&plain);
        let tag =
            cipher.encrypt_in_place_detached(Nonce::from_slice(&nonce_for(n)), b"", &mut buffer);
        assert!(tag.is_ok());
    });
    // In place gives the copy path's bytes: the ciphertext, then the tag.
    let reference = encrypt(&key, &nonce_for(1), &plain);
    buffer.copy_from_slice(&plain);
    let tag = cipher.encrypt_in_place_detached(Nonce::from_slice(&nonce_for(1)), b"", &mut buffer);
    assert_eq!(&reference[..MIB], &buffer[..]);
    assert_eq!(tag.map(|t| t.to_vec()).ok().as_deref(), Some(&reference[MIB..]));

    let small = &plain[..4096];
    let mut small_stored: Arc<[u8]> = Arc::from(Vec::new());
    let small_files =
        rate(&now, small.len(), |n| small_stored = encrypt(&key, &nonce_for(n), small).into());
    assert_eq!(small_stored.len(), 4096 + 16);

    let mut empty = [0u8; 0];
    let ghash_only = rate(&now, MIB, |n| {
        let tag =
            cipher.encrypt_in_place_detached(Nonce::from_slice(&nonce_for(n)), &plain, &mut empty);
        assert!(tag.is_ok());
    });
    Figures { copy_path, in_place, small_files, ghash_only }
}

/// The lines a run prints: its own figures, then the three builds' copy-path figures that it
/// knows (its own and those handed to it) with their ratios.
fn report(build: &str, f: &Figures, known: &[(&str, Option<f64>)]) -> Vec<String> {
    let mut lines = vec![
        format!("AES-256-GCM copy path, {build}: {:.1} MB/s", f.copy_path),
        format!(
            "  in place into one buffer {:.1} MB/s ({:+.1}%), 4 KiB files {:.1} MB/s, GHASH alone {:.1} MB/s",
            f.in_place,
            (f.in_place / f.copy_path - 1.0) * 100.0,
            f.small_files,
            f.ghash_only
        ),
    ];
    let figures: Vec<(&str, f64)> = known.iter().filter_map(|(k, v)| v.map(|v| (*k, v))).collect();
    for (i, (a, fa)) in figures.iter().enumerate() {
        for (b, fb) in &figures[i + 1..] {
            lines.push(format!("  {a} / {b}: {:.2}x", fa / fb));
        }
    }
    lines
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
#[ignore = "a measurement: run with --ignored in the bench profile"]
fn snowball_crypto_bench_native() {
    let t0 = std::time::Instant::now();
    let f = measure(|| t0.elapsed().as_secs_f64() * 1000.0);
    // Set by the build, not at run time: which backends the aes and polyval crates compiled in.
    #[allow(unexpected_cfgs)]
    let soft = cfg!(all(aes_force_soft, polyval_force_soft));
    #[cfg(target_arch = "x86_64")]
    let hw = std::arch::is_x86_feature_detected!("aes")
        && std::arch::is_x86_feature_detected!("pclmulqdq");
    #[cfg(not(target_arch = "x86_64"))]
    let hw = false;
    let build = match (soft, hw) {
        (true, _) => "native, software backends forced",
        (false, true) => "native, AES-NI and carry-less multiply",
        (false, false) => "native, no AES-NI and carry-less multiply here (software)",
    };
    let handed = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<f64>().ok());
    let (hw_mb_s, soft_mb_s) = if soft {
        (None, Some(f.copy_path))
    } else {
        (Some(f.copy_path), handed("AES_GCM_SOFT_MB_S"))
    };
    let known = [
        ("native hardware", hw_mb_s),
        ("native software", soft_mb_s),
        ("wasm", handed("AES_GCM_WASM_MB_S")),
    ];
    for line in report(build, &f, &known) {
        println!("{line}");
    }
    assert!(f.copy_path > 1.0);
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen_test::wasm_bindgen_test]
fn snowball_crypto_bench_wasm() {
    let f = measure(js_sys::Date::now);
    for line in report("wasm", &f, &[("wasm", Some(f.copy_path))]) {
        wasm_bindgen_test::console_log!("{line}");
    }
    assert!(f.copy_path > 1.0);
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn the_report_gives_each_pair_of_builds_its_ratio() {
    let f = Figures { copy_path: 50.0, in_place: 55.0, small_files: 40.0, ghash_only: 100.0 };
    let lines = report(
        "native, software backends forced",
        &f,
        &[("native hardware", Some(200.0)), ("native software", Some(50.0)), ("wasm", Some(20.0))],
    );
    assert_eq!(
        lines,
        [
            "AES-256-GCM copy path, native, software backends forced: 50.0 MB/s",
            "  in place into one buffer 55.0 MB/s (+10.0%), 4 KiB files 40.0 MB/s, GHASH alone 100.0 MB/s",
            "  native hardware / native software: 4.00x",
            "  native hardware / wasm: 10.00x",
            "  native software / wasm: 2.50x",
        ]
    );
}
