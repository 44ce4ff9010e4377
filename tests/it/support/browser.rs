//! A real headless Chromium for the browser tests, driven over WebDriver from Rust.
//!
//! [`Browser::start`] runs Debian's `chromedriver` on a free loopback port and opens a
//! session of `/usr/bin/chromium`: headless, with a fresh profile, and with everything that
//! would reach beyond this machine turned off (background networking, updates, sync,
//! QUIC). Phone-sized or desktop windows ([`Window`]). Helpers open a URL, read the text a
//! person sees (the whole page or one element) and save a full-page screenshot to
//! `target/screenshots/<name>.png` for review. Dropping it ends the session, then stops
//! chromedriver and the browser.
//!
//! The calls block (the harness runs its own Tokio runtime): use it from plain `#[test]`
//! functions, marked `#[ignore = "needs Chromium and chromedriver: scripts/test installs
//! them"]` (`scripts/test` installs them and runs ignored tests too).
//! [`Page`] serves a fixed page on loopback, to test the harness itself.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The window a page is looked at in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// 390 × 844 CSS pixels, a current phone held upright.
    Phone,
    /// 1280 × 900.
    Desktop,
}

impl Window {
    pub fn size(self) -> (u32, u32) {
        match self {
            Window::Phone => (390, 844),
            Window::Desktop => (1280, 900),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Window::Phone => "phone",
            Window::Desktop => "desktop",
        }
    }
}

/// A free TCP port on loopback (bound, then released for the child to take).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// A headless Chromium session and its chromedriver.
pub struct Browser {
    runtime: tokio::runtime::Runtime,
    client: Option<Client>,
    driver: Child,
    window: Window,
    /// The browser profile and chromedriver's log.
    dir: tempfile::TempDir,
}

impl Browser {
    /// A browser whose requests ask for English pages.
    pub fn start(window: Window) -> Browser {
        Browser::start_with(window, "en-CA,en")
    }

