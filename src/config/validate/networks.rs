//! The networks `konbit run` connects to: `[irc]` and `[matrix]`. A section without its
//! server (or homeserver) means that network is not used, and nothing else in it is
//! checked.

use std::path::Path;

use super::check::{in_range, not_blank, problem};
use crate::config::matrix_id::{is_room_id_or_alias, is_user_id};
use crate::config::raw::{RawIrc, RawMatrix};
use crate::config::{IrcSettings, MatrixLogin, MatrixSettings, Problem, ProblemKind, Secret};

/// The most lines per second the bot may be allowed to send.
const MAX_LINES_PER_SECOND: f64 = 1_000_000.0;

pub(super) fn irc(raw: &RawIrc, base_dir: &Path, p: &mut Vec<Problem>) -> Option<IrcSettings> {
    if raw.server.trim().is_empty() {
        return None;
    }
    let port = in_range("irc.port", raw.port, 1..=65535, p);
    // What IRC servers accept as a nickname, roughly: no separators or mask characters.
    let nick_ok = |n: &str| !n.is_empty() && n.len() <= 30 && !n.contains([' ', ',', '*', '?', '!', '@', '#', ':']);
    if !nick_ok(raw.nick.trim()) {
        problem(p, "irc.nick", ProblemKind::Empty);
    }
    let mut channels = Vec::new();
    for (i, c) in raw.channels.iter().enumerate() {
        let c = c.trim();
        if !c.starts_with('#') || c.len() < 2 || c.contains([' ', ',', '\u{7}']) {
            problem(p, format!("irc.channels[{i}]"), ProblemKind::BadChannel(c.to_owned()));
        } else {
            channels.push(c.to_owned());
        }
    }
    if raw.channels.is_empty() {
        problem(p, "irc.channels", ProblemKind::Empty);
    }
    let burst = in_range("irc.burst", raw.burst, 1..=10_000, p);
    if !(raw.lines_per_second > 0.0 && raw.lines_per_second <= MAX_LINES_PER_SECOND) {
        problem(
            p,
            "irc.lines_per_second",
            ProblemKind::OutOfRange {
                value: raw.lines_per_second as i64,
                min: 1,
                max: MAX_LINES_PER_SECOND as i64,
            },
        );
    }
    let account = raw.sasl_account.trim();
    let password = (!account.is_empty()).then(|| secret(base_dir, &raw.password_file, &raw.password_env));
    Some(IrcSettings {
        server: raw.server.trim().to_owned(),
        port: port as u16,
        tls: raw.tls,
        tls_ca_file: (!raw.tls_ca_file.trim().is_empty()).then(|| base_dir.join(raw.tls_ca_file.trim())),
        nick: raw.nick.trim().to_owned(),
        channels,
        sasl: password.map(|pw| (account.to_owned(), pw)),
        allow_nick_only: raw.allow_nick_only,
        burst: burst as u32,
        lines_per_second: raw.lines_per_second.clamp(0.001, MAX_LINES_PER_SECOND),
    })
}

pub(super) fn matrix(
    raw: &RawMatrix,
    base_dir: &Path,
    database: &Path,
    p: &mut Vec<Problem>,
) -> Option<MatrixSettings> {
    let homeserver = raw.homeserver.trim();
    if homeserver.is_empty() {
        return None;
    }
    let scheme_ok = ["http://", "https://"]
        .iter()
        .any(|s| homeserver.len() > s.len() && homeserver.starts_with(s));
    if !scheme_ok || homeserver.contains(char::is_whitespace) {
        problem(p, "matrix.homeserver", ProblemKind::BadUrl(homeserver.to_owned()));
    }
    let user = raw.user.trim();
    if !is_user_id(user) {
        problem(p, "matrix.user", ProblemKind::BadMatrixId(user.to_owned()));
    }
    let mut rooms = Vec::new();
    for (i, r) in raw.rooms.iter().enumerate() {
        let r = r.trim();
        if is_room_id_or_alias(r) {
            rooms.push(r.to_owned());
        } else {
            problem(p, format!("matrix.rooms[{i}]"), ProblemKind::BadRoom(r.to_owned()));
        }
    }
    if raw.rooms.is_empty() {
        problem(p, "matrix.rooms", ProblemKind::Empty);
    }
    // An access token, when one is configured, wins over the password.
    let login = if !raw.access_token_file.trim().is_empty() || !raw.access_token_env.trim().is_empty() {
        MatrixLogin::AccessToken(secret(base_dir, &raw.access_token_file, &raw.access_token_env))
    } else {
        MatrixLogin::Password(secret(base_dir, &raw.password_file, &raw.password_env))
    };
    let state_dir = if raw.state_dir.trim().is_empty() {
        database.with_extension("matrix")
    } else {
        base_dir.join(raw.state_dir.trim())
    };
    not_blank("matrix.device_name", &raw.device_name, p);
    Some(MatrixSettings {
        homeserver: homeserver.trim_end_matches('/').to_owned(),
        user: user.to_owned(),
        login,
        rooms,
        state_dir,
        device_name: raw.device_name.trim().to_owned(),
    })
}

/// Where a secret is: the file when one is named (relative to the configuration's
/// directory), else the environment variable.
fn secret(base_dir: &Path, file: &str, env: &str) -> Secret {
    if file.trim().is_empty() {
        Secret::Env(env.trim().to_owned())
    } else {
        Secret::File(base_dir.join(file.trim()))
    }
}
