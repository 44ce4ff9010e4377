//! Bytes from an IRC server through konbit's line handling, the core and the lines it
//! sends back: never a panic, never a line over 512 bytes or with a stray CR/LF/NUL.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| konbit::fuzzing::irc_line(data));
