//! Arguments of `!remind` and `!unremind` (`!reminders` takes none): who, when, what
//! (the catalogs' `usage-remind`; the README lists the forms of `when`).

use super::{Command, MAX_TEXT_CHARS, UsageError, Verb, hint, usage};
use crate::domain::schedule::{RemindWhen, parse_remind_when};
use crate::i18n::Word;

/// Who a reminder is for, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemindTarget {
    Me,
    Room(String),
    Member(String),
}

/// `!unremind <id>` (`4` or `#4`).
pub(super) fn unremind(args: &str) -> Result<Command, UsageError> {
    let verb = Verb::Unremind;
    let args = args.trim();
    let id = args.trim_start_matches('#');
    match (id.len() <= 15)
        .then(|| id.parse::<i64>().ok())
        .flatten()
        .filter(|n| *n > 0)
    {
        Some(id) => Ok(Command::Unremind { id }),
        None if args.is_empty() => Err(usage(verb)),
        None => Err(hint(verb, "hint-bad-reminder-id")),
    }
}

/// `!remind <me|#room|name> <when> <text>`; the forms of `when` are
/// [`parse_remind_when`]'s.
pub(super) fn remind(args: &str) -> Result<Command, UsageError> {
    let verb = Verb::Remind;
    let Some((who, rest)) = args.trim().split_once(char::is_whitespace) else {
        return Err(usage(verb));
    };
    let target = if Word::Me.matches(who) {
        RemindTarget::Me
    } else if who.starts_with('#') && who.len() > 1 {
        RemindTarget::Room(who.to_owned())
    } else {
        RemindTarget::Member(who.trim_start_matches('@').to_owned())
    };
    let Some((when, text)): Option<(RemindWhen, &str)> = parse_remind_when(rest) else {
        return Err(hint(verb, "hint-bad-when"));
    };
    let text = text.trim();
    if text.is_empty() {
        return Err(hint(verb, "hint-missing-text"));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(hint(verb, "hint-too-long"));
    }
    Ok(Command::Remind {
        target,
        when,
        text: text.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::parse as parse_line;
    use super::*;
    use chrono::Duration;

    #[test]
    fn remind_forms() {
        assert_eq!(
            parse_line("!remind me in 2h call the bank"),
            Some(Ok(Command::Remind {
                target: RemindTarget::Me,
                when: RemindWhen::In(Duration::hours(2)),
                text: "call the bank".into()
            }))
        );
        assert!(matches!(
            parse_line("!rappel #office chaque lundi 9h planifier la semaine"),
            Some(Ok(Command::Remind {
                target: RemindTarget::Room(_),
                when: RemindWhen::Every(..),
                ..
            }))
        ));
        assert!(matches!(
            parse_line("!remind bob demain 9h x"),
            Some(Ok(Command::Remind {
                target: RemindTarget::Member(_),
                ..
            }))
        ));
        assert_eq!(
            parse_line("!remind me soon x"),
            Some(Err(hint(Verb::Remind, "hint-bad-when")))
        );
        assert_eq!(
            parse_line("!remind me in 2h"),
            Some(Err(hint(Verb::Remind, "hint-missing-text")))
        );
        assert_eq!(parse_line("!remind"), Some(Err(usage(Verb::Remind))));
        assert_eq!(parse_line("!reminders"), Some(Ok(Command::Reminders)));
        assert_eq!(parse_line("!unremind #4"), Some(Ok(Command::Unremind { id: 4 })));
        assert_eq!(
            parse_line("!unremind x"),
            Some(Err(hint(Verb::Unremind, "hint-bad-reminder-id")))
        );
    }
}
