//! The test mail network's plumbing (tests/it/support/mailnet.rs): an LMTP client that
//! delivers a message as a mail server would, reading a Maildir in delivery order, and the
//! sender address of a message.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The messages of one Maildir folder (names and paths), in delivery order: Dovecot names
/// each file `SECONDS.MMICROSECONDS…`.
pub fn maildir(root: &Path) -> Vec<(String, PathBuf)> {
    let mut files: Vec<((u64, u64), String, PathBuf)> = ["new", "cur"]
        .iter()
        .flat_map(|sub| std::fs::read_dir(root.join(sub)).into_iter().flatten())
        .filter_map(|e| {
            let e = e.ok()?;
            let name = e.file_name().into_string().ok()?;
            let mut parts = name.split('.');
            let secs = parts.next()?.parse().unwrap_or(0);
            let micros = parts.next().and_then(|p| {
                p.strip_prefix('M')?
                    .split(|c: char| !c.is_ascii_digit())
                    .next()?
                    .parse()
                    .ok()
            });
            Some(((secs, micros.unwrap_or(0)), name, e.path()))
        })
        .collect();
    files.sort();
    files.into_iter().map(|(_, n, p)| (n, p)).collect()
}

/// The address in a message's `From:` line (`Name <a@b>` or a bare address).
pub fn from_address(raw: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(raw);
    let line = text
        .lines()
        .take_while(|l| !l.is_empty())
        .find(|l| l.to_ascii_lowercase().starts_with("from:"))?;
    let value = line[5..].trim();
    let address = match (value.rfind('<'), value.rfind('>')) {
        (Some(a), Some(b)) if a < b => &value[a + 1..b],
        _ => value,
    };
    address.contains('@').then(|| address.trim().to_owned())
}

/// One LMTP transaction; the server's answer to the first failing step as the error.
pub fn lmtp(port: u16, mail_from: &str, rcpt: &str, raw: &[u8]) -> Result<(), String> {
    let stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .map_err(|e| e.to_string())?;
    let mut writer = stream.try_clone().map_err(|e| e.to_string())?;
    let mut reader = BufReader::new(stream);
    let mut reply = |expect: &str| -> Result<(), String> {
        let mut all = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
                return Err(format!("connection closed after {all:?}"));
            }
            all.push_str(&line);
            if line.as_bytes().get(3) != Some(&b'-') {
                return if line.starts_with(expect) { Ok(()) } else { Err(all) };
            }
        }
    };
    let send = |w: &mut TcpStream, line: &str| w.write_all(format!("{line}\r\n").as_bytes());
    reply("220")?;
    let steps = [
        ("LHLO test".to_owned(), "250"),
        (format!("MAIL FROM:<{mail_from}>"), "250"),
        (format!("RCPT TO:<{rcpt}>"), "250"),
        ("DATA".to_owned(), "354"),
    ];
    for (line, expect) in steps {
        send(&mut writer, &line).map_err(|e| e.to_string())?;
        reply(expect)?;
    }
    // CRLF line ends, and a leading dot doubled (RFC 5321 transparency).
    let mut data = Vec::with_capacity(raw.len() + 64);
    let body = raw.strip_suffix(b"\n").unwrap_or(raw);
    for line in body.split(|b| *b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.first() == Some(&b'.') {
            data.push(b'.');
        }
        data.extend_from_slice(line);
        data.extend_from_slice(b"\r\n");
    }
    data.extend_from_slice(b".\r\n");
    writer.write_all(&data).map_err(|e| e.to_string())?;
    reply("250")?;
    let _ = send(&mut writer, "QUIT");
    Ok(())
}
