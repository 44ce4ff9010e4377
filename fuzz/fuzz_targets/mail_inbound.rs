//! Any bytes as a message in konbit's mailbox, through the mail reader (MIME, charsets, the
//! automatic-mail and token checks, the member's own first line, when it counts), the
//! token reader and the reply-command reader: never a panic, and a reply becomes a
//! command about its own proposal only, or nothing.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| konbit::fuzzing::mail_inbound(data));
