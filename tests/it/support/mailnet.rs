//! A real mail network for the tests: Dovecot 2.3 (IMAP and LMTP) holds the mailboxes, and
//! an SMTP server of ours (`smtp_sink.py`, aiosmtpd) takes what konbit sends, keeps a copy
//! of each message, and delivers the ones for `@test` into Dovecot. Generated configuration
//! in a temporary directory, free loopback ports, one network per test, stopped when
//! dropped. `scripts/test` installs both (Debian packages `dovecot-imapd`, `dovecot-lmtpd`,
//! `python3-aiosmtpd`; `openssl` for the certificate of the TLS test).
//!
//! Users `konbit`, `alice`, `bob`, `carol` and `dave`, addresses `USER@test`, each with a
//! password generated at start ([`Mailnet::password`]). Plus-addressing:
//! `konbit+TOKEN@test` lands in konbit's INBOX with `Delivered-To: konbit+TOKEN@test`.
//!
//! Facts this relies on: Dovecot refuses a mail uid below `first_valid_uid` (500), so as
//! root the mail belongs to `nobody`; without `chroot =` its login services cannot start
//! when not root; `lmtp_hdr_delivery_address = final` keeps `Delivered-To`; Debian's
//! aiosmtpd is only importable by /usr/bin/python3. Each server runs in its own process
//! group, killed as a whole, and reaped.

#![allow(dead_code)]

#[path = "mailnet_wire.rs"]
mod wire;

use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub use wire::lmtp;
use wire::{from_address, maildir};

pub const USERS: [&str; 5] = ["konbit", "alice", "bob", "carol", "dave"];
const DOVECOT: &str = "/usr/sbin/dovecot";
/// Debian's Python, the one with python3-aiosmtpd.
const PYTHON: &str = "/usr/bin/python3";

pub struct Mailnet {
    pub dir: tempfile::TempDir,
    pub imap_port: u16,
    pub lmtp_port: u16,
    pub smtp_port: u16,
    passwords: Vec<(String, String)>,
    dovecot: Option<Child>,
    smtp: Option<Child>,
}

/// One message the SMTP server accepted.
#[derive(Clone, Debug)]
pub struct Sent {
    pub mail_from: String,
    pub rcpt_tos: Vec<String>,
    /// The login the sender authenticated as (`None`: no AUTH).
    pub auth_login: Option<String>,
    pub raw: Vec<u8>,
}

impl Sent {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }
}

