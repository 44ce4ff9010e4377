//! The web view over HTTP for the tests: the collective's configuration with `[web]`, a
//! day of its life filled through the console, `konbit web` at a fixed instant, and GETs
//! over a plain socket (no cookie is kept, as a calendar application keeps none).

use std::io::{Read, Write};
use std::time::Duration;

use super::{Bot, Running, Session, script};

pub const CONFIG: &str = r#"
[collective]
name = "Coop Kettle"
[[projects]]
name = "webdev"
[[projects]]
name = "sysadmin"
kind = "care"
[[members]]
name = "alice"
[[members]]
name = "bob"
[[members]]
name = "carole"
[web]
listen = "127.0.0.1:0"
base_url = "http://konbit.test"
"#;

/// What the collective did on Tuesday 24 November 2026 (Montréal).
pub fn fill(bot: &Bot) -> Session {
    let out = bot.console(
        "2026-11-24T09:00:00-05:00",
        &script(&[
            "alice: !propose buy a kettle",
            "bob: !propose paint the office green",
            "carole: !veto 2 the landlord forbids it",
            "alice: !punch 3h webdev",
            "bob: !punch 2h sysadmin volunteer",
            "/wait 1h",
            "alice: !meeting start production",
            "alice: !here",
            "bob: !here",
            "alice: !topic <script>alert('minutes')</script>",
            "alice: !decide 2 rejected the landlord said no",
            "alice: !meeting end",
            "alice: !punch start webdev",
            "alice: !remind me tomorrow 10:00 call the printer",
            "alice: !web",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    out
}

/// The secret path `/me/…` from the page link the bot sent `name` privately (`!web`; not
/// a download link of `!mydata`).
pub fn link_path(out: &Session, name: &str) -> String {
    let line = out
        .private(name)
        .into_iter()
        .rev()
        .find(|l| l.contains("http://konbit.test/me/") && !l.contains("/data.zip"))
        .unwrap_or_else(|| panic!("no link sent to {name}:\n{}", out.stdout));
    let start = line.find("/me/").expect("path");
    line[start..].split_whitespace().next().expect("secret").to_owned()
}

/// `konbit web` on the bot's database, at a fixed instant; its address.
pub fn serve(bot: &Bot, envs: &[(&str, &str)]) -> (Running, String) {
    let web = bot.spawn(&["web", "--clock", "2026-11-24T12:00:00-05:00"], envs);
    let out = bot.dir().join("run.out");
    for _ in 0..200 {
        let text = std::fs::read_to_string(&out).unwrap_or_default();
        if let Some(at) = text.find("http://127.0.0.1:") {
            let address = text[at + "http://".len()..]
                .split_whitespace()
                .next()
                .unwrap()
                .to_owned();
            return (web, address);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("konbit web did not start: {}", web.log());
}

pub struct Answer {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    }
}

/// A GET with raw extra header lines, over a plain socket (the path is sent as is).
pub fn get(address: &str, path: &str, headers: &[&str]) -> Answer {
    get_within(address, path, headers, Duration::from_secs(20))
}

/// [`get`], the answer due within `wait`.
pub fn get_within(address: &str, path: &str, headers: &[&str], wait: Duration) -> Answer {
    let mut s = std::net::TcpStream::connect(address).expect("connect");
    s.set_read_timeout(Some(wait)).unwrap();
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    for h in headers {
        request.push_str(h);
        request.push_str("\r\n");
    }
    request.push_str("\r\n");
    s.write_all(request.as_bytes()).expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let raw = String::from_utf8(raw).expect("UTF-8 answer");
    let (head, body) = raw.split_once("\r\n\r\n").expect("head and body");
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .expect("status");
    let mut body = body.to_owned();
    if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        body = dechunk(&body);
    }
    Answer {
        status,
        head: head.to_owned(),
        body,
    }
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        s = &rest[n + 2..];
    }
    out
}

pub fn ok(address: &str, path: &str) -> String {
    let a = get(address, path, &[]);
    assert_eq!(a.status, 200, "{path}: {}", a.body);
    a.body
}

/// A GET whose body is bytes (a download): the status, the head and the body.
pub fn get_bytes(address: &str, path: &str) -> (u16, String, Vec<u8>) {
    let mut s = std::net::TcpStream::connect(address).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    s.write_all(request.as_bytes()).expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("head and body");
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .expect("status");
    (status, head, raw[end + 4..].to_vec())
}
