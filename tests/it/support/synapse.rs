//! A real Synapse homeserver for the tests, on a free loopback port, one per test,
//! stopped when dropped; and test users driven by matrix-sdk.
//!
//! `scripts/test` installs Synapse from PyPI (`matrix-synapse`) into a virtualenv under
//! `target/synapse-venv`; `KONBIT_SYNAPSE_PYTHON` may name another interpreter that has
//! it. The homeserver runs from a generated configuration: SQLite, no TLS, no
//! federation, registration only by shared secret (users are registered here), rate
//! limits lifted for the test users.
//!
//! Facts this relies on: `bcrypt_rounds` is lowered (a login costs 0.25 s otherwise);
//! Synapse answers `/_matrix/client/versions` about 1.5 s after it starts; a sync with a
//! saved token and nothing new long-polls its full timeout, so catch-up syncs use 0.

#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use matrix_sdk::config::SyncSettings;
use matrix_sdk::ruma::api::client::room::create_room::v3::{Request as CreateRoom, RoomPreset};
use matrix_sdk::ruma::events::InitialStateEvent;
use matrix_sdk::ruma::events::room::encryption::RoomEncryptionEventContent;
use matrix_sdk::ruma::events::room::member::{MembershipState, StrippedRoomMemberEvent};
use matrix_sdk::ruma::events::room::message::{MessageType, OriginalSyncRoomMessageEvent, RoomMessageEventContent};
use matrix_sdk::ruma::{OwnedRoomId, OwnedUserId, RoomId, UserId};
use matrix_sdk::{Client, Room};
use tokio::sync::mpsc;

/// The Python that has Synapse: `KONBIT_SYNAPSE_PYTHON`, else the virtualenv
/// `scripts/test` makes.
pub fn python() -> PathBuf {
    match std::env::var_os("KONBIT_SYNAPSE_PYTHON") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("target/synapse-venv/bin/python"),
    }
}

