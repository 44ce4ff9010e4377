//! The agenda prepared ahead of a meeting (issue 31; README, "Meetings"): items added by
//! several members over a week, refusals, the reminder and the e-mail carrying the agenda,
//! `!meeting start` posting it and the minutes listing it — in English and in French,
//! through the real binary's console with a simulated clock.

use crate::support;

use support::{Bot, script};

const CONFIG: &str = r##"
[console]
room = "#office"
[meetings]
reminders_before = ["1d"]
[mail]
from = "konbit@coop.example"
[mail.smtp]
host = "127.0.0.1"
security = "none"
[[members]]
name = "alice"
email = "alice@coop.example"
[[members]]
name = "bob"
[[members]]
name = "carole"
"##;

/// Wednesday 2026-11-18 09:00 in Montreal (EST); the production meeting is on Tuesdays
/// at 10:00, so the next one is on 2026-11-24.
const WEDNESDAY: &str = "2026-11-18T09:00:00-05:00";

#[test]
fn an_agenda_prepared_over_a_week_goes_out_with_the_reminder_and_into_the_meeting() {
    let bot = Bot::with_config(CONFIG);
    let out = bot.console(
        WEDNESDAY,
        &script(&[
            "alice: !propose buy a second-hand espresso machine",
            "bob: !veto 1 we should compare prices first",
            "alice: !agenda add Quarterly figures info",
            "/at 2026-11-19T11:00",
            "bob: !agenda add Ideas for the open house brainstorm 30m",
            "carole: !agenda add budget decision",
            "/at 2026-11-20T14:00",
            "carole: !agenda add Buy a second laser cutter decision",
            "carole: !agenda add #1 decision",
            "carole: !agenda add #9 decision",
            "bob: !agenda remove 1",
            "alice: !agenda add Parking info 10m",
            "alice: !agenda remove 4",
            "alice: !agenda remove 4",
            "bob: !agenda",
            "/at 2026-11-23T10:00",
            "/at 2026-11-24T10:00",
            "alice: !meeting start production",
            "bob: !agenda add After the start info",
            "alice: !topic Quarterly figures",
            "/wait 40m",
            "alice: !meeting end",
            "bob: !agenda",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    println!("{}", out.stdout);
    panic!("see");
}

#[test]
fn the_agenda_in_french_with_odj() {
    let bot = Bot::with_config(
        "[collective]\nlanguage = \"fr\"\n[meetings]\nreminders_before = [\"1d\"]\n[[members]]\nname = \"ana\"\n[[members]]\nname = \"ben\"\n",
    );
    let out = bot.console(
        WEDNESDAY,
        &script(&[
            "ana: !odj ajouter Chiffres du trimestre",
            "/at 2026-11-19T11:00",
            "ben: !odj ajouter Idées pour les portes ouvertes remue-meninges 30m",
            "ben: !odj ajouter le budget décision",
            "ben: !ordre-du-jour ajouter Acheter une deuxième découpeuse laser décision",
            "ben: !odj retirer 1",
            "ana: !odj ajouter Stationnement info 10m",
            "ana: !odj retirer 4",
            "ben: !odj",
            "/at 2026-11-23T10:00",
            "/at 2026-11-24T10:00",
            "ana: !réunion début production",
            "/wait 40m",
            "ana: !réunion fin",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    println!("{}", out.stdout);
    panic!("see");
}
