//! IRC protocol handling for one connection: registration (CAP, SASL), presence from
//! JOIN/PART/QUIT/NAMES, and who is logged into which services account, from
//! extended-join, account-notify, WHOX and message tags.
//!
//! Accounts are known only for nicks konbit can keep watching (those in a channel with
//! it, whose QUIT, NICK and ACCOUNT changes it sees), or for a few seconds after a
//! message that carried the account tag: a private message for a member goes only to a
//! nick known that way to be logged into the member's account.

use std::collections::{BTreeSet, HashMap};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use irc::proto::{CapSubCommand, Command, Message, Response};
use tokio::time::Instant;

use super::wire::{nick_of, one_line, tag};
use super::{Link, Protocol, WANTED_CAPS, room_key};
use crate::app::{Core, Incoming, Speaker};
use crate::config::IrcSettings;

/// How long an account seen on a message (account-tag) of someone konbit cannot watch
/// (in no channel with it) is trusted for answering them.
const TAGGED_TRUST: StdDuration = StdDuration::from_secs(30);

/// What konbit knows of the people on the network, for one connection.
#[derive(Default)]
pub(super) struct People {
    /// Accounts by lower-cased nick.
    accounts: HashMap<String, String>,
    /// The channels each lower-cased nick shares with konbit.
    channels: HashMap<String, BTreeSet<String>>,
    /// When an account was last vouched for by a message tag, by lower-cased nick.
    tagged: HashMap<String, Instant>,
    /// Accounts that were seen logging in (or coming into sight) since last asked.
    pub arrived: Vec<String>,
}

impl People {
    fn set_account(&mut self, nick: &str, account: &str) {
        let key = nick.to_lowercase();
        if self.accounts.get(&key).is_none_or(|a| a != account) {
            self.arrived.push(account.to_owned());
        }
        self.accounts.insert(key, account.to_owned());
    }

    fn forget_account(&mut self, nick: &str) {
        let key = nick.to_lowercase();
        self.accounts.remove(&key);
        self.tagged.remove(&key);
    }

    /// Forgets the accounts vouched for only by a tag that is no longer trusted, so that
    /// memory does not grow with everyone who ever wrote to the bot privately.
    fn forget_stale_tags(&mut self) {
        if self.tagged.len() < 256 {
            return;
        }
        let now = Instant::now();
        let stale: Vec<String> = self
            .tagged
            .iter()
            .filter(|(_, t)| now.duration_since(**t) >= TAGGED_TRUST)
            .map(|(n, _)| n.clone())
            .collect();
        for nick in stale {
            self.tagged.remove(&nick);
            if !self.channels.contains_key(&nick) {
                self.accounts.remove(&nick);
            }
        }
    }

    fn account(&self, nick: &str) -> Option<&String> {
        self.accounts.get(&nick.to_lowercase())
    }

    fn enter(&mut self, nick: &str, channel: &str) {
        self.channels
            .entry(nick.to_lowercase())
            .or_default()
            .insert(channel.to_lowercase());
    }

    /// `nick` left `channel`; out of sight of every channel, its account is forgotten
    /// (konbit would not see it change any more).
    fn leave(&mut self, nick: &str, channel: &str) {
        let key = nick.to_lowercase();
        if let Some(set) = self.channels.get_mut(&key) {
            set.remove(&channel.to_lowercase());
            if set.is_empty() {
                self.channels.remove(&key);
                self.forget_account(nick);
            }
        }
    }

    fn quit(&mut self, nick: &str) {
        self.channels.remove(&nick.to_lowercase());
        self.forget_account(nick);
    }

    fn rename(&mut self, old: &str, new: &str) {
        let (old, new) = (old.to_lowercase(), new.to_lowercase());
        self.accounts.remove(&new);
        self.tagged.remove(&new);
        self.channels.remove(&new);
        if let Some(a) = self.accounts.remove(&old) {
            self.accounts.insert(new.clone(), a);
        }
        if let Some(t) = self.tagged.remove(&old) {
            self.tagged.insert(new.clone(), t);
        }
        if let Some(c) = self.channels.remove(&old) {
            self.channels.insert(new, c);
        }
    }

