//! progress.toml parsing and the save path's rendering: any text must parse or be refused with
//! a position, the fast reader agreeing with the careful one; whatever parses must survive
//! being written again (fresh, or onto its own text) with the same meaning.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use vouch::store::merge::merge;
use vouch::store::progress::{parse, parse_carefully, render_new};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("progress.toml");
    let careful = parse_carefully("progress.toml", text);
    let Ok(progress) = parse(path, text) else {
        assert!(careful.is_err(), "the fast reader refused what the careful one reads");
        return;
    };
    assert_eq!(careful.ok().as_ref(), Some(&progress), "the two readers disagree");
    // Written fresh, it reads back the same, blank entries aside (they are never written).
    let mut kept = progress.clone();
    kept.items.retain(|_, entry| !entry.is_blank());
    let fresh = render_new(&progress).expect("a fresh file always renders");
    assert_eq!(parse(path, &fresh).expect("rendered text parses"), kept);
    // Re-rendered onto its own text (a merge with nothing to do), it keeps its meaning.
    if let Ok(outcome) = merge(text, text, text) {
        assert_eq!(parse(path, &outcome.text).expect("merged text parses"), progress);
    }
});
