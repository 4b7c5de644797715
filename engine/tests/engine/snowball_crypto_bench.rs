//! AES-256-GCM throughput of the Snowball copy path (`snowball::crypto::encrypt`, 1 MiB at a
//! time, as a copy writes files), natively and in wasm, printed in MB/s to compare. Run
//! natively with `cargo test --profile bench -p engine --test engine -- snowball_crypto_bench
//! --nocapture --ignored`; in wasm with `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=
//! wasm-bindgen-test-runner cargo test --profile bench -p engine --target wasm32-unknown-unknown
//! --test engine -- snowball_crypto_bench --nocapture`.

use engine::snowball::crypto::{decrypt, encrypt, nonce_for};

const CHUNK: usize = 1 << 20;

/// MB/s (decimal) encrypting for about `ms` milliseconds of `now()`; checks one round trip.
fn rate(now: impl Fn() -> f64, ms: f64) -> f64 {
    let key = [9u8; 32];
    let plain = vec![0x5au8; CHUNK];
    let start = now();
    let mut n = 0u64;
    let mut last = Vec::new();
    while now() - start < ms {
        n += 1;
        last = encrypt(&key, &nonce_for(n), &plain);
    }
    let secs = (now() - start) / 1000.0;
    assert_eq!(decrypt(&key, &nonce_for(n), &last).map(|p| p.len()), Some(CHUNK));
    (n as f64 * CHUNK as f64) / 1e6 / secs
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
#[ignore = "a measurement: run with --ignored in the bench profile"]
fn snowball_crypto_bench_native() {
    let t0 = std::time::Instant::now();
    let mb_s = rate(|| t0.elapsed().as_secs_f64() * 1000.0, 2_000.0);
    println!("AES-256-GCM encrypt, native: {mb_s:.1} MB/s");
    assert!(mb_s > 1.0);
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen_test::wasm_bindgen_test]
fn snowball_crypto_bench_wasm() {
    let mb_s = rate(js_sys::Date::now, 2_000.0);
    wasm_bindgen_test::console_log!("AES-256-GCM encrypt, wasm: {mb_s:.1} MB/s");
    assert!(mb_s > 1.0);
}