    /// konbit left `channel`: nobody is watched through it any more.
    fn left_channel(&mut self, channel: &str) {
        let nicks: Vec<String> = self.channels.keys().cloned().collect();
        for nick in nicks {
            self.leave(&nick, channel);
        }
    }

    /// The nick logged into `account` that konbit can vouch for now.
    pub(super) fn nick_of_account(&self, account: &str) -> Option<String> {
        let now = Instant::now();
        self.accounts
            .iter()
            .filter(|(_, a)| a.eq_ignore_ascii_case(account))
            .map(|(n, _)| n)
            .find(|n| {
                self.channels.contains_key(*n)
                    || self
                        .tagged
                        .get(*n)
                        .is_some_and(|t| now.duration_since(*t) < TAGGED_TRUST)
            })
            .cloned()
    }

    /// Whether `nick` is in a channel with konbit.
    pub(super) fn visible(&self, nick: &str) -> bool {
        self.channels.contains_key(&nick.to_lowercase())
    }
}

/// Sends a protocol line at once, ahead of every queued reply. Parts of it may come from
/// the server (a PING's token, a channel name): a line break or NUL in them would end the
/// line early or be refused, so none is ever sent.
pub(super) fn send(link: &mut Link, line: String) {
    let line = one_line(&line).into_owned();
    // Registering (CAP, NICK, USER, SASL: a handful of lines, once per connection) is
    // not held against the replies' pacing: servers count a connection's flood from its
    // registration, and the first answers after a (re)connection — a restart, a standby
    // taking over — would otherwise wait seconds for tokens those lines used up.
    if link.registered {
        link.protocol_lines += 1;
    }
    link.write(None, line);
}

