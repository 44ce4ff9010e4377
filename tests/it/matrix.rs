//! The Matrix transport against a real Synapse on loopback (README, "On Matrix"), with test
//! users driven by matrix-sdk: encrypted and plain rooms, a restart that still
//! decrypts, commands sent while the bot was down, replayed syncs, invitations, one
//! member punching from IRC and Matrix, private messages only in direct rooms, and
//! answers that survive an unreachable homeserver and a rate-limited flood.

use crate::support;
use crate::support::synapse;

use std::path::Path;
use std::time::Duration;

use matrix_sdk::RoomMemberships;
use matrix_sdk::ruma::events::room::member::MembershipState;
use matrix_sdk::ruma::{OwnedUserId, RoomId, UserId};
use support::Bot;
use support::ircnet::{Client, IrcNet};
use synapse::{Flaky, Synapse, User};

pub(crate) const BOT_PASSWORD: &str = "konbit-pw";

pub(crate) fn config(hs: &Synapse, room: &RoomId, extra: &str) -> String {
    format!(
        r##"[matrix]
homeserver = "{url}"
user = "@konbit:{server}"
password_env = "KONBIT_TEST_MATRIX_PASSWORD"
rooms = ["{room}"]
[[projects]]
name = "webdev"
[[members]]
name = "alice"
matrix_id = "@alice:{server}"
irc_account = "alice"
[[members]]
name = "bob"
matrix_id = "@bob:{server}"
{extra}
"##,
        url = hs.url(),
        server = hs.server_name,
    )
}

pub(crate) fn start(bot: &Bot) -> support::Running {
    bot.spawn(&["run"], &[("KONBIT_TEST_MATRIX_PASSWORD", BOT_PASSWORD)])
}

/// A homeserver with the bot's account, alice and bob, and a room alice made for the
/// three of them (bob has joined).
pub(crate) async fn setup(encrypted: bool) -> (Synapse, User, User, OwnedUserId, matrix_sdk::ruma::OwnedRoomId) {
    let hs = Synapse::start();
    hs.register("konbit", BOT_PASSWORD);
    let alice = User::new(&hs, "alice").await;
    let bob = User::new(&hs, "bob").await;
    let bot = hs.user_id("konbit");
    let room = alice.create_room(encrypted, &[&bot, &bob.id]).await;
    bob.join(&room).await;
    (hs, alice, bob, bot, room)
}

/// The bot on `config`, started; returns once alice sees it in `room`.
pub(crate) async fn start_joined(
    alice: &User,
    bot_id: &UserId,
    room: &RoomId,
    config: &str,
) -> (Bot, support::Running) {
    let bot = Bot::with_config(config);
    let running = start(&bot);
    assert!(
        alice.wait_membership(room, bot_id, MembershipState::Join).await,
        "the bot never joined:\n{}",
        running.log()
    );
    (bot, running)
}

