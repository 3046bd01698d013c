//! Checklist and mapping parsing: any text must give a result or problems, never a panic, a
//! hang or a stack overflow, and every problem must point inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vouch::store::checklist::parse_file;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (_, problems) = parse_file("fuzz.toml", text, "fuzz");
    let lines = text.split('\n').count();
    for problem in &problems {
        assert!(problem.line >= 1 && problem.line <= lines, "{problem}");
        assert!(problem.column >= 1, "{problem}");
    }
});