/// Handles a protocol line; a message for the bot comes back as an [`Incoming`].
pub(super) async fn handle_line(
    core: &Core,
    settings: &IrcSettings,
    password: Option<&str>,
    link: &mut Link,
    msg: Message,
) -> Option<Incoming> {
    let from = nick_of(&msg).map(str::to_owned);
    if let (Some(n), Some(account)) = (&from, tag(&msg, "account")) {
        // The server vouches for this account now; konbit keeps it only while it can
        // watch the nick, or for a few seconds to answer.
        link.people.tagged.insert(n.to_lowercase(), Instant::now());
        link.people.set_account(n, account);
        link.people.forget_stale_tags();
    }
    match &msg.command {
        Command::PING(a, _) => send(link, format!("PONG :{a}")),
        Command::CAP(_, CapSubCommand::LS, a, b) => {
            // `CAP * LS * :…` says more lines follow; ask once, after the last one.
            let more = a.as_deref() == Some("*") && b.is_some();
            let line = if more {
                b.as_deref()
            } else {
                b.as_deref().or(a.as_deref())
            };
            link.offered.extend(
                line.unwrap_or_default()
                    .split_whitespace()
                    .map(|c| c.split('=').next().unwrap_or(c).to_owned()),
            );
            if more {
                return None;
            }
            let offered: Vec<&str> = link.offered.iter().map(String::as_str).collect();
            let mut wanted: Vec<&str> = WANTED_CAPS.iter().copied().filter(|c| offered.contains(c)).collect();
            if settings.sasl.is_some() {
                if offered.contains(&"sasl") {
                    wanted.push("sasl");
                } else {
                    // Services not linked yet, or no SASL here: not going on as a guest.
                    link.end = Some(Protocol::Retry(
                        "the server does not offer SASL (are its services linked?)".into(),
                    ));
                    send(link, "QUIT :SASL is not available".into());
                    return None;
                }
            }
            if wanted.is_empty() {
                send(link, "CAP END".into());
            } else {
                send(link, format!("CAP REQ :{}", wanted.join(" ")));
            }
        }
        Command::CAP(_, CapSubCommand::ACK, a, b) => {
            let acked = b.as_deref().or(a.as_deref()).unwrap_or_default();
            link.caps.extend(acked.split_whitespace().map(str::to_owned));
            if link.caps.iter().any(|c| c == "sasl") && password.is_some() {
                send(link, "AUTHENTICATE PLAIN".into());
            } else {
                send(link, "CAP END".into());
            }
        }
        Command::CAP(_, CapSubCommand::NAK, _, _) => send(link, "CAP END".into()),
        Command::AUTHENTICATE(data) if data == "+" => {
            use base64::Engine;
            if let (Some((account, _)), Some(pw)) = (&settings.sasl, password) {
                let token = base64::engine::general_purpose::STANDARD.encode(format!("{account}\0{account}\0{pw}"));
                send(link, format!("AUTHENTICATE {token}"));
            }
        }
        Command::Response(Response::RPL_SASLSUCCESS, _) => {
            link.identified = true;
            send(link, "CAP END".into());
        }
        Command::Response(Response::RPL_LOGGEDIN, args) => {
            if let Some(account) = args.get(2) {
                link.account = Some(account.clone());
            }
        }
        Command::Response(Response::ERR_SASLFAIL, _) => {
            link.end = Some(Protocol::Refused);
            send(link, "QUIT :SASL login refused".into());
        }
        Command::Response(Response::ERR_SASLTOOLONG | Response::ERR_SASLABORT | Response::ERR_SASLALREADY, _) => {
            link.end = Some(Protocol::Retry("the SASL login was aborted".into()));
            send(link, "QUIT :SASL login failed".into());
        }
        Command::Response(Response::ERR_NOSUCHNICK, args) => {
            if let Some(nick) = args.get(1) {
                link.no_such_nick.push(nick.clone());
            }
        }
        Command::Response(Response::RPL_WELCOME, args) => {
            if let Some(me) = args.first() {
                link.nick = me.clone();
            }
            link.registered = true;
            link.joined.clear();
            link.people = People::default();
            send(link, format!("JOIN {}", settings.channels.join(",")));
            // Our nick was taken (a konbit frozen past its lease still holds it): logged
            // into the account that owns it, NickServ ends that connection for us.
            if link.identified && !link.nick.eq_ignore_ascii_case(&settings.nick) {
                send(link, format!("PRIVMSG NickServ :GHOST {}", settings.nick));
                link.regaining = true;
            }
        }
        Command::NOTICE(_, _)
            if link.regaining && from.as_deref().is_some_and(|f| f.eq_ignore_ascii_case("NickServ")) =>
        {
            link.regaining = false;
            send(link, format!("NICK {}", settings.nick));
        }
        Command::Response(Response::ERR_NICKNAMEINUSE, _) if !link.registered => {
            link.nick.push('_');
            send(link, format!("NICK {}", link.nick));
        }
        Command::Response(Response::RPL_NAMREPLY, args) => {
            if let (Some(channel), Some(names)) = (args.get(2), args.get(3)) {
                for name in names.split_whitespace() {
                    let nick = name.trim_start_matches(['@', '+', '%', '&', '~']);
                    if !nick.eq_ignore_ascii_case(&link.nick) {
                        link.people.enter(nick, channel);
                        core.joined(&room_key(channel), &presence_name(core, settings, link, nick));
                    }
                }
            }
        }
        Command::Raw(code, args) if code == "354" => {
            // WHOX reply to `WHO #chan %tna,42`: token, nick, account ("0": none).
            if let (Some(token), Some(nick), Some(account)) = (args.get(1), args.get(2), args.get(3))
                && token == "42"
            {
                if account == "0" {
                    link.people.forget_account(nick);
                } else {
                    link.people.set_account(nick, account);
                }
            }
        }
        Command::JOIN(channel, account, _) => {
            let nick = from?;
            if nick.eq_ignore_ascii_case(&link.nick) {
                if !link.joined.contains(channel) {
                    link.joined.push(channel.clone());
                }
                send(link, format!("WHO {channel} %tna,42"));
                return None;
            }
            // extended-join: JOIN #chan account :realname ("*": not logged in).
            link.people.enter(&nick, channel);
            match account.as_deref() {
                Some("*") => link.people.forget_account(&nick),
                Some(a) => link.people.set_account(&nick, a),
                None => {}
            }
            core.joined(&room_key(channel), &presence_name(core, settings, link, &nick));
        }
        Command::PART(channel, _) => {
            if let Some(nick) = from {
                if nick.eq_ignore_ascii_case(&link.nick) {
                    link.joined.retain(|c| !c.eq_ignore_ascii_case(channel));
                    link.people.left_channel(channel);
                    return None;
                }
                core.parted(&room_key(channel), &presence_name(core, settings, link, &nick));
                link.people.leave(&nick, channel);
            }
        }
        Command::KICK(channel, who, _) => {
            if who.eq_ignore_ascii_case(&link.nick) {
                link.joined.retain(|c| !c.eq_ignore_ascii_case(channel));
                link.people.left_channel(channel);
                send(link, format!("JOIN {channel}"));
            } else {
                core.parted(&room_key(channel), &presence_name(core, settings, link, who));
                link.people.leave(who, channel);
            }
        }
        Command::QUIT(_) => {
            if let Some(nick) = from {
                let name = presence_name(core, settings, link, &nick);
                for channel in &settings.channels {
                    core.parted(&room_key(channel), &name);
                }
                link.people.quit(&nick);
            }
        }
        Command::ACCOUNT(account) => {
            if let Some(nick) = from {
                if account == "*" {
                    link.people.forget_account(&nick);
                } else {
                    link.people.set_account(&nick, account);
                }
            }
        }
        Command::NICK(new) => {
            if let Some(old) = from {
                if old.eq_ignore_ascii_case(&link.nick) {
                    link.nick = new.clone();
                }
                link.people.rename(&old, new);
            }
        }
        Command::PRIVMSG(target, text) => {
            let nick = from?;
            if nick.eq_ignore_ascii_case(&link.nick) || text.starts_with('\u{1}') {
                return None;
            }
            let at = tag(&msg, "time")
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                .map_or_else(Utc::now, |t| t.with_timezone(&Utc));
            let room = target.starts_with('#').then(|| room_key(target));
            let speaker = Speaker {
                network: crate::effect::Network::Irc,
                handle: nick.clone(),
                member: identify(core, settings, link, &nick, tag(&msg, "account")),
            };
            return Some(Incoming {
                room,
                speaker,
                text: text.clone(),
                at,
                event: None,
            });
        }
        _ => {}
    }
    None
}

