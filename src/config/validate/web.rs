//! `[web]`: the read-only web view. Without `listen` there is none, and nothing else in
//! the section is checked. A view that is not public needs the collective's access key
//! (an environment variable, `KONBIT_WEB_KEY` by default, or a file).

use std::path::Path;

use super::check::problem;
use crate::config::raw::RawWeb;
use crate::config::{Problem, ProblemKind, Secret, WebSettings};

pub(super) fn web(raw: &RawWeb, base_dir: &Path, p: &mut Vec<Problem>) -> Option<WebSettings> {
    let listen = raw.listen.trim();
    if listen.is_empty() {
        return None;
    }
    let address = listen.parse::<std::net::SocketAddr>();
    if address.is_err() {
        problem(p, "web.listen", ProblemKind::BadListen(listen.to_owned()));
    }
    let base_url = raw.base_url.trim().trim_end_matches('/');
    let scheme_ok = ["http://", "https://"]
        .iter()
        .any(|s| base_url.len() > s.len() && base_url.starts_with(s));
    if base_url.is_empty() {
        problem(p, "web.base_url", ProblemKind::Required("listen".into()));
    } else if !scheme_ok || base_url.contains(char::is_whitespace) || base_url.contains(['?', '#']) {
        problem(p, "web.base_url", ProblemKind::BadUrl(base_url.to_owned()));
    }
    let key = if raw.public {
        None
    } else if !raw.key_file.trim().is_empty() {
        Some(Secret::File(base_dir.join(raw.key_file.trim())))
    } else if !raw.key_env.trim().is_empty() {
        Some(Secret::Env(raw.key_env.trim().to_owned()))
    } else {
        problem(p, "web.key_env", ProblemKind::Required("public = false".into()));
        None
    };
    Some(WebSettings {
        listen: address.unwrap_or_else(|_| std::net::SocketAddr::from(([127, 0, 0, 1], 0))),
        base_url: base_url.to_owned(),
        public: raw.public,
        key,
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::config::ProblemKind::*;
    use crate::config::{Config, Problem, Secret};

    fn problems(toml: &str) -> Vec<(String, crate::config::ProblemKind)> {
        Config::parse(toml, Path::new("/tmp"))
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|Problem { path, kind }| (path, kind))
            .collect()
    }

    #[test]
    fn no_listen_means_no_web_view() {
        assert_eq!(Config::parse("", Path::new("/tmp")).unwrap().web, None);
    }

    #[test]
    fn a_private_view_reads_its_key_from_the_environment_or_a_file() {
        let c = Config::parse(
            "[web]\nlisten = \"127.0.0.1:8080\"\nbase_url = \"https://k.example.org/\"\npublic = false\n",
            Path::new("/etc/konbit"),
        )
        .unwrap();
        let web = c.web.unwrap();
        assert_eq!(web.base_url, "https://k.example.org");
        assert_eq!(web.key, Some(Secret::Env("KONBIT_WEB_KEY".into())));
        let c = Config::parse(
            "[web]\nlisten = \"[::1]:80\"\nbase_url = \"http://x\"\npublic = false\nkey_file = \"web.key\"\n",
            Path::new("/etc/konbit"),
        )
        .unwrap();
        assert_eq!(c.web.unwrap().key, Some(Secret::File("/etc/konbit/web.key".into())));
    }

    #[test]
    fn bad_addresses_are_reported_at_their_paths() {
        assert_eq!(
            problems("[web]\nlisten = \"localhost\"\nbase_url = \"konbit.example.org\"\n"),
            [
                ("web.listen".to_owned(), BadListen("localhost".into())),
                ("web.base_url".to_owned(), BadUrl("konbit.example.org".into())),
            ]
        );
        assert_eq!(
            problems("[web]\nlisten = \"127.0.0.1:8080\"\npublic = false\nkey_env = \"\"\n"),
            [
                ("web.base_url".to_owned(), Required("listen".into())),
                ("web.key_env".to_owned(), Required("public = false".into())),
            ]
        );
    }
}
