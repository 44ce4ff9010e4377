//! The questions `konbit init` asks on a terminal for what the flags left out. Each answer
//! is checked as it is given (a time zone that does not exist is asked again); an empty
//! answer takes the default shown in brackets; end of input cancels.

use std::io::{BufRead, Write};

use super::{Args, Network, check_timezone, parse_lang, parse_member, valid_variable};
use crate::i18n::Lang;
use crate::t;

/// Asks questions on `out` and reads the answers from `input`.
pub struct Prompter<'a> {
    input: &'a mut dyn BufRead,
    out: &'a mut dyn Write,
    lang: Lang,
}

impl<'a> Prompter<'a> {
    pub fn new(input: &'a mut dyn BufRead, out: &'a mut dyn Write, lang: Lang) -> Prompter<'a> {
        Prompter { input, out, lang }
    }

    /// One answer: `default` when empty; asked again while `check` refuses it.
    fn ask(
        &mut self,
        question: &str,
        default: Option<&str>,
        check: &dyn Fn(&str) -> Result<(), String>,
    ) -> std::io::Result<String> {
        loop {
            match default {
                Some(d) if !d.is_empty() => write!(self.out, "{question} [{d}]: ")?,
                _ => write!(self.out, "{question}: ")?,
            }
            self.out.flush()?;
            let mut line = String::new();
            if self.input.read_line(&mut line)? == 0 {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    t!(self.lang, "init-eof"),
                ));
            }
            let answer = match line.trim() {
                "" => default.unwrap_or_default().to_owned(),
                a => a.to_owned(),
            };
            if answer.is_empty() {
                continue;
            }
            match check(&answer) {
                Ok(()) => return Ok(answer),
                Err(why) => writeln!(self.out, "  {why}")?,
            }
        }
    }

    fn ask_text(&mut self, id: &str, default: Option<&str>) -> std::io::Result<String> {
        let question = t!(self.lang, id);
        self.ask(&question, default, &|_| Ok(()))
    }

    /// The name of a password variable, asked again until it is one.
    fn ask_variable(&mut self, default: &str) -> std::io::Result<String> {
        let lang = self.lang;
        let check = |a: &str| {
            if valid_variable(a) {
                Ok(())
            } else {
                Err(t!(lang, "init-bad-variable", "value" => a.to_owned()))
            }
        };
        self.ask(&t!(lang, "init-ask-password-env"), Some(default), &check)
    }

    /// Yes or no, in English or French (`y`, `oui`, `n`, `non`…).
    fn ask_yes_no(&mut self, id: &str, default: bool) -> std::io::Result<bool> {
        let lang = self.lang;
        let check = |a: &str| {
            yes_no(a)
                .map(|_| ())
                .ok_or_else(|| t!(lang, "init-bad-yes-no", "value" => a.to_owned()))
        };
        let shown = match (lang, default) {
            (Lang::Fr, true) => "oui",
            (Lang::Fr, false) => "non",
            (_, true) => "yes",
            (_, false) => "no",
        };
        let answer = self.ask(&t!(lang, id), Some(shown), &check)?;
        Ok(yes_no(&answer).unwrap_or(default))
    }

    /// Fills in every missing answer of `args`.
    pub fn complete(&mut self, args: &mut Args) -> std::io::Result<()> {
        let lang = self.lang;
        if args.name.is_none() {
            args.name = Some(self.ask_text("init-ask-name", None)?);
        }
        if args.language.is_none() {
            let check = |a: &str| {
                parse_lang(a)
                    .map(|_| ())
                    .ok_or_else(|| t!(lang, "init-bad-language", "value" => a.to_owned()))
            };
            args.language = Some(self.ask(&t!(lang, "init-ask-language"), Some(lang.code()), &check)?);
        }
        if args.timezone.is_none() {
            let check = |a: &str| check_timezone(a, lang).map(|_| ());
            args.timezone = Some(self.ask(&t!(lang, "init-ask-timezone"), None, &check)?);
        }
        if args.network.is_empty() {
            let check = |a: &str| {
                networks(a)
                    .map(|_| ())
                    .ok_or_else(|| t!(lang, "init-bad-network", "value" => a.to_owned()))
            };
            let answer = self.ask(&t!(lang, "init-ask-network"), Some("console"), &check)?;
            args.network = networks(&answer).unwrap_or_default();
        }
        if args.network.contains(&Network::Irc) {
            if args.irc_server.is_none() {
                args.irc_server = Some(self.ask_text("init-ask-irc-server", None)?);
            }
            // TLS, then the port, whose default follows (Limnoria's wizard asks both); a
            // port or --irc-no-tls given on the command line settles both.
            if args.irc_port.is_none() && !args.irc_no_tls {
                args.irc_no_tls = !self.ask_yes_no("init-ask-irc-tls", true)?;
            }
            if args.irc_port.is_none() {
                let tls = if args.irc_no_tls { "no" } else { "yes" };
                let default = if args.irc_no_tls { "6667" } else { "6697" };
                let check = |a: &str| {
                    port(a)
                        .map(|_| ())
                        .ok_or_else(|| t!(lang, "init-bad-port", "value" => a.to_owned()))
                };
                let answer = self.ask(&t!(lang, "init-ask-irc-port", "tls" => tls), Some(default), &check)?;
                args.irc_port = port(&answer);
            }
            if args.irc_channel.is_empty() {
                let check = |a: &str| {
                    a.starts_with(['#', '&'])
                        .then_some(())
                        .ok_or_else(|| t!(lang, "init-bad-channel", "value" => a.to_owned()))
                };
                args.irc_channel = vec![self.ask(&t!(lang, "init-ask-irc-channel"), None, &check)?];
            }
            if args.irc_nick.is_none() {
                args.irc_nick = Some(self.ask_text("init-ask-irc-nick", Some("konbit"))?);
            }
            if args.irc_account.is_none() {
                let nick = args.irc_nick.clone();
                args.irc_account = Some(self.ask_text("init-ask-irc-account", nick.as_deref())?);
            }
            if args.irc_password_env.is_none() && args.irc_password_file.is_none() {
                args.irc_password_env = Some(self.ask_variable("KONBIT_IRC_PASSWORD")?);
            }
        }
        if args.network.contains(&Network::Matrix) {
            if args.matrix_homeserver.is_none() {
                args.matrix_homeserver = Some(self.ask_text("init-ask-matrix-homeserver", None)?);
            }
            if args.matrix_user.is_none() {
                args.matrix_user = Some(self.ask_text("init-ask-matrix-user", None)?);
            }
            if args.matrix_room.is_empty() {
                args.matrix_room = vec![self.ask_text("init-ask-matrix-room", None)?];
            }
            if args.matrix_password_env.is_none() && args.matrix_password_file.is_none() {
                args.matrix_password_env = Some(self.ask_variable("KONBIT_MATRIX_PASSWORD")?);
            }
        }
        if args.members.is_empty() {
            writeln!(self.out, "{}", t!(lang, "init-ask-members"))?;
            loop {
                let check = |a: &str| {
                    if a == "." || parse_member(a).is_some() {
                        Ok(())
                    } else {
                        Err(t!(lang, "init-bad-member", "value" => a.to_owned()))
                    }
                };
                let answer = self.ask(&t!(lang, "init-ask-member"), Some("."), &check)?;
                if answer == "." {
                    break;
                }
                args.members.push(answer);
            }
        }
        Ok(())
    }
}

