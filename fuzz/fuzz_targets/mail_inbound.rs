//! Any bytes as a message in konbit's mailbox, through the mail reader (MIME, charsets, the
//! automatic-mail and token checks, the member's own first line, when it counts), the
//! token reader and the reply-command reader: never a panic, and a reply becomes a
//! command about its own proposal only, or nothing. Run it with `-O` (README,
//! "Fuzzing"): with debug assertions, mail-parser's own abort the fuzzer on broken MIME
//! that the parser then reads (konbit catches that panic: `inbound.rs`, `unwound`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| konbit::fuzzing::mail_inbound(data));