/// Whether [`python()`] can import Synapse.
fn installed() -> bool {
    Command::new(python())
        .args(["-c", "import synapse"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// For code that would rather skip than fail (a benchmark): whether Synapse is installed,
/// with a message when not; required (a panic) when `KONBIT_REQUIRE_MATRIX` is set.
///
/// The tests do not call this: each test that needs Synapse is marked
/// `#[ignore = "needs Synapse…"]`, so that libtest reports it as *ignored* where it does
/// not run rather than as passed. It runs when ignored tests are included (`cargo test
/// --test it matrix:: -- --include-ignored`, as `scripts/test` does), and then
/// [`Synapse::start`] fails it if Synapse is missing: a test never passes without having
/// run.
pub fn available() -> bool {
    let found = installed();
    if !found {
        assert!(
            std::env::var_os("KONBIT_REQUIRE_MATRIX").is_none(),
            "Synapse is required: {} cannot import it (scripts/test installs it)",
            python().display()
        );
        eprintln!("skipped: Synapse is not installed (scripts/test installs it)");
    }
    found
}

/// A running homeserver.
pub struct Synapse {
    pub dir: tempfile::TempDir,
    pub port: u16,
    pub server_name: String,
    shared_secret: String,
    child: Option<Child>,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// `n` random bytes from the kernel.
fn random_bytes(n: usize) -> Vec<u8> {
    use std::io::Read;
    let mut buf = vec![0u8; n];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buf))
        .expect("random bytes");
    buf
}

fn random_hex(n: usize) -> String {
    hex::encode(random_bytes(n))
}

/// Unpadded standard base64, as Synapse's signing key file wants it.
fn base64_unpadded(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD_NO_PAD.encode(bytes)
}

impl Synapse {
    /// Starts a homeserver; fails (panics) when Synapse is not installed.
    pub fn start() -> Synapse {
        assert!(
            installed(),
            "this test needs Synapse: {} cannot import it (scripts/test installs it into \
             target/synapse-venv; KONBIT_SYNAPSE_PYTHON names another interpreter)",
            python().display()
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        let server_name = "konbit.test".to_owned();
        let shared_secret = random_hex(16);
        let data = dir.path();
        let limit = "{per_second: 10000, burst_count: 10000}";
        let config = format!(
            r#"server_name: "{server_name}"
public_baseurl: "http://127.0.0.1:{port}/"
pid_file: "{data}/homeserver.pid"
listeners:
  - port: {port}
    bind_addresses: ["127.0.0.1"]
    type: http
    tls: false
    x_forwarded: false
    resources:
      - names: [client]
        compress: false
database:
  name: sqlite3
  args:
    database: "{data}/homeserver.db"
media_store_path: "{data}/media_store"
signing_key_path: "{data}/signing.key"
log_config: "{data}/log.yaml"
registration_shared_secret: "{shared_secret}"
macaroon_secret_key: "{macaroon}"
form_secret: "{form}"
enable_registration: false
bcrypt_rounds: 4
report_stats: false
enable_metrics: false
trusted_key_servers: []
suppress_key_server_warning: true
federation_domain_whitelist: []
enable_media_repo: false
url_preview_enabled: false
presence:
  enabled: false
rc_message: {limit}
rc_registration: {limit}
rc_login:
  address: {limit}
  account: {limit}
  failed_attempts: {limit}
rc_joins:
  local: {limit}
  remote: {limit}
rc_joins_per_room: {limit}
rc_invites:
  per_room: {limit}
  per_user: {limit}
  per_issuer: {limit}
rc_room_creation: {limit}
rc_key_requests: {limit}
rc_3pid_validation: {limit}
rc_admin_redaction: {limit}
rc_delayed_event_mgmt: {limit}
rc_reports: {limit}
rc_user_directory: {limit}
rc_profile: {limit}
rc_presence:
  per_user: {limit}
"#,
            data = data.display(),
            macaroon = random_hex(16),
            form = random_hex(16),
        );
        std::fs::write(data.join("homeserver.yaml"), config).expect("homeserver.yaml");
        let log = format!(
            "version: 1\nformatters:\n  f:\n    format: '%(asctime)s %(levelname)s %(name)s %(message)s'\n\
             handlers:\n  file:\n    class: logging.FileHandler\n    filename: {}/homeserver.log\n    formatter: f\n\
             root:\n  level: WARNING\n  handlers: [file]\ndisable_existing_loggers: false\n",
            data.display()
        );
        std::fs::write(data.join("log.yaml"), log).expect("log.yaml");
        let key = format!("ed25519 a_{} {}\n", &random_hex(2), base64_unpadded(&random_bytes(32)));
        std::fs::write(data.join("signing.key"), key).expect("signing.key");
        let mut hs = Synapse {
            port,
            server_name,
            shared_secret,
            child: None,
            dir,
        };
        hs.spawn();
        hs
    }

    fn spawn(&mut self) {
        let data = self.dir.path();
        let child = Command::new(python())
            .args(["-m", "synapse.app.homeserver", "-c"])
            .arg(data.join("homeserver.yaml"))
            .current_dir(data)
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(data.join("stdout.log")).expect("stdout.log"))
            .stderr(std::fs::File::create(data.join("stderr.log")).expect("stderr.log"))
            .spawn()
            .expect("start Synapse");
        self.child = Some(child);
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        loop {
            if http_get(self.port, "/_matrix/client/versions").is_some_and(|(code, _)| code == 200) {
                return;
            }
            if let Some(Ok(Some(status))) = self.child.as_mut().map(|c| c.try_wait()) {
                panic!("Synapse exited ({status}):\n{}", self.log());
            }
            assert!(
                std::time::Instant::now() < deadline,
                "Synapse did not answer within 60 s:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn log(&self) -> String {
        ["stderr.log", "homeserver.log"]
            .iter()
            .map(|f| std::fs::read_to_string(self.dir.path().join(f)).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn user_id(&self, name: &str) -> OwnedUserId {
        OwnedUserId::try_from(format!("@{name}:{}", self.server_name)).expect("user id")
    }

    /// Registers `name` with `password` through the shared-secret admin API.
    pub fn register(&self, name: &str, password: &str) {
        self.register_as(name, password, false);
    }

    /// Holds `user` to the homeserver's message rate limit: `per_second` messages a
    /// second after a burst of `burst` (the test users are otherwise unlimited). Its
    /// sends beyond that get `429 M_LIMIT_EXCEEDED` with a `retry_after_ms`.
    pub fn limit_messages(&self, user: &UserId, per_second: u32, burst: u32) {
        let admin = "synapse-admin";
        self.register_as(admin, "admin-pw", true);
        let token = self.access_token(admin, "admin-pw");
        let body = serde_json::json!({"messages_per_second": per_second, "burst_count": burst}).to_string();
        let path = format!("/_synapse/admin/v1/users/{user}/override_ratelimit");
        let request = format!(
            "POST {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let (code, answer) = http(self.port, &request).expect("override_ratelimit");
        assert_eq!(code, 200, "{answer}");
    }

    fn register_as(&self, name: &str, password: &str, admin: bool) {
        use hmac::{KeyInit, Mac};
        let (code, body) = http_get(self.port, "/_synapse/admin/v1/register").expect("nonce");
        assert_eq!(code, 200, "{body}");
        let nonce = serde_json::from_str::<serde_json::Value>(&body).expect("json")["nonce"]
            .as_str()
            .expect("nonce")
            .to_owned();
        let mut mac = hmac::Hmac::<sha1::Sha1>::new_from_slice(self.shared_secret.as_bytes()).expect("hmac key");
        let kind = if admin { "admin" } else { "notadmin" };
        mac.update(format!("{nonce}\0{name}\0{password}\0{kind}").as_bytes());
        let mac = hex::encode(mac.finalize().into_bytes());
        let request = serde_json::json!({
            "nonce": nonce, "username": name, "password": password, "admin": admin,
            "mac": mac, "inhibit_login": true,
        });
        let (code, body) = http_post(self.port, "/_synapse/admin/v1/register", &request.to_string()).expect("register");
        assert_eq!(code, 200, "registering {name}: {body}");
    }
}

impl Synapse {
    /// Logs `name` in over the client API: a new device, and its access token.
    pub fn access_token(&self, name: &str, password: &str) -> String {
        let request = serde_json::json!({
            "type": "m.login.password",
            "identifier": {"type": "m.id.user", "user": name},
            "password": password,
            "initial_device_display_name": "konbit (token)",
        });
        let (code, body) = http_post(self.port, "/_matrix/client/v3/login", &request.to_string()).expect("login");
        assert_eq!(code, 200, "{body}");
        serde_json::from_str::<serde_json::Value>(&body).expect("json")["access_token"]
            .as_str()
            .expect("access_token")
            .to_owned()
    }
}

impl Drop for Synapse {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// A bare HTTP/1.0 exchange (no chunked answers) on loopback (the harness needs no more than this).
fn http(port: u16, request: &str) -> Option<(u16, String)> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    s.write_all(request.as_bytes()).ok()?;
    let mut out = Vec::new();
    s.read_to_end(&mut out).ok()?;
    let text = String::from_utf8_lossy(&out).into_owned();
    let code = text.split_whitespace().nth(1)?.parse().ok()?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Some((code, body))
}

fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    http(
        port,
        &format!("GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
    )
}

fn http_post(port: u16, path: &str, json: &str) -> Option<(u16, String)> {
    http(
        port,
        &format!(
            "POST {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{json}",
            json.len()
        ),
    )
}

/// A message a test user received (decrypted when the room is encrypted).
#[derive(Debug, Clone)]
pub struct Received {
    pub room: OwnedRoomId,
    pub sender: OwnedUserId,
    pub body: String,
    pub html: Option<String>,
    pub mentions: Vec<OwnedUserId>,
    /// Sent as `m.notice` (what bots send), not `m.text`.
    pub notice: bool,
    /// The homeserver's timestamp, in milliseconds.
    pub at: u64,
}

/// A person on the homeserver, with their own matrix-sdk client and store. Invitations
/// are accepted; everything received is kept for `expect`.
pub struct User {
    pub client: Client,
    pub id: OwnedUserId,
    received: mpsc::UnboundedReceiver<Received>,
    seen: Vec<Received>,
    sync: tokio::task::JoinHandle<()>,
    /// Whether invitations are accepted as they come.
    accept: Arc<AtomicBool>,
}

impl Drop for User {
    fn drop(&mut self) {
        self.sync.abort();
    }
}

impl User {
    /// Registers `name` (password `NAME-pw`) and logs in.
    pub async fn new(hs: &Synapse, name: &str) -> User {
        hs.register(name, &format!("{name}-pw"));
        User::login(hs, name).await
    }

    pub async fn login(hs: &Synapse, name: &str) -> User {
        let store = hs.dir.path().join("clients").join(name);
        let client = Client::builder()
            .homeserver_url(hs.url())
            .sqlite_store(&store, None)
            .build()
            .await
            .expect("client");
        client
            .matrix_auth()
            .login_username(name, &format!("{name}-pw"))
            .send()
            .await
            .expect("login");
        client.encryption().wait_for_e2ee_initialization_tasks().await;
        client
            .sync_once(SyncSettings::default().timeout(Duration::ZERO))
            .await
            .expect("first sync");
        let (tx, received) = mpsc::unbounded_channel();
        client.add_event_handler(move |ev: OriginalSyncRoomMessageEvent, room: Room| {
            let tx = tx.clone();
            async move {
                let (body, html, notice) = match &ev.content.msgtype {
                    MessageType::Text(t) => (t.body.clone(), t.formatted.as_ref().map(|f| f.body.clone()), false),
                    MessageType::Notice(t) => (t.body.clone(), t.formatted.as_ref().map(|f| f.body.clone()), true),
                    _ => return,
                };
                let mentions = ev
                    .content
                    .mentions
                    .as_ref()
                    .map(|m| m.user_ids.iter().cloned().collect())
                    .unwrap_or_default();
                let _ = tx.send(Received {
                    room: room.room_id().to_owned(),
                    sender: ev.sender,
                    body,
                    html,
                    mentions,
                    notice,
                    at: u64::from(ev.origin_server_ts.get()),
                });
            }
        });
        let me = client.user_id().expect("user id").to_owned();
        let accept = Arc::new(AtomicBool::new(true));
        let accepting = accept.clone();
        client.add_event_handler(move |ev: StrippedRoomMemberEvent, room: Room| {
            let me = me.clone();
            let accepting = accepting.load(Ordering::SeqCst);
            async move {
                if accepting && ev.state_key == me && ev.content.membership == MembershipState::Invite {
                    // Joined from a task: the handler runs inside the sync.
                    tokio::spawn(async move {
                        let _ = room.join().await;
                    });
                }
            }
        });
        let sync_client = client.clone();
        let sync = tokio::spawn(async move {
            loop {
                if sync_client
                    .sync_once(SyncSettings::default().timeout(Duration::from_secs(30)))
                    .await
                    .is_err()
                {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        });
        let id = client.user_id().expect("user id").to_owned();
        User {
            client,
            id,
            received,
            seen: Vec::new(),
            sync,
            accept,
        }
    }

    /// From now on invitations stay pending (the user is invited, not joined).
    pub fn hold_invitations(&self) {
        self.accept.store(false, Ordering::SeqCst);
    }

    /// Creates a private room (encrypted or not) and invites `invite`.
    pub async fn create_room(&self, encrypted: bool, invite: &[&UserId]) -> OwnedRoomId {
        let mut request = CreateRoom::new();
        request.preset = Some(RoomPreset::PrivateChat);
        request.invite = invite.iter().map(|u| (*u).to_owned()).collect();
        if encrypted {
            request.initial_state = vec![
                InitialStateEvent::with_empty_state_key(RoomEncryptionEventContent::with_recommended_defaults())
                    .to_raw_any(),
            ];
        }
        self.client
            .create_room(request)
            .await
            .expect("create room")
            .room_id()
            .to_owned()
    }

    pub async fn join(&self, room: &RoomId) {
        self.client.join_room_by_id(room).await.expect("join");
    }

    /// Waits until `user`'s membership of `room` is `state`, as this user's client sees
    /// it; `false` if it never is within 30 s.
    pub async fn wait_membership(&self, room: &RoomId, user: &UserId, state: MembershipState) -> bool {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(r) = self.client.get_room(room)
                && let Ok(Some(m)) = r.get_member_no_sync(user).await
                && *m.membership() == state
            {
                return true;
            }
            if tokio::time::Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn say(&self, room: &RoomId, text: &str) {
        let r = self.client.get_room(room).expect("a room of this user");
        r.send(RoomMessageEventContent::text_plain(text)).await.expect("send");
    }

    /// The next message from `from` that satisfies `pred` (others are kept in `seen`).
    pub async fn expect(&mut self, from: &UserId, pred: impl Fn(&Received) -> bool) -> Received {
        self.expect_within(Duration::from_secs(45), from, pred).await
    }

    /// `expect`, for a message that may take up to `wait` to come (something due).
    pub async fn expect_within(&mut self, wait: Duration, from: &UserId, pred: impl Fn(&Received) -> bool) -> Received {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            match tokio::time::timeout_at(deadline, self.received.recv()).await {
                Ok(Some(m)) => {
                    self.seen.push(m.clone());
                    if m.sender == from && pred(&m) {
                        return m;
                    }
                }
                _ => panic!(
                    "{} never received the expected message from {from}; seen:\n{:#?}",
                    self.id, self.seen
                ),
            }
        }
    }

    /// The whole history of `room` as this user's homeserver keeps it, oldest first
    /// (read back with `/messages`, decrypted): what was really said there, whatever
    /// this user's own syncs skipped.
    pub async fn history(&self, room: &RoomId) -> Vec<Received> {
        use matrix_sdk::room::MessagesOptions;
        use matrix_sdk::ruma::events::{AnySyncMessageLikeEvent, AnySyncTimelineEvent, SyncMessageLikeEvent};
        let r = self.client.get_room(room).expect("a room of this user");
        let mut out = Vec::new();
        let mut from: Option<String> = None;
        loop {
            let mut options = MessagesOptions::backward().from(from.as_deref());
            options.limit = 100u32.into();
            let page = r.messages(options).await.expect("read the room's history");
            for event in &page.chunk {
                let Ok(AnySyncTimelineEvent::MessageLike(AnySyncMessageLikeEvent::RoomMessage(
                    SyncMessageLikeEvent::Original(ev),
                ))) = event.raw().deserialize()
                else {
                    continue;
                };
                let (body, html, notice) = match &ev.content.msgtype {
                    MessageType::Text(t) => (t.body.clone(), t.formatted.as_ref().map(|f| f.body.clone()), false),
                    MessageType::Notice(t) => (t.body.clone(), t.formatted.as_ref().map(|f| f.body.clone()), true),
                    _ => continue,
                };
                out.push(Received {
                    room: room.to_owned(),
                    sender: ev.sender.clone(),
                    body,
                    html,
                    mentions: Vec::new(),
                    notice,
                    at: u64::from(ev.origin_server_ts.get()),
                });
            }
            match page.end {
                Some(end) if !page.chunk.is_empty() => from = Some(end),
                _ => break,
            }
        }
        out.reverse();
        out
    }

    /// Everything received so far (after waiting `settle` for stragglers).
    pub async fn received_after(&mut self, settle: Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + settle;
        while let Ok(Some(m)) = tokio::time::timeout_at(deadline, self.received.recv()).await {
            self.seen.push(m);
        }
        self.seen.clone()
    }
}

/// A loopback TCP proxy in front of the homeserver, for the bot only, that can make the
/// homeserver unreachable at a precise moment: once armed, the first response carrying
/// `marker` (a sync delivering a command) is passed on, then every connection is cut
/// and new ones are refused for `outage` — so that the bot's answer to that command
/// meets an unreachable homeserver.
pub struct Flaky {
    pub port: u16,
    shared: Arc<FlakyState>,
    accept: tokio::task::JoinHandle<()>,
}

#[derive(Default)]
struct FlakyState {
    marker: std::sync::Mutex<Option<(Vec<u8>, Duration)>>,
    down_until: std::sync::Mutex<Option<tokio::time::Instant>>,
    conns: std::sync::Mutex<Vec<(u64, tokio::task::AbortHandle)>>,
    /// How many outages happened.
    outages: std::sync::atomic::AtomicUsize,
}

impl FlakyState {
    fn down(&self) -> bool {
        self.down_until
            .lock()
            .expect("lock")
            .is_some_and(|t| tokio::time::Instant::now() < t)
    }

    fn cut(&self, except: u64) {
        for (id, h) in self.conns.lock().expect("lock").iter() {
            if *id != except {
                h.abort();
            }
        }
    }
}

impl Drop for Flaky {
    fn drop(&mut self) {
        self.accept.abort();
        self.shared.cut(u64::MAX);
    }
}

impl Flaky {
    pub async fn start(target: u16) -> Flaky {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let shared = Arc::new(FlakyState::default());
        let state = shared.clone();
        let accept = tokio::spawn(async move {
            let mut next_id = 0u64;
            while let Ok((client, _)) = listener.accept().await {
                if state.down() {
                    drop(client);
                    continue;
                }
                let Ok(server) = tokio::net::TcpStream::connect(("127.0.0.1", target)).await else {
                    continue;
                };
                next_id += 1;
                let id = next_id;
                let conn_state = state.clone();
                let task = tokio::spawn(async move { pipe(id, client, server, conn_state).await });
                state.conns.lock().expect("lock").push((id, task.abort_handle()));
            }
        });
        Flaky { port, shared, accept }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The next response containing `marker` starts an outage of `outage`.
    pub fn arm(&self, marker: &str, outage: Duration) {
        *self.shared.marker.lock().expect("lock") = Some((marker.as_bytes().to_vec(), outage));
    }

    pub fn outages(&self) -> usize {
        self.shared.outages.load(Ordering::SeqCst)
    }
}

/// Both directions of one connection; after the marker went through it, the client's
/// next request on it is not passed on (the connection is cut).
async fn pipe(id: u64, client: tokio::net::TcpStream, server: tokio::net::TcpStream, state: Arc<FlakyState>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (mut cr, mut cw) = client.into_split();
    let (mut sr, mut sw) = server.into_split();
    let marked = Arc::new(AtomicBool::new(false));
    let up_marked = marked.clone();
    let up = async move {
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            let n = match cr.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => n,
            };
            if up_marked.load(Ordering::SeqCst) {
                return;
            }
            if sw.write_all(&buf[..n]).await.is_err() {
                return;
            }
        }
    };
    let down = async move {
        let mut buf = vec![0u8; 16 * 1024];
        let mut tail: Vec<u8> = Vec::new();
        loop {
            let n = match sr.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => n,
            };
            if cw.write_all(&buf[..n]).await.is_err() {
                return;
            }
            let armed = state.marker.lock().expect("lock").clone();

            if let Some((marker, outage)) = armed {
                tail.extend_from_slice(&buf[..n]);
                if tail.windows(marker.len()).any(|w| w == marker.as_slice()) {
                    *state.marker.lock().expect("lock") = None;
                    *state.down_until.lock().expect("lock") = Some(tokio::time::Instant::now() + outage);
                    state.outages.fetch_add(1, Ordering::SeqCst);
                    marked.store(true, Ordering::SeqCst);
                    state.cut(id);
                }
                let keep = tail.len().saturating_sub(marker.len());
                tail.drain(..keep);
            }
        }
    };
    tokio::select! {
        () = up => {}
        () = down => {}
    }
}