fn installed() -> Result<(), String> {
    for program in [DOVECOT, "/usr/lib/dovecot/imap", "/usr/lib/dovecot/lmtp"] {
        if !Path::new(program).exists() {
            return Err(format!("{program} is missing"));
        }
    }
    let aiosmtpd = Command::new(PYTHON)
        .args(["-c", "import aiosmtpd"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match aiosmtpd {
        Ok(s) if s.success() => Ok(()),
        _ => Err(format!("{PYTHON} cannot import aiosmtpd")),
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// The effective uid and gid of this process.
fn ids() -> (u32, u32) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(2))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("Uid:"), field("Gid:"))
}

/// The name of an id in /etc/passwd or /etc/group (field 0 where field 2 is `id`), or the
/// id of a name.
fn lookup(file: &str, name: Option<&str>, id: Option<u32>) -> Option<(String, u32)> {
    std::fs::read_to_string(file).ok()?.lines().find_map(|l| {
        let f: Vec<&str> = l.split(':').collect();
        let n = f.first()?.to_string();
        let i: u32 = f.get(2)?.parse().ok()?;
        (name.is_some_and(|x| x == n) || id == Some(i)).then_some((n, i))
    })
}

/// A password nobody guesses, from the kernel's random source.
fn generated_password() -> String {
    let mut bytes = [0u8; 12];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .expect("/dev/urandom");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Waits until `port` greets with `prefix`.
fn greets(port: u16, prefix: &[u8], deadline: Instant) -> bool {
    while Instant::now() < deadline {
        if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
            let _ = s.set_read_timeout(Some(Duration::from_secs(1)));
            let mut buf = [0u8; 256];
            if let Ok(n) = s.read(&mut buf)
                && buf[..n].starts_with(prefix)
            {
                return true;
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    false
}

/// Kills a server's whole process group and reaps its leader.
fn kill(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .stderr(Stdio::null())
        .status();
    let _ = child.kill();
    let _ = child.wait();
}

/// SIGTERM, then SIGKILL for the whole group if it has not exited within 10 s.
fn stop_gracefully(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", "--", &child.id().to_string()])
        .stderr(Stdio::null())
        .status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    kill(child);
}

impl Mailnet {
    /// Starts the network; fails (panics) when Dovecot or aiosmtpd is not installed.
    pub fn start() -> Mailnet {
        Mailnet::start_with("")
    }

    /// Starts the network with extra lines at the end of Dovecot's configuration (e.g. an
    /// `imap_capability` without IDLE).
    pub fn start_with(dovecot_extra: &str) -> Mailnet {
        Mailnet::launch(dovecot_extra, false)
    }

    /// Starts the network with STARTTLS offered on the IMAP port, with a self-signed
    /// certificate for `localhost` and 127.0.0.1 that no client trusts.
    pub fn start_with_untrusted_tls() -> Mailnet {
        Mailnet::launch("", true)
    }

    fn launch(dovecot_extra: &str, tls: bool) -> Mailnet {
        if let Err(missing) = installed() {
            panic!(
                "this test needs Dovecot and aiosmtpd ({missing}): install the Debian packages \
                 dovecot-imapd, dovecot-lmtpd and python3-aiosmtpd (scripts/test does)"
            );
        }
        let mut logs = String::new();
        for _ in 0..3 {
            let mut net = Mailnet::prepare(dovecot_extra, tls);
            net.start_dovecot();
            net.spawn_smtp();
            let deadline = Instant::now() + Duration::from_secs(15);
            if greets(net.imap_port, b"* OK", deadline)
                && greets(net.lmtp_port, b"220", deadline)
                && greets(net.smtp_port, b"220", deadline)
            {
                return net;
            }
            // A port taken between choosing and binding: again with others.
            logs = net.logs();
            eprintln!("mail servers not ready, retrying with other ports");
        }
        panic!("the test mail network did not start; its logs:\n{logs}");
    }

    fn prepare(dovecot_extra: &str, tls: bool) -> Mailnet {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        for sub in ["run", "state", "logs", "mail", "outbox"] {
            std::fs::create_dir_all(root.join(sub)).expect("dirs");
        }
        let net = Mailnet {
            dir,
            imap_port: free_port(),
            lmtp_port: free_port(),
            smtp_port: free_port(),
            passwords: USERS.iter().map(|u| (u.to_string(), generated_password())).collect(),
            dovecot: None,
            smtp: None,
        };
        if tls {
            net.make_certificate();
        }
        net.write_config(dovecot_extra, tls);
        net
    }

    fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }

    /// A self-signed certificate (`cert.pem`, `key.pem`), as for the IRC test network.
    fn make_certificate(&self) {
        let status = Command::new("openssl")
            .args([
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
            ])
            .args(["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
            .arg("-keyout")
            .arg(self.path("key.pem"))
            .arg("-out")
            .arg(self.path("cert.pem"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("openssl");
        assert!(status.success(), "openssl could not make a certificate");
    }

    fn write_config(&self, extra: &str, tls: bool) {
        use std::os::unix::fs::PermissionsExt;
        let dir = self.dir.path().display().to_string();
        // Dovecot's own users (auth, mail) must get through the directory.
        std::fs::set_permissions(self.dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
        let users: String = self
            .passwords
            .iter()
            .map(|(u, p)| format!("{u}:{{PLAIN}}{p}::::::\n"))
            .collect();
        std::fs::write(self.path("users"), users).expect("users");
        std::fs::set_permissions(self.path("users"), std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let (uid, gid) = ids();
        let (internal, internal_group, login, mail_uid, mail_gid) = if uid == 0 {
            // Root: Dovecot's packaged users, and the mail owned by nobody (uid ≥ 500).
            let nobody = lookup("/etc/passwd", Some("nobody"), None).map_or(65534, |(_, id)| id);
            let nogroup = lookup("/etc/group", Some("nogroup"), None).map_or(65534, |(_, id)| id);
            (
                "dovecot".to_owned(),
                "dovecot".to_owned(),
                "dovenull".to_owned(),
                nobody,
                nogroup,
            )
        } else {
            let me = lookup("/etc/passwd", None, Some(uid))
                .map(|(n, _)| n)
                .expect("own user name");
            let group = lookup("/etc/group", None, Some(gid))
                .map(|(n, _)| n)
                .expect("own group name");
            (me.clone(), group, me, uid, gid)
        };
        std::os::unix::fs::chown(self.path("mail"), Some(mail_uid), Some(mail_gid)).expect("chown mail");
        let name = self
            .dir
            .path()
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("mailnet");
        let (imap, lmtp) = (self.imap_port, self.lmtp_port);
        let first_uid = mail_uid.min(500);
        let first_gid = mail_gid.min(1);
        let ssl = if tls {
            format!("ssl = yes\nssl_cert = <{dir}/cert.pem\nssl_key = <{dir}/key.pem")
        } else {
            "ssl = no".to_owned()
        };
        let conf = format!(
            r#"# Generated by tests/it/support/mailnet.rs
instance_name = konbit-{name}
base_dir = {dir}/run
state_dir = {dir}/state
log_path = {dir}/logs/dovecot.log
info_log_path = {dir}/logs/dovecot.log
debug_log_path = {dir}/logs/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
{ssl}
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_internal_group = {internal_group}
default_login_user = {login}
mail_uid = {mail_uid}
mail_gid = {mail_gid}
first_valid_uid = {first_uid}
first_valid_gid = {first_gid}
mail_location = maildir:{dir}/mail/%n/Maildir
mail_home = {dir}/mail/%n
recipient_delimiter = +
lmtp_save_to_detail_mailbox = no
lmtp_hdr_delivery_address = final
login_trusted_networks = 127.0.0.0/8
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%n {dir}/users
}}
userdb {{
  driver = passwd-file
  args = username_format=%n {dir}/users
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service lmtp {{
  inet_listener lmtp {{
    address = 127.0.0.1
    port = {lmtp}
  }}
}}
{extra}
"#
        );
        std::fs::write(self.path("dovecot.conf"), conf).expect("dovecot.conf");
    }

    fn start_dovecot(&mut self) {
        use std::os::unix::process::CommandExt;
        let log = std::fs::File::create(self.path("logs/dovecot.out")).expect("log");
        self.dovecot = Some(
            Command::new(DOVECOT)
                .arg("-F")
                .arg("-c")
                .arg(self.path("dovecot.conf"))
                .process_group(0)
                .stdin(Stdio::null())
                .stdout(log.try_clone().expect("log"))
                .stderr(log)
                .spawn()
                .expect("start dovecot"),
        );
    }

    fn spawn_smtp(&mut self) {
        use std::os::unix::process::CommandExt;
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.path("logs/smtp.log"))
            .expect("log");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/support/smtp_sink.py");
        self.smtp = Some(
            Command::new(PYTHON)
                .arg(script)
                .arg("--dir")
                .arg(self.dir.path())
                .args(["--port", &self.smtp_port.to_string()])
                .args(["--lmtp-port", &self.lmtp_port.to_string()])
                .process_group(0)
                .stdin(Stdio::null())
                .stdout(log.try_clone().expect("log"))
                .stderr(log)
                .spawn()
                .expect("start the SMTP server"),
        );
    }

    /// The servers' logs, for a failure message.
    pub fn logs(&self) -> String {
        let mut out = String::new();
        for name in ["dovecot.log", "dovecot.out", "smtp.log"] {
            let text = std::fs::read_to_string(self.path(&format!("logs/{name}"))).unwrap_or_default();
            let tail: String = text
                .chars()
                .rev()
                .take(3000)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            out.push_str(&format!("--- {name}\n{tail}\n"));
        }
        out
    }

    /// `USER@test`.
    pub fn address(&self, user: &str) -> String {
        format!("{user}@test")
    }

    pub fn password(&self, user: &str) -> String {
        self.passwords
            .iter()
            .find(|(u, _)| u == user)
            .map(|(_, p)| p.clone())
            .unwrap_or_else(|| panic!("no mail user {user:?}"))
    }

    /// Kills Dovecot (every open IMAP connection breaks) and starts it again on the same
    /// ports, with the mailboxes as they were.
    /// Restarts Dovecot the way a sysadmin does (SIGTERM: it closes its clients' connections
    /// and writes its indexes before it exits), then waits for it to greet again.
    pub fn restart_dovecot(&mut self) {
        if let Some(mut child) = self.dovecot.take() {
            stop_gracefully(&mut child);
        }
        self.start_dovecot();
        let deadline = Instant::now() + Duration::from_secs(15);
        assert!(
            greets(self.imap_port, b"* OK", deadline) && greets(self.lmtp_port, b"220", deadline),
            "Dovecot did not come back:\n{}",
            self.logs()
        );
    }

    /// Stops the SMTP server (connections to its port are then refused).
    pub fn stop_smtp(&mut self) {
        if let Some(mut child) = self.smtp.take() {
            kill(&mut child);
        }
    }

    /// Starts the SMTP server again on the same port.
    pub fn start_smtp(&mut self) {
        self.stop_smtp();
        self.spawn_smtp();
        assert!(
            greets(self.smtp_port, b"220", Instant::now() + Duration::from_secs(15)),
            "the SMTP server did not come back:\n{}",
            self.logs()
        );
    }

    /// Delivers `raw` into `rcpt`'s mailbox by LMTP, as if someone had mailed it; the
    /// envelope sender is the address in its `From:` line.
    pub fn deliver(&self, rcpt: &str, raw: &[u8]) {
        let from = from_address(raw).unwrap_or_else(|| "postmaster@test".to_owned());
        self.deliver_from(&from, rcpt, raw);
    }

    /// Delivers `raw` into `rcpt`'s mailbox by LMTP with the envelope sender `mail_from`.
    pub fn deliver_from(&self, mail_from: &str, rcpt: &str, raw: &[u8]) {
        if let Err(e) = lmtp(self.lmtp_port, mail_from, rcpt, raw) {
            panic!("LMTP delivery to {rcpt} failed: {e}\n{}", self.logs());
        }
    }

    /// Everything the SMTP server accepted so far, in order.
    pub fn sent(&self) -> Vec<Sent> {
        let outbox = self.path("outbox");
        let mut names: Vec<String> = std::fs::read_dir(&outbox)
            .expect("outbox")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter_map(|n| n.strip_suffix(".eml").map(str::to_owned))
            .collect();
        names.sort();
        names
            .iter()
            .map(|n| {
                let meta: serde_json::Value =
                    serde_json::from_slice(&std::fs::read(outbox.join(format!("{n}.json"))).expect("envelope"))
                        .expect("envelope JSON");
                Sent {
                    mail_from: meta["mail_from"].as_str().unwrap_or_default().to_owned(),
                    rcpt_tos: meta["rcpt_tos"]
                        .as_array()
                        .map(|a| a.iter().filter_map(|r| r.as_str().map(str::to_owned)).collect())
                        .unwrap_or_default(),
                    auth_login: meta["auth_login"].as_str().map(str::to_owned),
                    raw: std::fs::read(outbox.join(format!("{n}.eml"))).expect("message"),
                }
            })
            .collect()
    }

    /// Waits up to `timeout` until at least `n` messages were accepted; all of them.
    pub fn wait_sent(&self, n: usize, timeout: Duration) -> Vec<Sent> {
        let deadline = Instant::now() + timeout;
        loop {
            let sent = self.sent();
            if sent.len() >= n {
                return sent;
            }
            assert!(
                Instant::now() < deadline,
                "{} message(s) sent within {timeout:?}, expected {n}",
                sent.len()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The raw messages in `user`'s INBOX, oldest first.
    pub fn mailbox(&self, user: &str) -> Vec<Vec<u8>> {
        self.folder(user, "INBOX")
    }

    /// The raw messages in one of `user`'s folders (`INBOX`, or another by name), oldest
    /// first, read from the Maildir.
    pub fn folder(&self, user: &str, folder: &str) -> Vec<Vec<u8>> {
        let mut root = self.path(&format!("mail/{user}/Maildir"));
        if folder != "INBOX" {
            root = root.join(format!(".{folder}"));
        }
        maildir(&root)
            .iter()
            .filter_map(|(_, p)| std::fs::read(p).ok())
            .collect()
    }

    /// The IMAP system flags of each message in `user`'s INBOX, oldest first, as Maildir
    /// letters (`S`: seen, `T`: deleted…; keywords are lowercase letters).
    pub fn flags(&self, user: &str) -> Vec<String> {
        maildir(&self.path(&format!("mail/{user}/Maildir")))
            .iter()
            .map(|(n, _)| n.split_once(":2,").map(|(_, f)| f.to_owned()).unwrap_or_default())
            .collect()
    }

    /// Waits up to `timeout` until `user`'s INBOX holds at least `n` messages; all of them.
    pub fn wait_mailbox(&self, user: &str, n: usize, timeout: Duration) -> Vec<Vec<u8>> {
        let deadline = Instant::now() + timeout;
        loop {
            let messages = self.mailbox(user);
            if messages.len() >= n {
                return messages;
            }
            assert!(
                Instant::now() < deadline,
                "{user} has {} message(s) after {timeout:?}, expected {n}",
                messages.len()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Mailnet {
    fn drop(&mut self) {
        for child in [self.smtp.take(), self.dovecot.take()].into_iter().flatten() {
            let mut child = child;
            kill(&mut child);
        }
    }
}
