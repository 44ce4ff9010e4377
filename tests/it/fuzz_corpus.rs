//! The fuzzers' corpora and every crash they found, replayed on each test run through the
//! same code the fuzz targets run (`konbit::fuzzing`): `fuzz/corpus/<target>/` holds the
//! inputs that reach new code, `fuzz/regressions/<target>/` the reproducers of fixed bugs.

use std::path::Path;

fn replay(target: &str, body: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut count = 0;
    for kind in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(kind).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("entry").path();
            let data = std::fs::read(&path).expect("read input");
            // A panic names the input that caused it.
            let done = std::panic::catch_unwind(|| body(&data));
            assert!(done.is_ok(), "{target}: {} panicked", path.display());
            count += 1;
        }
    }
    assert!(count > 0, "no inputs for {target} under {}", root.display());
}

#[test]
fn command_parser_corpus() {
    replay("command", konbit::fuzzing::command);
}

#[test]
fn times_corpus() {
    replay("times", konbit::fuzzing::times);
}

#[test]
fn config_corpus() {
    replay("config", konbit::fuzzing::config);
}

#[cfg(feature = "irc")]
#[test]
fn irc_line_corpus() {
    replay("irc_line", konbit::fuzzing::irc_line);
}

#[cfg(feature = "mail")]
#[test]
fn mail_inbound_corpus() {
    replay("mail_inbound", konbit::fuzzing::mail_inbound);
}
