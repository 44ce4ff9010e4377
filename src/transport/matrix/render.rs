//! What the bot's Matrix messages look like. Every message is an `m.notice` (the Matrix
//! convention for bots: clients show it as such, and other bots do not answer it) with a
//! plain body for every client and, when the message has structure, HTML rendered from
//! the message model ([`crate::message::html`]): reports are tables, summaries lists, and
//! members are mention pills (in the formatted body and in `m.mentions`, so they are
//! notified). A reply names the speaker as a pill.

use matrix_sdk::ruma::OwnedUserId;
use matrix_sdk::ruma::events::Mentions;
use matrix_sdk::ruma::events::room::message::RoomMessageEventContent;

use crate::config::Config;
use crate::message::html::{self, escape};
use crate::message::{Block, Message, Span, Text};

/// A message to a room or a person.
pub(super) fn notice(config: &Config, message: &Message) -> RoomMessageEventContent {
    let plain = message.plain();
    let mentioned = mentioned(config, message);
    let content = if html::has_structure(message) {
        RoomMessageEventContent::notice_html(plain, html::render(message, &|m| pill(config, m)))
    } else {
        RoomMessageEventContent::notice_plain(plain)
    };
    if mentioned.is_empty() {
        content
    } else {
        content.add_mentions(Mentions::with_user_ids(mentioned))
    }
}

/// An answer in a room to `to` (their name as shown), mentioning their Matrix account
/// when it is known: the name, a link to the account, begins the message's first line
/// (or stands alone before a list or a table), and the whole is rendered once.
pub(super) fn reply(
    config: &Config,
    to: &str,
    user: Option<OwnedUserId>,
    message: &Message,
) -> RoomMessageEventContent {
    let Some(user) = user else {
        return notice(config, &Message::from(format!("{to}: ")).joined_first(message));
    };
    let plain = format!("{to}: {}", message.plain());
    let name = Text(vec![
        Span::Link {
            text: to.to_owned(),
            url: format!("https://matrix.to/#/{}", user.as_str()),
        },
        Span::Plain(": ".to_owned()),
    ]);
    let whole = Message::new().line(name).joined_first(message);
    let pills = |m: &str| pill(config, m);
    // Lines read best as they are: broken with `<br>`, no paragraph around them.
    let formatted = html::lines(&whole, &pills).unwrap_or_else(|| html::render(&whole, &pills));
    let mut users = mentioned(config, message);
    users.insert(0, user);
    users.dedup();
    RoomMessageEventContent::notice_html(plain, formatted).add_mentions(Mentions::with_user_ids(users))
}

/// A member as a pill: a link to their Matrix account, when the roster gives one.
fn pill(config: &Config, member: &str) -> Option<String> {
    let user = super::rooms::user_for(config, member)?;
    Some(format!(
        "<a href=\"https://matrix.to/#/{}\">{}</a>",
        escape(user.as_str()),
        escape(member)
    ))
}

/// The accounts of the members a message mentions.
fn mentioned(config: &Config, message: &Message) -> Vec<OwnedUserId> {
    let mut users: Vec<OwnedUserId> = Vec::new();
    let mut see = |t: &crate::message::Text| {
        for s in &t.0 {
            if let Span::Member(m) = s
                && let Some(u) = super::rooms::user_for(config, m)
                && !users.contains(&u)
            {
                users.push(u);
            }
        }
    };
    for block in &message.blocks {
        match block {
            Block::Line(t) => see(t),
            Block::List(items) => items.iter().for_each(&mut see),
            Block::Table(rows) => rows.iter().flat_map(|r| r.cells.iter()).for_each(&mut see),
        }
    }
    users
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Row;
    use matrix_sdk::ruma::events::room::message::MessageType;

    fn config() -> Config {
        Config::parse(
            "[[members]]\nname = \"alice\"\nmatrix_id = \"@alice:example.org\"\n[[members]]\nname = \"bob\"\n",
            std::path::Path::new("."),
        )
        .expect("valid")
    }

    fn notice_of(content: &RoomMessageEventContent) -> (String, Option<String>) {
        let MessageType::Notice(n) = &content.msgtype else {
            panic!("not a notice: {content:?}")
        };
        (n.body.clone(), n.formatted.as_ref().map(|f| f.body.clone()))
    }

    #[test]
    fn the_bots_messages_are_notices_and_replies_mention_the_speaker() {
        let c = config();
        let user = OwnedUserId::try_from("@alice:example.org").expect("user id");
        let content = reply(
            &c,
            "alice",
            Some(user.clone()),
            &Message::from("Recorded: 2h on webdev."),
        );
        let (body, html) = notice_of(&content);
        assert_eq!(body, "alice: Recorded: 2h on webdev.");
        assert_eq!(
            html.as_deref(),
            Some("<a href=\"https://matrix.to/#/@alice:example.org\">alice</a>: Recorded: 2h on webdev.")
        );
        assert_eq!(
            content.mentions.map(|m| m.user_ids.into_iter().collect::<Vec<_>>()),
            Some(vec![user])
        );
        // Prose stays plain, even with a colon in it.
        let (_, html) = notice_of(&notice(&c, &Message::from("Proposal #1 by alice: buy a kettle.")));
        assert_eq!(html, None);
    }

    #[test]
    fn a_reply_names_the_speaker_before_its_first_line_or_above_a_list() {
        let c = config();
        let user = OwnedUserId::try_from("@bob:example.org").expect("user id");
        let link = "<a href=\"https://matrix.to/#/@bob:example.org\">bob</a>: ";
        let said = Message::new().line(Text(vec![
            Span::Plain("Unknown command !".into()),
            Span::Said("\u{202E}abc".into()),
        ]));
        let (body, html) = notice_of(&reply(&c, "bob", Some(user.clone()), &said));
        assert_eq!(body, "bob: Unknown command !\u{202E}abc");
        assert_eq!(html, Some(format!("{link}Unknown command !<bdi>\u{202E}abc</bdi>")));
        let list = Message::new().list(vec![Text::from("#1 a kettle"), Text::from("#2 a <desk>")]);
        let (_, html) = notice_of(&reply(&c, "bob", Some(user), &list));
        assert_eq!(
            html,
            Some(format!(
                "<p>{link}</p><ul><li>#1 a kettle</li><li>#2 a &lt;desk&gt;</li></ul>"
            ))
        );
    }

    #[test]
    fn tables_come_from_the_model_and_members_are_pills() {
        let c = config();
        let row = |a: &str, b: &str| Row {
            line: Text::from(format!("{a}: {b}")),
            cells: vec![Text::from(a), Text::from(b)],
            total: false,
        };
        let report = Message::new().line("Hours:").table(vec![row("webdev", "3h paid")]);
        let (body, html) = notice_of(&notice(&c, &report));
        assert_eq!(body, "Hours:\nwebdev: 3h paid");
        assert_eq!(
            html.as_deref(),
            Some("<p>Hours:</p><table><tr><td>webdev</td><td>3h paid</td></tr></table>")
        );
        let turn = Message::new().line(Text(vec![
            Span::Member("alice".into()),
            Span::Plain(", then ".into()),
            Span::Member("bob".into()),
        ]));
        let content = notice(&c, &turn);
        let (_, html) = notice_of(&content);
        assert_eq!(
            html.as_deref(),
            Some("<p><a href=\"https://matrix.to/#/@alice:example.org\">alice</a>, then bob</p>")
        );
        assert_eq!(
            content
                .mentions
                .map(|m| m.user_ids.into_iter().map(|u| u.to_string()).collect::<Vec<_>>()),
            Some(vec!["@alice:example.org".to_owned()])
        );
    }
}