/// Which member is speaking: by the account the server vouches for; by nick only if
/// the collective allows it; anyone when there is no roster.
pub(super) fn identify(
    core: &Core,
    settings: &IrcSettings,
    link: &Link,
    nick: &str,
    account: Option<&str>,
) -> Option<String> {
    let config = core.config();
    // With account-tag, the server vouches on every message: no tag, not logged in. A
    // remembered account could belong to someone who has since left.
    let account = if link.caps.iter().any(|c| c == "account-tag") {
        account.map(str::to_owned)
    } else {
        account
            .map(str::to_owned)
            .or_else(|| link.people.account(nick).cloned())
    };
    if config.members.is_empty() {
        return Some(account.unwrap_or_else(|| nick.to_owned()));
    }
    if let Some(a) = &account
        && let Some(m) = config
            .members
            .iter()
            .find(|m| m.irc_account.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(a)))
    {
        return Some(m.name.clone());
    }
    if settings.allow_nick_only && account.is_none() {
        return config
            .members
            .iter()
            .find(|m| m.irc_nick.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(nick)))
            .map(|m| m.name.clone());
    }
    None
}

/// The name presence is kept under: the member's name when known, else the nick.
pub(super) fn presence_name(core: &Core, settings: &IrcSettings, link: &Link, nick: &str) -> String {
    identify(core, settings, link, nick, None).unwrap_or_else(|| nick.to_owned())
}

/// The nick a member's message goes to now: the one logged into `account`, or, for a
/// member the roster lets be known by nick alone (`nick`), that nick while it is online and
/// logged into no account. `None`: they are not online; the message waits.
pub(super) fn member_nick(link: &Link, account: Option<&str>, nick: Option<&str>) -> Option<String> {
    if let Some(account) = account
        && let Some(found) = link.people.nick_of_account(account)
    {
        return Some(found);
    }
    nick.filter(|n| link.people.visible(n) && link.people.account(n).is_none())
        .map(str::to_owned)
}
