//! Any chat line through the one command parser: never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| konbit::fuzzing::command(data));
