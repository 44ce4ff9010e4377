//! A real IRC network for the tests: InspIRCd 3 and Atheme services (NickServ accounts,
//! SASL), started from generated configuration on free loopback ports, one network per
//! test, stopped when dropped. `scripts/test` installs both (Debian packages `inspircd`
//! and `atheme-services`).
//!
//! Facts this relies on: InspIRCd needs `services_account` and `deaf` for Atheme to link;
//! it refuses to run as root without `--runasroot`; it completes a registration only on
//! its once-a-second tick; its default read buffer slows big bursts (`netbuffersize`).

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct IrcNet {
    pub dir: tempfile::TempDir,
    /// Client port with the stock flood limits.
    pub port: u16,
    /// Client port whose connect class lifts the flood limits (load tests).
    pub load_port: u16,
    /// Client port with TLS, its certificate for `localhost` in `cert_file`.
    pub tls_port: u16,
    link_port: u16,
    inspircd: Option<Child>,
    atheme: Option<Child>,
}

/// Whether InspIRCd and Atheme are installed where the tests look for them.
fn installed() -> bool {
    Path::new("/usr/sbin/inspircd").exists() && Path::new("/usr/bin/atheme-services").exists()
}

/// For code that would rather skip than fail (the IRC benchmarks): whether the servers are
/// installed, with a message when not; required (a panic) when `KONBIT_REQUIRE_IRC` is set.
///
/// The tests do not call this: each test that needs the servers is marked
/// `#[ignore = "needs InspIRCd and Atheme…"]`, so that libtest reports it as *ignored*
/// where it does not run rather than as passed. It runs when ignored tests are included
/// (`cargo test --test it irc:: -- --include-ignored`, as `scripts/test` does), and then
/// [`IrcNet::start`] fails it if the servers are missing: a test never passes without
/// having run.
pub fn available() -> bool {
    let found = installed();
    if !found {
        assert!(
            std::env::var_os("KONBIT_REQUIRE_IRC").is_none(),
            "inspircd and atheme-services are required (scripts/test installs them)"
        );
        eprintln!("skipped: inspircd and atheme-services are not installed (scripts/test installs them)");
    }
    found
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

impl IrcNet {
    /// Starts a network; fails (panics) when InspIRCd or Atheme is not installed.
    pub fn start() -> IrcNet {
        assert!(
            installed(),
            "this test needs InspIRCd and Atheme (/usr/sbin/inspircd, /usr/bin/atheme-services): \
             install them (Debian packages inspircd, atheme-services; scripts/test does)"
        );
        for _ in 0..5 {
            let dir = tempfile::tempdir().expect("temp dir");
            for sub in ["data", "logs", "run"] {
                std::fs::create_dir_all(dir.path().join(sub)).expect("dirs");
            }
            let mut net = IrcNet {
                dir,
                port: free_port(),
                load_port: free_port(),
                tls_port: free_port(),
                link_port: free_port(),
                inspircd: None,
                atheme: None,
            };
            net.make_certificate();
            net.write_configs();
            net.start_inspircd();
            net.start_atheme();
            if net.wait_ready(Duration::from_secs(20)) {
                return net;
            }
            eprintln!("IRC network not ready, retrying with other ports");
        }
        panic!("the IRC test network did not start");
    }

    fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }

    /// The TLS listener's self-signed certificate (PEM), to trust in a client.
    pub fn cert_file(&self) -> PathBuf {
        self.path("cert.pem")
    }

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
            .args([
                "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-addext",
                "basicConstraints=critical,CA:FALSE",
            ])
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

    fn start_inspircd(&mut self) {
        let mut cmd = Command::new("inspircd");
        cmd.arg("--config").arg(self.path("inspircd.conf")).arg("--nofork");
        if is_root() {
            cmd.arg("--runasroot");
        }
        self.inspircd = Some(
            cmd.stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start inspircd"),
        );
    }

    fn start_atheme(&mut self) {
        self.atheme = Some(
            Command::new("atheme-services")
                .args(["-n", "-c"])
                .arg(self.path("atheme.conf"))
                .arg("-D")
                .arg(self.path("data"))
                .arg("-l")
                .arg(self.path("logs/atheme.log"))
                .arg("-p")
                .arg(self.path("run/atheme.pid"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start atheme-services"),
        );
    }

    /// Stops the services (NickServ, SASL) until [`IrcNet::start_services`]; waits until
    /// the server no longer offers SASL.
    pub fn stop_services(&mut self) {
        if let Some(mut c) = self.atheme.take() {
            // SIGTERM: Atheme writes its database (the accounts) before it exits.
            let _ = Command::new("kill").arg("-TERM").arg(c.id().to_string()).status();
            let _ = c.wait();
        }
        // Generous: on a loaded machine the server takes a while to see the link go.
        let deadline = Instant::now() + Duration::from_secs(90);
        while self.sasl_offered() {
            assert!(Instant::now() < deadline, "SASL still offered without services");
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    /// Starts the services again and waits until SASL is offered.
    pub fn start_services(&mut self) {
        self.start_atheme();
        // Generous: on a loaded machine Atheme takes a while to start and link.
        let deadline = Instant::now() + Duration::from_secs(90);
        while !self.sasl_offered() {
            assert!(Instant::now() < deadline, "services did not link again");
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    /// Kills the IRC server (services stay up and reconnect).
    pub fn kill_server(&mut self) {
        if let Some(mut c) = self.inspircd.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Starts the IRC server again on the same ports and waits until services linked.
    pub fn restart_server(&mut self) {
        let log = self.path("logs/atheme.log");
        let before = std::fs::read_to_string(&log)
            .map(|s| s.matches("finished synching with uplink").count())
            .unwrap_or(0);
        self.start_inspircd();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            let now = std::fs::read_to_string(&log)
                .map(|s| s.matches("finished synching with uplink").count())
                .unwrap_or(0);
            if now > before && self.sasl_offered() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the IRC server did not come back");
    }

    fn wait_ready(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            let synced = std::fs::read_to_string(self.path("logs/atheme.log"))
                .map(|s| s.contains("finished synching with uplink"))
                .unwrap_or(false);
            if synced && self.sasl_offered() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }

    /// The client port answers CAP LS with `sasl` (only offered once services linked).
    fn sasl_offered(&self) -> bool {
        let Ok(mut s) = TcpStream::connect(("127.0.0.1", self.port)) else {
            return false;
        };
        let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
        if s.write_all(b"CAP LS 302\r\n").is_err() {
            return false;
        }
        let mut reader = BufReader::new(s);
        let mut line = String::new();
        for _ in 0..20 {
            line.clear();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return false;
            }
            if line.contains(" CAP ") && line.contains(" LS ") {
                return line.contains("sasl");
            }
        }
        false
    }

    fn write_configs(&self) {
        let dir = self.dir.path().display();
        let (port, load, link, tls) = (self.port, self.load_port, self.link_port, self.tls_port);
        std::fs::write(self.path("motd.txt"), "konbit test network\n").expect("motd");
        let inspircd = format!(
            r#"<server name="irc.test" description="konbit test" id="1TS" network="TestNet">
<admin name="Test" nick="admin" email="admin@irc.test">
<path configdir="{dir}" datadir="{dir}/data" logdir="{dir}/logs" runtimedir="{dir}/run">
<pid file="{dir}/run/inspircd.pid">
<log method="file" type="* -USERINPUT -USEROUTPUT" level="default" target="{dir}/logs/inspircd.log">
<files motd="{dir}/motd.txt">
<bind address="127.0.0.1" port="{port}" type="clients">
<bind address="127.0.0.1" port="{load}" type="clients">
<bind address="127.0.0.1" port="{link}" type="servers">
<module name="ssl_gnutls">
<sslprofile name="tls" provider="gnutls" certfile="{dir}/cert.pem" keyfile="{dir}/key.pem" hash="sha256" requestclientcert="no">
<bind address="127.0.0.1" port="{tls}" type="clients" sslprofile="tls">
<dns server="127.0.0.1" timeout="1">
<connect name="loadtest" allow="127.0.0.1" port="{load}" maxchans="1000" timeout="60" pingfreq="10m"
         hardsendq="64M" softsendq="64M" recvq="64M" threshold="1000000" commandrate="1000000000"
         fakelag="no" localmax="100000" globalmax="100000" maxconnwarn="no" resolvehostnames="no"
         useident="no" limit="100000">
<connect name="main" allow="*" maxchans="50" timeout="30" pingfreq="2m" hardsendq="1M" softsendq="10240"
         recvq="10K" threshold="10" commandrate="1000" fakelag="yes" localmax="1000" globalmax="1000"
         maxconnwarn="no" resolvehostnames="no" useident="no" limit="5000">
<performance netbuffersize="65000" clonesonconnect="no" quietbursts="yes" softlimit="10000" somaxconn="128">
<options prefixquit="Quit: " syntaxhints="no" announcets="yes" hostintopic="yes" pingwarning="15" splitwhois="no">
<security hideserver="" userstats="Pu" customversion="" flatlinks="no" hidesplits="no" hideulines="no" hidebans="no" maxtargets="20" announceinvites="dynamic">
<limits maxnick="30" maxchan="64" maxmodes="20" maxident="11" maxhost="64" maxquit="255" maxtopic="307" maxkick="255" maxreal="128" maxaway="200" maxline="512">
<module name="spanningtree">
<module name="services_account">
<module name="svshold">
<module name="chghost">
<module name="cban">
<module name="hidechans">
<module name="servprotect">
<module name="deaf">
<module name="cap">
<module name="sasl">
<sasl target="services.test" requiressl="no">
<module name="ircv3">
<ircv3 accountnotify="yes" awaynotify="yes" extendedjoin="yes">
<module name="ircv3_accounttag">
<module name="ircv3_servertime">
<module name="ircv3_ctctags">
<module name="ircv3_msgid">
<module name="ircv3_batch">
<module name="ircv3_capnotify">
<link name="services.test" ipaddr="127.0.0.1" port="{link}" allowmask="127.0.0.1/32" timeout="30"
      hidden="no" statshidden="no" sendpass="to-services" recvpass="from-services">
<uline server="services.test" silent="yes">
"#
        );
        std::fs::write(self.path("inspircd.conf"), inspircd).expect("inspircd.conf");
        let atheme = format!(
            r#"loadmodule "modules/protocol/inspircd";
loadmodule "modules/backend/opensex";
loadmodule "modules/crypto/pbkdf2v2";
loadmodule "modules/nickserv/main";
loadmodule "modules/nickserv/register";
loadmodule "modules/nickserv/identify";
loadmodule "modules/nickserv/logout";
loadmodule "modules/nickserv/ghost";
loadmodule "modules/chanserv/main";
loadmodule "modules/saslserv/main";
loadmodule "modules/saslserv/plain";
pbkdf2v2 {{ digest = "SHA256"; rounds = 10000; }};
serverinfo {{
    name = "services.test"; desc = "Atheme"; numeric = "0SV"; recontime = 1; netname = "TestNet";
    hidehostsuffix = "users.test"; adminname = "Test"; adminemail = "admin@irc.test";
    registeremail = "noreply@irc.test"; loglevel = {{ error; info; admin; network; register; }};
    maxlogins = 1000; maxusers = 0; mdlimit = 30; emaillimit = 10; emailtime = 300; auth = none;
    casemapping = rfc1459;
}};
uplink "irc.test" {{ host = "127.0.0.1"; port = {link}; send_password = "from-services"; receive_password = "to-services"; }};
nickserv {{ nick = "NickServ"; user = "NickServ"; host = "services.test"; real = "Nickname Services"; maxnicks = 5; expire = 0; }};
chanserv {{ nick = "ChanServ"; user = "ChanServ"; host = "services.test"; real = "Channel Services"; maxchans = 100; expire = 0; }};
saslserv {{ nick = "SaslServ"; user = "SaslServ"; host = "services.test"; real = "SASL"; }};
general {{
    flood_msgs = 0; flood_time = 10; ratelimit_uses = 1000000; ratelimit_period = 1; kline_time = 7;
    commit_interval = 5; default_clone_allowed = 1000; default_clone_warn = 1000;
    uplink_sendq_limit = 10485760; language = "en"; immune_level = immune;
}};
operclass "user" {{ }};
"#
        );
        std::fs::write(self.path("atheme.conf"), atheme).expect("atheme.conf");
    }
}

impl Drop for IrcNet {
    fn drop(&mut self) {
        for child in [self.atheme.take(), self.inspircd.take()].into_iter().flatten() {
            let mut child = child;
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A raw IRC client for tests, line by line over TCP.
pub struct Client {
    pub nick: String,
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    /// Every line read so far.
    pub seen: Vec<String>,
}

impl Client {
    /// Connects and registers; with `sasl`, logs into that account (`password`).
    pub fn connect(port: u16, nick: &str, sasl: Option<(&str, &str)>) -> Client {
        let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
        let writer = stream.try_clone().expect("clone");
        let mut c = Client {
            nick: nick.to_owned(),
            reader: BufReader::new(stream),
            writer,
            seen: Vec::new(),
        };
        c.send("CAP LS 302");
        c.send(&format!("NICK {nick}"));
        c.send(&format!("USER {nick} 0 * :{nick}"));
        c.expect(|l| l.contains(" CAP ") && l.contains(" LS "));
        if let Some((account, password)) = sasl {
            c.send("CAP REQ :sasl");
            c.expect(|l| l.contains(" ACK "));
            c.send("AUTHENTICATE PLAIN");
            c.expect(|l| l.starts_with("AUTHENTICATE +") || l.starts_with("AUTHENTICATE :+"));
            c.send(&format!(
                "AUTHENTICATE {}",
                base64(&format!("{account}\0{account}\0{password}"))
            ));
            c.expect(|l| l.contains(" 903 "));
        }
        c.send("CAP END");
        c.expect(|l| l.contains(" 001 "));
        c
    }

    /// Registers `nick` as a NickServ account with `password` (logged in at once).
    pub fn register(port: u16, nick: &str, password: &str) {
        let mut c = Client::connect(port, nick, None);
        c.send(&format!("PRIVMSG NickServ :REGISTER {password} {nick}@example.org"));
        c.expect(|l| l.contains(" 900 "));
        c.send("QUIT :registered");
    }

    /// The reading and writing halves, for clients that pipeline.
    pub fn into_parts(self) -> (BufReader<TcpStream>, TcpStream) {
        (self.reader, self.writer)
    }

    pub fn send(&mut self, line: &str) {
        self.writer.write_all(format!("{line}\r\n").as_bytes()).expect("send");
    }

    pub fn join(&mut self, channel: &str) {
        self.send(&format!("JOIN {channel}"));
        let me = format!(":{}!", self.nick);
        self.expect(|l| l.starts_with(&me) && l.contains(" JOIN "));
        self.expect(|l| l.contains(" 366 "));
    }

    pub fn say(&mut self, target: &str, text: &str) {
        self.send(&format!("PRIVMSG {target} :{text}"));
    }

    /// Quits with `reason` and waits until the server closed the link (its `ERROR` line,
    /// or the end of the stream): the nick is free again.
    pub fn quit(mut self, reason: &str) {
        self.send(&format!("QUIT :{reason}"));
        loop {
            let mut line = String::new();
            match self.reader.read_line(&mut line) {
                Ok(0) => return,
                Ok(_) if line.starts_with("ERROR ") => return,
                Ok(_) => {}
                Err(e) => panic!("{}: {e} while quitting; seen:\n{}", self.nick, self.seen.join("\n")),
            }
        }
    }

    /// Reads until a line matches (answering PINGs), or panics after the read timeout.
    pub fn expect(&mut self, pred: impl Fn(&str) -> bool) -> String {
        loop {
            let mut line = String::new();
            match self.reader.read_line(&mut line) {
                Ok(0) => panic!("{}: connection closed; seen:\n{}", self.nick, self.seen.join("\n")),
                Ok(_) => {}
                Err(e) => panic!("{}: {e}; seen:\n{}", self.nick, self.seen.join("\n")),
            }
            let line = line.trim_end().to_owned();
            if let Some(rest) = line.strip_prefix("PING ") {
                self.send(&format!("PONG {rest}"));
            }
            self.seen.push(line.clone());
            if pred(&line) {
                return line;
            }
        }
    }

    /// Asks `bot` privately for its projects until it answers: it may still be
    /// connecting, and the server says so (401) meanwhile.
    pub fn wait_until_answered_by(&mut self, bot: &str) {
        let from = format!(":{bot}!");
        loop {
            self.say(bot, "!projects");
            let line = self.expect(|l| l.contains(" 401 ") || (l.contains(&from) && l.contains(" PRIVMSG ")));
            if !line.contains(" 401 ") {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// The text of the next PRIVMSG from `from` (a nick) matching `pred`.
    pub fn expect_from(&mut self, from: &str, pred: impl Fn(&str) -> bool) -> String {
        let prefix = format!(":{from}!");
        let line = self.expect(|l| {
            let body = l
                .split_once(' ')
                .filter(|_| l.starts_with('@'))
                .map_or(l, |(_, rest)| rest);
            body.starts_with(&prefix)
                && body.contains(" PRIVMSG ")
                && body.split_once(" :").is_some_and(|(_, t)| pred(t))
        });
        line.split_once(" PRIVMSG ")
            .and_then(|(_, r)| r.split_once(" :"))
            .map(|(_, t)| t.to_owned())
            .unwrap_or_default()
    }
}

fn base64(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(s)
}
