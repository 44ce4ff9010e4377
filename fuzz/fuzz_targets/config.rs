//! Any configuration text through the loader: problems listed, never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| konbit::fuzzing::config(data));