    /// A browser that sends `accept_language` (`fr-CA,fr`) with its requests.
    pub fn start_with(window: Window, accept_language: &str) -> Browser {
        for binary in [CHROMIUM, CHROMEDRIVER] {
            assert!(
                std::path::Path::new(binary).exists(),
                "{binary} is missing: scripts/test installs Debian's chromium and chromium-driver"
            );
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        let log = dir.path().join("chromedriver.log");
        let mut driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline || matches!(driver.try_wait(), Ok(Some(_))) {
                let _ = driver.kill();
                panic!(
                    "chromedriver did not listen on port {port}: {}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let (w, h) = window.size();
        let profile = dir.path().join("profile");
        let lang = accept_language.split(',').next().unwrap_or("en");
        let args = vec![
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            // This machine's network is closed: nothing may try to go out.
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--disable-default-apps".to_owned(),
            "--hide-scrollbars".to_owned(),
            format!("--user-data-dir={}", profile.display()),
            // Chromium's windows are at least 500 px wide: a phone's is emulated below.
            format!("--window-size={},{h}", w.max(500)),
            format!("--lang={lang}"),
        ];
        let mut options = serde_json::json!({
            "binary": CHROMIUM,
            "args": args,
            "prefs": { "intl.accept_languages": accept_language },
        });
        if window == Window::Phone {
            // A phone's viewport: the page's `<meta name=viewport>` is honoured as on a phone.
            options["mobileEmulation"] = serde_json::json!({
                "deviceMetrics": { "width": w, "height": h, "pixelRatio": 1, "mobile": true, "touch": true },
            });
        }
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "chrome".into());
        caps.insert("goog:chromeOptions".into(), options);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a Tokio runtime");
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = runtime.block_on(async {
            ClientBuilder::new(connector)
                .capabilities(caps)
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
        });
        let client = match client {
            Ok(c) => c,
            Err(e) => {
                let _ = driver.kill();
                let _ = driver.wait();
                panic!(
                    "no Chromium session: {e}\n{}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
            }
        };
        Browser {
            runtime,
            client: Some(client),
            driver,
            window,
            dir,
        }
    }

    fn client(&self) -> &Client {
        self.client.as_ref().expect("session open until drop")
    }

    pub fn window(&self) -> Window {
        self.window
    }

    /// Loads `url` and waits until it is loaded.
    pub fn open(&self, url: &str) {
        self.runtime
            .block_on(self.client().goto(url))
            .unwrap_or_else(|e| panic!("open {url}: {e}"));
    }

    /// The URL the browser shows now (after redirections).
    pub fn url(&self) -> String {
        self.runtime
            .block_on(self.client().current_url())
            .expect("current URL")
            .to_string()
    }

    /// The page's title.
    pub fn title(&self) -> String {
        self.runtime.block_on(self.client().title()).expect("title")
    }

    /// The text a person sees on the page (hidden elements left out), as rendered.
    pub fn text(&self) -> String {
        self.element_text("body")
    }

    /// The visible text of the first element matching the CSS selector; panics, naming
    /// it, when there is none.
    pub fn element_text(&self, css: &str) -> String {
        self.runtime.block_on(async {
            let e = self
                .client()
                .find(Locator::Css(css))
                .await
                .unwrap_or_else(|e| panic!("no element {css}: {e}"));
            e.text().await.unwrap_or_else(|e| panic!("text of {css}: {e}"))
        })
    }

    /// How many elements match the CSS selector.
    pub fn count(&self, css: &str) -> usize {
        self.runtime
            .block_on(self.client().find_all(Locator::Css(css)))
            .map(|v| v.len())
            .unwrap_or_else(|e| panic!("find {css}: {e}"))
    }

    /// The value of an attribute of the first element matching the CSS selector.
    pub fn attribute(&self, css: &str, name: &str) -> Option<String> {
        self.runtime.block_on(async {
            let e = self
                .client()
                .find(Locator::Css(css))
                .await
                .unwrap_or_else(|e| panic!("no element {css}: {e}"));
            e.attr(name).await.unwrap_or_else(|e| panic!("{name} of {css}: {e}"))
        })
    }

    /// Runs a script in the page and returns its JSON result (for checks such as layout
    /// width; the pages themselves need no JavaScript).
    pub fn script(&self, js: &str) -> serde_json::Value {
        self.runtime
            .block_on(self.client().execute(js, vec![]))
            .unwrap_or_else(|e| panic!("script {js}: {e}"))
    }

    /// Saves the whole page, beyond the first screen, as `target/screenshots/<name>.png`
    /// and returns the path.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("target")
            .join("screenshots");
        std::fs::create_dir_all(&dir).expect("target/screenshots");
        let path = dir.join(format!("{name}.png"));
        let (w, h) = self.window.size();
        let png = self.runtime.block_on(async {
            let client = self.client();
            let height = client
                .execute("return Math.ceil(document.documentElement.scrollHeight)", vec![])
                .await
                .ok()
                .and_then(|v| v.as_u64())
                .unwrap_or(u64::from(h))
                .clamp(u64::from(h), 16_000);
            // WebDriver's screenshot is the viewport only: Chromium's own command takes
            // the whole page.
            let shot = client
                .issue_cmd(Cdp {
                    cmd: "Page.captureScreenshot",
                    params: serde_json::json!({
                        "format": "png",
                        "captureBeyondViewport": true,
                        "clip": { "x": 0, "y": 0, "width": w, "height": height, "scale": 1 },
                    }),
                })
                .await
                .expect("screenshot");
            let data = shot["data"].as_str().expect("screenshot data");
            base64::Engine::decode(&base64::engine::general_purpose::STANDARD, data).expect("PNG in base64")
        });
        std::fs::write(&path, png).expect("write the screenshot");
        path
    }

    /// chromedriver's log so far (for a failure message).
    pub fn driver_log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("chromedriver.log")).unwrap_or_default()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            // Ends the session: chromedriver closes Chromium.
            let _ = self
                .runtime
                .block_on(async { tokio::time::timeout(Duration::from_secs(10), client.close()).await });
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// A Chrome DevTools command, sent through chromedriver's `goog/cdp/execute`.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/goog/cdp/execute", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// A fixed HTML page served on a loopback port (the harness's self-test); remembers the
/// `Accept-Language` of each request.
pub struct Page {
    port: u16,
    stop: Arc<AtomicBool>,
    languages: Arc<Mutex<Vec<String>>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Page {
    pub fn serve(html: &str) -> Page {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("address").port();
        listener.set_nonblocking(true).expect("non-blocking");
        let stop = Arc::new(AtomicBool::new(false));
        let languages = Arc::new(Mutex::new(Vec::new()));
        let body = html.to_owned();
        let (stop2, languages2) = (stop.clone(), languages.clone());
        let thread = std::thread::spawn(move || {
            while !stop2.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => answer(stream, &body, &languages2),
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(10));
                    }
                    Err(_) => break,
                }
            }
        });
        Page {
            port,
            stop,
            languages,
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// The `Accept-Language` headers received so far.
    pub fn languages(&self) -> Vec<String> {
        self.languages.lock().map(|v| v.clone()).unwrap_or_default()
    }
}

fn answer(stream: TcpStream, body: &str, languages: &Mutex<Vec<String>>) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("accept-language")
            && let Ok(mut v) = languages.lock()
        {
            v.push(value.trim().to_owned());
        }
        line.clear();
    }
    let (status, content) = if request_line.starts_with("GET / ") {
        ("200 OK", body)
    } else {
        ("404 Not Found", "not found")
    };
    let mut stream = &stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{content}",
        content.len()
    );
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Write);
    let _ = reader.read(&mut [0u8; 64]);
}

impl Drop for Page {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
