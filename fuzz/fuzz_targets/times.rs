//! Durations, days, `!remind` times and schedule specs, parsed and resolved to instants
//! around any moment (DST changes included): never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| konbit::fuzzing::times(data));