/// `yes`, `y`, `oui`, `o` → true; `no`, `n`, `non` → false; any case.
fn yes_no(answer: &str) -> Option<bool> {
    match answer.trim().to_lowercase().as_str() {
        "yes" | "y" | "oui" | "o" => Some(true),
        "no" | "n" | "non" => Some(false),
        _ => None,
    }
}

/// A TCP port, 1 to 65535.
fn port(answer: &str) -> Option<u16> {
    answer.trim().parse::<u16>().ok().filter(|p| *p > 0)
}

/// `irc`, `matrix`, `irc, matrix`, `console`.
fn networks(answer: &str) -> Option<Vec<Network>> {
    use clap::ValueEnum;
    answer
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(|s| Network::from_str(s, true).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_terminal_session_fills_in_what_the_flags_left_out() {
        // The time zone is asked again after a wrong one; empty answers take the defaults.
        let answers = "Acme\nfr\nMars/Olympus\nEurope/Paris\nirc\nirc.libera.chat\n\n\n#acme\n\n\n\nalice:fr:alice\n\n";
        let mut input = answers.as_bytes();
        let mut out = Vec::new();
        let mut args = Args::default();
        Prompter::new(&mut input, &mut out, Lang::En)
            .complete(&mut args)
            .unwrap();
        let shown = String::from_utf8(out).unwrap();
        assert!(shown.contains("unknown time zone \"Mars/Olympus\""), "{shown}");
        assert_eq!(args.timezone.as_deref(), Some("Europe/Paris"));
        assert_eq!(args.network, [Network::Irc]);
        assert_eq!((args.irc_port, args.irc_no_tls), (Some(6697), false));
        assert_eq!(args.irc_channel, ["#acme"]);
        assert_eq!(args.irc_nick.as_deref(), Some("konbit"));
        assert_eq!(args.irc_account.as_deref(), Some("konbit"));
        assert_eq!(args.irc_password_env.as_deref(), Some("KONBIT_IRC_PASSWORD"));
        assert_eq!(args.members, ["alice:fr:alice"]);
    }

    #[test]
    fn a_plain_text_server_is_asked_for_with_its_usual_port_as_default() {
        // "maybe" is asked again; "non" is French for no, in an English session too.
        let answers = "irc.example.org\nmaybe\nnon\n70000\n\n#acme\nbot\n\n\nalice\n.\n";
        let mut input = answers.as_bytes();
        let mut out = Vec::new();
        let mut args = Args {
            name: Some("Acme".into()),
            language: Some("en".into()),
            timezone: Some("UTC".into()),
            network: vec![Network::Irc],
            ..Args::default()
        };
        Prompter::new(&mut input, &mut out, Lang::En)
            .complete(&mut args)
            .unwrap();
        let shown = String::from_utf8(out).unwrap();
        assert!(
            shown.contains("Connect with TLS (yes or no; no only for a server on this machine) [yes]: "),
            "{shown}"
        );
        assert!(shown.contains("\"maybe\": answer yes or no"), "{shown}");
        assert!(shown.contains("6667 is the usual plain-text port) [6667]: "), "{shown}");
        assert!(shown.contains("\"70000\" is not a port"), "{shown}");
        assert_eq!((args.irc_port, args.irc_no_tls), (Some(6667), true));
        let plan = super::super::plan(&args, Lang::En).unwrap();
        let irc = plan.irc.unwrap();
        assert_eq!((irc.port, irc.tls), (6667, false));
    }

    #[test]
    fn a_port_on_the_command_line_settles_tls_too() {
        let mut input = "#acme\n\n\n\n.\n".as_bytes();
        let mut out = Vec::new();
        let mut args = Args {
            name: Some("Acme".into()),
            language: Some("en".into()),
            timezone: Some("UTC".into()),
            network: vec![Network::Irc],
            irc_server: Some("irc.example.org".into()),
            irc_port: Some(7000),
            ..Args::default()
        };
        Prompter::new(&mut input, &mut out, Lang::Fr)
            .complete(&mut args)
            .unwrap();
        let shown = String::from_utf8(out).unwrap();
        assert!(!shown.contains("TLS") && !shown.contains("port"), "{shown}");
        assert_eq!((args.irc_port, args.irc_no_tls), (Some(7000), false));
    }

    #[test]
    fn end_of_input_cancels() {
        let mut input = "Acme\n".as_bytes();
        let mut out = Vec::new();
        let mut args = Args::default();
        assert!(
            Prompter::new(&mut input, &mut out, Lang::En)
                .complete(&mut args)
                .is_err()
        );
    }
}