pub(crate) fn no_errors(running: &support::Running) {
    let log = running.log();
    assert!(!log.contains("panicked"), "konbit panicked:\n{log}");
    assert!(!log.contains(" ERROR "), "konbit logged an error:\n{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Synapse: run with -- --include-ignored (scripts/test does)"]
async fn a_report_arrives_as_a_table_and_the_member_whose_turn_it_is_as_a_pill() {
    let (hs, mut alice, mut bob, bot_id, room) = setup(false).await;
    let (_bot, running) = start_joined(&alice, &bot_id, &room, &config(&hs, &room, "")).await;

    alice.say(&room, "!punch 2h webdev").await;
    alice.expect(&bot_id, |m| m.body.contains("Recorded")).await;
    bob.say(&room, "!hours all").await;
    let report = bob
        .expect(&bot_id, |m| m.room == room && m.body.contains("by project"))
        .await;
    // The plain body reads as before; the formatted body is a table drawn from the
    // report's rows, its total set apart.
    assert!(report.body.contains("webdev: 2h00 paid"), "{}", report.body);
    let html = report.html.expect("the report as HTML");
    assert!(
        html.contains(
            "<table><tr><td>webdev</td><td>2h00 paid</td></tr><tr><th>Total</th><th>2h00 paid</th></tr></table>"
        ),
        "{html}"
    );

    bob.say(&room, "!standup start").await;
    let turn = alice
        .expect(&bot_id, |m| m.room == room && m.body.contains("your turn"))
        .await;
    let first = if turn.body.starts_with("alice") {
        &alice.id
    } else {
        &bob.id
    };
    let name = if turn.body.starts_with("alice") { "alice" } else { "bob" };
    let html = turn.html.expect("the turn as HTML");
    assert!(
        html.starts_with(&format!(
            "<p><a href=\"https://matrix.to/#/{first}\">{name}</a>, your turn"
        )),
        "{html}"
    );
    assert!(turn.mentions.contains(first), "{:?}", turn.mentions);
    no_errors(&running);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Synapse: run with -- --include-ignored (scripts/test does)"]
async fn encrypted_room_proposal_veto_hours_and_a_restart_that_still_decrypts() {
    let (hs, mut alice, mut bob, bot_id, room) = setup(true).await;
    let (bot, running) = start_joined(&alice, &bot_id, &room, &config(&hs, &room, "")).await;

    alice.say(&room, "!propose buy a kettle for the office").await;
    let announced = bob
        .expect(&bot_id, |m| m.body.contains("Proposal #1 by alice: buy a kettle"))
        .await;
    assert_eq!(announced.room, room);
    // A reply mentions the speaker as a pill, in the formatted body and in m.mentions.
    alice.say(&room, "!veto").await;
    let usage = alice.expect(&bot_id, |m| m.body.starts_with("alice: ")).await;
    let html = usage.html.expect("formatted body");
    assert!(
        html.starts_with("<a href=\"https://matrix.to/#/@alice:konbit.test\">alice</a>: ") && html.contains("!veto"),
        "{html}"
    );
    assert_eq!(usage.mentions, vec![alice.id.clone()]);

    bob.say(&room, "!veto 1 we already have one").await;
    alice
        .expect(&bot_id, |m| {
            m.room == room && m.body.contains("Proposal #1 is deferred") && m.body.contains("bob vetoed it")
        })
        .await;

    alice.say(&room, "!punch 2h webdev").await;
    alice.expect(&bot_id, |m| m.body.contains("Recorded")).await;
    alice.say(&room, "!punch 1h30 webdev volunteer").await;
    alice.expect(&bot_id, |m| m.body.contains("Recorded")).await;
    alice.say(&room, "!hours").await;
    // Reports are private: in a direct room the bot opens with alice.
    let report = alice.expect(&bot_id, |m| m.body.contains("Your hours")).await;
    assert_ne!(report.room, room, "a personal report went to the shared room");
    let html = report.html.expect("the report as HTML");
    assert!(
        html.contains("<table>") && html.contains("<tr><td>webdev</td><td>2h00 paid, 1h30 volunteer</td></tr>"),
        "{html}"
    );
    assert!(
        report.body.contains("webdev: 2h00 paid, 1h30 volunteer"),
        "{}",
        report.body
    );
    no_errors(&running);

    // Restarted, the bot is the same device: it still decrypts and answers.
    drop(running);
    let running = start(&bot);
    alice.say(&room, "!proposal 1").await;
    let detail = alice
        .expect(&bot_id, |m| m.room == room && m.body.contains("Proposal #1 by alice, "))
        .await;
    assert!(detail.body.contains("Status: deferred"), "{}", detail.body);
    let devices = std::fs::read_to_string(bot.dir().join("konbit.matrix/session.json")).expect("session file");
    assert!(devices.contains("device_id"));
    no_errors(&running);
}

/// The bot in `#office` on a real IRC network (with alice's services account) and in a
/// Matrix room of alice's (`encrypted` or not), started; returns once alice sees it there.
pub(crate) async fn on_irc_and_matrix(
    encrypted: bool,
) -> (
    IrcNet,
    Synapse,
    User,
    OwnedUserId,
    matrix_sdk::ruma::OwnedRoomId,
    Bot,
    support::Running,
) {
    let net = IrcNet::start();
    for account in ["konbit", "alice"] {
        Client::register(net.port, account, &format!("{account}-pw"));
    }
    let (hs, alice, _bob, bot_id, room) = setup(encrypted).await;
    let irc = format!(
        r##"[irc]
server = "127.0.0.1"
port = {port}
tls = false
nick = "konbit"
channels = ["#office"]
sasl_account = "konbit"
password_env = "KONBIT_TEST_IRC_PASSWORD"
"##,
        port = net.port
    );
    let bot = Bot::with_config(&config(&hs, &room, &irc));
    let running = bot.spawn(
        &["run"],
        &[
            ("KONBIT_TEST_MATRIX_PASSWORD", BOT_PASSWORD),
            ("KONBIT_TEST_IRC_PASSWORD", "konbit-pw"),
        ],
    );
    assert!(
        alice.wait_membership(&room, &bot_id, MembershipState::Join).await,
        "the bot never reached Join:\n{}",
        running.log()
    );
    (net, hs, alice, bot_id, room, bot, running)
}

/// Waits until the wall clock is a second past `at` (a deadline that must pass while the
/// bot is down: the time itself is the event).
pub(crate) async fn wait_past(at: chrono::DateTime<chrono::Utc>) {
    let left = at + chrono::Duration::seconds(1) - chrono::Utc::now();
    tokio::time::sleep(left.to_std().unwrap_or_default()).await;
}

/// Moves proposal `id`'s deadline (the bot is stopped).
pub(crate) async fn set_deadline(db: &Path, id: i64, at: chrono::DateTime<chrono::Utc>) {
    use sqlx::ConnectOptions;
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(db)
        .connect()
        .await
        .expect("open the bot's database");
    sqlx::query("UPDATE proposals SET deadline_at = ? WHERE id = ?")
        .bind(at.timestamp_millis())
        .bind(id)
        .execute(&mut conn)
        .await
        .expect("move the deadline");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Synapse: run with -- --include-ignored (scripts/test does)"]
async fn a_veto_sent_while_the_bot_is_down_before_the_deadline_still_defers() {
    let (hs, mut alice, mut bob, bot_id, room) = setup(true).await;
    let (bot, running) = start_joined(&alice, &bot_id, &room, &config(&hs, &room, "")).await;
    alice.say(&room, "!propose paint the door").await;
    bob.expect(&bot_id, |m| m.body.contains("Proposal #1 by alice: paint the door"))
        .await;
    drop(running);

    // While the bot is down: the deadline comes close, bob vetoes in time, then the
    // deadline passes. On restart the veto counts at the time it was sent.
    let deadline = chrono::Utc::now() + chrono::Duration::seconds(4);
    set_deadline(&bot.dir().join("konbit.db"), 1, deadline).await;
    bob.say(&room, "!veto 1 not that colour").await;
    wait_past(deadline).await;
    let running = start(&bot);
    alice
        .expect(&bot_id, |m| {
            m.body.contains("Proposal #1 is deferred") && m.body.contains("bob vetoed it")
        })
        .await;
    alice.say(&room, "!proposal 1").await;
    let detail = alice
        .expect(&bot_id, |m| m.body.contains("Proposal #1 by alice, "))
        .await;
    assert!(detail.body.contains("Status: deferred"), "{}", detail.body);
    assert!(detail.body.contains("Veto by bob"), "{}", detail.body);
    let seen = alice.received_after(Duration::from_secs(1)).await;
    assert!(
        !seen.iter().any(|m| m.body.contains("Adopted")),
        "adopted despite the veto: {seen:#?}"
    );
    no_errors(&running);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Synapse: run with -- --include-ignored (scripts/test does)"]
async fn a_replayed_sync_from_a_stale_token_records_each_punch_once() {
    let (hs, mut alice, _bob, bot_id, room) = setup(true).await;
    let (bot, running) = start_joined(&alice, &bot_id, &room, &config(&hs, &room, "")).await;
    alice.say(&room, "!punch 1h webdev").await;
    alice.expect(&bot_id, |m| m.body.contains("Recorded")).await;
    drop(running);
    // The bot's state as it was then: its sync token is from before the next punch.
    let state = bot.dir().join("konbit.matrix");
    let saved = bot.dir().join("saved.matrix");
    copy_dir(&state, &saved);

    let running = start(&bot);
    alice.say(&room, "!punch 2h webdev").await;
    alice.expect(&bot_id, |m| m.body.contains("Recorded")).await;
    drop(running);
    std::fs::remove_dir_all(&state).expect("remove state");
    copy_dir(&saved, &state);

    // The stale token makes the homeserver deliver "!punch 2h" again.
    let running = start(&bot);
    alice.say(&room, "!hours").await;
    let report = alice.expect(&bot_id, |m| m.body.contains("Your hours")).await;
    assert!(report.body.contains("Total: 3h00 paid"), "{}", report.body);
    assert!(
        running.log().contains("ignored a Matrix event already handled"),
        "the replay never happened:\n{}",
        running.log()
    );
    no_errors(&running);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Synapse: run with -- --include-ignored (scripts/test does)"]
async fn a_plain_room_presence_from_membership_and_invitations_from_members_only() {
    let (hs, mut alice, _bob, bot_id, room) = setup(false).await;
    let mallory = User::new(&hs, "mallory").await;
    // Said before the bot ever came: the room's history, not a command for it.
    alice.say(&room, "!propose from before the bot came").await;
    let (_bot, running) = start_joined(&alice, &bot_id, &room, &config(&hs, &room, "")).await;

    // A plain (unencrypted) room works like an encrypted one.
    alice.say(&room, "!propose a plain room proposal").await;
    let first = alice
        .expect(&bot_id, |m| m.room == room && m.body.contains("Proposal #"))
        .await;
    assert!(
        first.body.starts_with("Proposal #1 by alice: a plain room proposal"),
        "{}",
        first.body
    );

    // Presence comes from room membership: bob has not said a word, he is in the round.
    alice.say(&room, "!standup start").await;
    let started = alice
        .expect(&bot_id, |m| m.body.starts_with("Stand-up round with"))
        .await;
    assert!(
        started.body.starts_with("Stand-up round with 2 people:"),
        "{}",
        started.body
    );
    assert!(started.body.contains("bob"), "{}", started.body);
    alice.say(&room, "!standup end").await;
    alice.expect(&bot_id, |m| m.body.starts_with("Stand-up summary")).await;

    let theirs = mallory.create_room(false, &[&bot_id]).await;
    assert!(
        mallory.wait_membership(&theirs, &bot_id, MembershipState::Leave).await,
        "the bot never reached Leave:\n{}",
        running.log()
    );

    // alice's own private room with the bot (encrypted): commands answered there.
    let private = alice.create_room(true, &[&bot_id]).await;
    assert!(
        alice.wait_membership(&private, &bot_id, MembershipState::Join).await,
        "the bot never reached Join:\n{}",
        running.log()
    );
    alice.say(&private, "!hours").await;
    let answer = alice.expect(&bot_id, |m| m.body.contains("hours")).await;
    assert_eq!(answer.room, private);
    no_errors(&running);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Synapse, InspIRCd and Atheme: run with -- --include-ignored (scripts/test does)"]
async fn one_member_on_irc_and_matrix_has_one_total_and_due_reminders_reach_each_network() {
    let (net, _hs, mut alice, bot_id, room, _bot, running) = on_irc_and_matrix(true).await;
    let port = net.port;
    // The IRC client is blocking: it runs on its own thread.
    let irc_alice = tokio::task::spawn_blocking(move || {
        let mut c = Client::connect(port, "alice", Some(("alice", "alice-pw")));
        c.join("#office");
        c.send("NAMES #office");
        if !c.expect(|l| l.contains(" 353 ")).contains("konbit") {
            c.expect(|l| l.starts_with(":konbit!") && l.contains(" JOIN "));
        }
        c.say("#office", "!punch 2h webdev");
        c.expect_from("konbit", |t| t.starts_with("Recorded"));
        c
    })
    .await
    .expect("IRC side");
    alice.say(&room, "!punch 1h30 webdev").await;
    alice.expect(&bot_id, |m| m.body.contains("Recorded")).await;
    alice.say(&room, "!hours").await;
    let report = alice.expect(&bot_id, |m| m.body.contains("Your hours")).await;
    assert!(report.body.contains("Total: 3h30 paid"), "{}", report.body);

    // What falls due goes through the one scheduler to the right network: alice's own
    // reminder to her Matrix direct room, the channel's to IRC.
    alice.say(&room, "!remind me in 1m stretch").await;
    alice
        .expect(&bot_id, |m| m.body.starts_with("Reminder #1 for you"))
        .await;
    alice.say(&room, "!remind #office in 1m tea time").await;
    alice
        .expect(&bot_id, |m| m.body.starts_with("Reminder #2 for #office"))
        .await;
    let due = alice
        .expect_within(Duration::from_secs(150), &bot_id, |m| m.body == "Reminder: stretch")
        .await;
    assert_ne!(due.room, room, "a private reminder in the shared room");
    tokio::task::spawn_blocking(move || {
        let mut c = irc_alice;
        c.expect_from("konbit", |t| t == "Reminder from alice: tea time");
    })
    .await
    .expect("IRC reminder");
    no_errors(&running);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Synapse: run with -- --include-ignored (scripts/test does)"]
async fn an_access_token_from_a_file_logs_in_and_a_wrong_password_is_a_clear_error() {
    let (hs, mut alice, _bob, bot_id, room) = setup(true).await;

    // A refused password stops the bot with a message, not a retry loop.
    let wrong = Bot::with_config(&config(&hs, &room, ""));
    let out = wrong.run_with_env(&["run"], &[("KONBIT_TEST_MATRIX_PASSWORD", "not-the-password")]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("Matrix login failed"), "{}", out.stderr);
    assert!(!out.stderr.contains("not-the-password"), "the password was logged");

    let token = hs.access_token("konbit", BOT_PASSWORD);
    let with_token = config(&hs, &room, "").replace(
        "password_env = \"KONBIT_TEST_MATRIX_PASSWORD\"",
        "access_token_file = \"matrix-token\"",
    );
    let bot = Bot::with_config(&with_token);
    std::fs::write(bot.dir().join("matrix-token"), format!("{token}\n")).expect("token file");
    let running = bot.spawn(&["run"], &[]);
    assert!(
        alice.wait_membership(&room, &bot_id, MembershipState::Join).await,
        "the bot never joined:\n{}",
        running.log()
    );
    alice.say(&room, "!projects").await;
    alice
        .expect(&bot_id, |m| m.room == room && m.body.contains("webdev"))
        .await;
    assert!(!running.log().contains(&token), "the access token was logged");
    // The saved session is readable by the bot's user only.
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(bot.dir().join("konbit.matrix/session.json"))
        .expect("session")
        .permissions()
        .mode();
    assert_eq!(mode & 0o077, 0, "session file mode {mode:o}");
    no_errors(&running);
    drop(running);

    // The saved device belongs to one account: another one in the config is refused.
    let other = with_token.replace("user = \"@konbit:", "user = \"@someone:");
    std::fs::write(bot.dir().join("konbit.toml"), other).expect("config");
    let out = bot.run_with_env(&["run"], &[]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr.contains("not @someone:konbit.test's: remove that directory"),
        "{}",
        out.stderr
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Synapse: run with -- --include-ignored (scripts/test does)"]
async fn garbled_and_unknown_events_are_ignored_and_the_bot_goes_on() {
    let (hs, mut alice, _bob, bot_id, room) = setup(true).await;
    let (_bot, running) = start_joined(&alice, &bot_id, &room, &config(&hs, &room, "")).await;
    let r = alice.client.get_room(&room).expect("room");
    let first = r
        .send(matrix_sdk::ruma::events::room::message::RoomMessageEventContent::text_plain("!punch 1h webdev"))
        .await
        .expect("send")
        .response
        .event_id;
    alice.expect(&bot_id, |m| m.body.contains("Recorded")).await;
    for (kind, content) in [
        // A message without a body, a body of the wrong type, nulls.
        ("m.room.message", serde_json::json!({"msgtype": "m.text"})),
        ("m.room.message", serde_json::json!({"msgtype": "m.text", "body": 42})),
        ("m.room.message", serde_json::json!({"msgtype": null, "body": null})),
        // A message type nobody knows, with a command in it: not run.
        (
            "m.room.message",
            serde_json::json!({"msgtype": "org.example.unknown", "body": "!punch 9h webdev"}),
        ),
        // An edit of a command: not run again.
        (
            "m.room.message",
            serde_json::json!({"msgtype": "m.text", "body": "* !punch 8h webdev",
                "m.new_content": {"msgtype": "m.text", "body": "!punch 8h webdev"},
                "m.relates_to": {"rel_type": "m.replace", "event_id": first}}),
        ),
        // An event type nobody knows, and one that lies about its shape.
        ("org.example.garbage", serde_json::json!({"x": [1, {"y": "\u{0000}"}]})),
        ("m.reaction", serde_json::json!({"m.relates_to": "not an object"})),
    ] {
        r.send_raw(kind, content).await.expect("send raw");
    }
    alice.say(&room, "!punch 1h webdev").await;
    alice.expect(&bot_id, |m| m.body.contains("Recorded")).await;
    alice.say(&room, "!hours").await;
    let report = alice.expect(&bot_id, |m| m.body.contains("Your hours")).await;
    assert!(report.body.contains("Total: 2h00 paid"), "{}", report.body);
    no_errors(&running);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Synapse: run with -- --include-ignored (scripts/test does)"]
async fn a_report_asked_for_in_a_group_room_reaches_only_a_direct_room_with_the_asker() {
    let (hs, alice, mut bob, bot_id, room) = setup(true).await;
    let (_bot, running) = start_joined(&alice, &bot_id, &room, &config(&hs, &room, "")).await;
    // bob's own encrypted room with alice and the bot, not in matrix.rooms: alice is
    // invited and has not joined yet, so only bob and the bot have joined it.
    alice.hold_invitations();
    let group = bob.create_room(true, &[&bot_id, &alice.id]).await;
    assert!(
        bob.wait_membership(&group, &bot_id, MembershipState::Join).await,
        "the bot never joined bob's room:\n{}",
        running.log()
    );
    bob.say(&group, "!hours").await;
    let report = bob.expect(&bot_id, |m| m.body.contains("Your hours")).await;
    assert_ne!(report.room, group, "bob's report went to a room alice is invited to");
    assert_ne!(report.room, room, "bob's report went to the main room");
    // The direct room is bob and the bot, nobody else, and encrypted.
    let direct = bob.client.get_room(&report.room).expect("the direct room");
    let mut members: Vec<OwnedUserId> = direct
        .members(RoomMemberships::ACTIVE)
        .await
        .expect("members")
        .iter()
        .map(|m| m.user_id().to_owned())
        .collect();
    members.sort();
    assert_eq!(members, vec![bob.id.clone(), bot_id.clone()]);
    assert!(direct.latest_encryption_state().await.expect("state").is_encrypted());

    // A room command said in that group room is answered there.
    bob.say(&group, "!projects").await;
    let answer = bob.expect(&bot_id, |m| m.body.contains("webdev")).await;
    assert_eq!(answer.room, group);
    // Afterwards bob's punch confirmations from the main room go to the direct room.
    bob.say(&room, "!punch 1h webdev").await;
    let recorded = bob.expect(&bot_id, |m| m.body.contains("Recorded")).await;
    assert_eq!(recorded.room, report.room, "a punch confirmation went elsewhere");
    let seen = bob.received_after(Duration::from_secs(1)).await;
    assert!(
        !seen
            .iter()
            .any(|m| m.room == group && (m.body.contains("Your hours") || m.body.contains("Recorded"))),
        "something personal in the group room: {seen:#?}"
    );

    // bob invites alice into his direct room with the bot: it is no longer private, and
    // bob's next report goes to another direct room, with him alone.
    direct.invite_user_by_id(&alice.id).await.expect("invite alice");
    assert!(
        bob.wait_membership(&report.room, &alice.id, MembershipState::Invite)
            .await
    );
    // The bot's sync brings the invitation before bob's next command, said after it.
    bob.say(&room, "!hours").await;
    let again = bob.expect(&bot_id, |m| m.body.contains("Your hours")).await;
    assert_ne!(
        again.room, report.room,
        "bob's report went to a room alice is invited to"
    );
    assert_ne!(again.room, group);
    let fresh = bob.client.get_room(&again.room).expect("the new direct room");
    let members = fresh.members(RoomMemberships::ACTIVE).await.expect("members");
    assert_eq!(members.len(), 2, "{members:?}");
    no_errors(&running);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Synapse: run with -- --include-ignored (scripts/test does)"]
async fn an_answer_due_while_the_homeserver_is_unreachable_arrives_once_it_is_back() {
    // A plain room: the proxy in front of the homeserver sees the command go by.
    let (hs, mut alice, _bob, bot_id, room) = setup(false).await;
    let flaky = Flaky::start(hs.port).await;
    // Logged in by access token: a password login would follow the homeserver's
    // well-known address, around the proxy.
    let token = hs.access_token("konbit", BOT_PASSWORD);
    let through_proxy = config(&hs, &room, "").replace(&hs.url(), &flaky.url()).replace(
        "password_env = \"KONBIT_TEST_MATRIX_PASSWORD\"",
        "access_token_file = \"matrix-token\"",
    );
    let bot = Bot::with_config(&through_proxy);
    std::fs::write(bot.dir().join("matrix-token"), format!("{token}\n")).expect("token file");
    let running = bot.spawn(&["run"], &[]);
    assert!(
        alice.wait_membership(&room, &bot_id, MembershipState::Join).await,
        "the bot never joined:\n{}",
        running.log()
    );
    alice.say(&room, "!projects").await;
    let answer = alice
        .expect(&bot_id, |m| m.room == room && m.body.contains("webdev"))
        .await;

    // The homeserver becomes unreachable right after delivering the command to the bot.
    flaky.arm("!punch 2h webdev", Duration::from_secs(4));
    alice.say(&room, "!punch 2h webdev").await;
    let recorded = alice
        .expect_within(Duration::from_secs(90), &bot_id, |m| m.body.contains("Recorded"))
        .await;
    assert_eq!(flaky.outages(), 1, "the homeserver never went away");
    // The bot's messages are notices (a reply still mentions its speaker).
    assert!(recorded.notice && answer.notice, "not m.notice: {answer:?}");
    assert_eq!(answer.mentions, vec![alice.id.clone()]);
    let seen = alice.received_after(Duration::from_secs(2)).await;
    assert_eq!(
        seen.iter().filter(|m| m.body.contains("Recorded")).count(),
        1,
        "{seen:#?}"
    );
    // One line each when connected, when the homeserver is lost and when it is back.
    let log = running.log();
    for line in [
        "connected to Matrix and logged in",
        "lost the connection to Matrix",
        "reconnected to Matrix",
    ] {
        assert_eq!(log.matches(line).count(), 1, "{line:?} in:\n{log}");
    }
    no_errors(&running);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Synapse: run with -- --include-ignored (scripts/test does)"]
async fn one_person_flooding_the_bot_does_not_hold_up_a_members_confirmation() {
    let (hs, mut alice, _bob, bot_id, room) = setup(false).await;
    let mut mallory = User::new(&hs, "mallory").await;
    alice
        .client
        .get_room(&room)
        .expect("room")
        .invite_user_by_id(&mallory.id)
        .await
        .expect("invite mallory");
    assert!(alice.wait_membership(&room, &mallory.id, MembershipState::Join).await);
    // The homeserver lets the bot send one message a second (after a burst of 2).
    hs.limit_messages(&bot_id, 1, 2);
    let (_bot, running) = start_joined(&alice, &bot_id, &room, &config(&hs, &room, "")).await;

    // mallory (not a member) floods the bot with read commands.
    const FLOOD: usize = 12;
    for _ in 0..FLOOD {
        mallory.say(&room, "!projects").await;
    }
    let theirs = |m: &synapse::Received| m.room == room && m.body.contains("webdev");
    let mut answers = vec![mallory.expect(&bot_id, theirs).await];
    alice.say(&room, "!punch 2h webdev").await;
    let recorded = alice
        .expect_within(Duration::from_secs(120), &bot_id, |m| m.body.contains("Recorded"))
        .await;
    // Every one of mallory's answers comes (the rate limit is waited out, not a loss)…
    while answers.len() < FLOOD {
        answers.push(mallory.expect_within(Duration::from_secs(120), &bot_id, theirs).await);
    }
    // …and alice's confirmation did not wait for the end of the flood.
    let last = answers.iter().map(|m| m.at).max().unwrap_or_default();
    assert!(
        recorded.at < last,
        "alice's confirmation came after mallory's whole flood ({} ≥ {last})",
        recorded.at
    );
    no_errors(&running);
}
