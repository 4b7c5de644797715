//! Any bytes as a scenario link: decoding must return Ok or a clear error, never panic; and
//! whatever decodes must encode and decode back to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(scenario) = engine::scenario::decode(&text) {
        let again = engine::scenario::decode(&engine::scenario::encode(&scenario));
        assert_eq!(again.as_ref(), Ok(&scenario));
    }
});
