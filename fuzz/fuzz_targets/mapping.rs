#![no_main]
//! Mapping files: `Mapping::parse` on any text, as `carrefour mapping
//! check` reads a file a partner sent. The oracle: it returns a mapping or
//! an error, never panics, and an error points at a line the text has.

use carrefour::mapping::Mapping;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    if let Err(error) = Mapping::parse("fuzz.toml", text) {
        // The message is what the user reads: building it must not panic.
        let message = error.to_string();
        assert!(!message.is_empty());
        if let Some(line) = error.line {
            let lines = text.lines().count().max(1);
            assert!(
                (1..=lines + 1).contains(&line),
                "line {line} of a {lines}-line file: {message}"
            );
        }
    }
});
