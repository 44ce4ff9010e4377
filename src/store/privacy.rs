//! Everything the database holds about one member, read for `!mydata`, its download link
//! and `konbit export member` (docs/privacy.md): their own rows of every table, and of the
//! collective's records only their part (their proposals and vetoes, the meetings they
//! attended, the agenda items they added, the facilitation roles they held, their stand-up
//! lines), never what someone else did or said about them by
//! name. Each kind is a list of flat rows, so that it is both JSON and a CSV file.

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::Serialize;

use super::sql;
use super::{Store, StoreError, from_millis};
use crate::domain::standup::{Round, Summary};
use crate::effect::{Effect, MailTo};

use super::records::*;

/// Everything about one member, by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MemberRecords {
    pub hours: Vec<HourRow>,
    pub timer: Vec<TimerRow>,
    pub absences: Vec<AbsenceRow>,
    pub attendance: Vec<AttendanceRow>,
    pub meetings_started: Vec<MeetingRow>,
    pub meeting_items: Vec<ItemRow>,
    pub agenda_items: Vec<AgendaItemRow>,
    pub roles: Vec<RoleRow>,
    pub proposals: Vec<ProposalRow>,
    pub vetoes: Vec<VetoRow>,
    pub reminders: Vec<ReminderRow>,
    pub standup_updates: Vec<UpdateRow>,
    pub standup_turns: Vec<TurnRow>,
    pub links: Vec<LinkRow>,
    pub mail_choice: Vec<MailChoiceRow>,
    pub mail_replies: Vec<MailReplyRow>,
    pub mail_answers: Vec<MailUsageRow>,
    pub projects_added: Vec<AddedProjectRow>,
    pub pending_messages: Vec<PendingRow>,
}

/// One kind's rows, counted, with its oldest and newest local day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindSummary {
    /// The kind's key: its CSV file's name and its catalog label (`mydata-kind-<key>`).
    pub key: &'static str,
    pub count: usize,
    pub oldest: Option<NaiveDate>,
    pub newest: Option<NaiveDate>,
}

impl MemberRecords {
    /// Whether nothing at all is recorded.
    pub fn is_empty(&self) -> bool {
        self.summary(chrono_tz::UTC).iter().all(|k| k.count == 0)
    }

    /// Every kind, in the archive's order: its count and its dates as local days in `tz`.
    pub fn summary(&self, tz: Tz) -> Vec<KindSummary> {
        let local = |t: &At| t.with_timezone(&tz).date_naive();
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let kinds: Vec<(&'static str, Vec<NaiveDate>)> = vec![
            ("hours", self.hours.iter().filter_map(|r| day(&r.day)).collect()),
            ("timer", self.timer.iter().map(|r| local(&r.started_at)).collect()),
            (
                "absences",
                self.absences.iter().filter_map(|r| day(&r.from_day)).collect(),
            ),
            ("attendance", self.attendance.iter().map(|r| local(&r.at)).collect()),
            (
                "meetings_started",
                self.meetings_started.iter().map(|r| local(&r.started_at)).collect(),
            ),
            (
                "meeting_items",
                self.meeting_items.iter().map(|r| local(&r.at)).collect(),
            ),
            (
                "agenda_items",
                self.agenda_items.iter().map(|r| local(&r.added_at)).collect(),
            ),
            ("roles", self.roles.iter().map(|r| local(&r.drawn_at)).collect()),
            (
                "proposals",
                self.proposals.iter().map(|r| local(&r.created_at)).collect(),
            ),
            ("vetoes", self.vetoes.iter().map(|r| local(&r.created_at)).collect()),
            (
                "reminders",
                self.reminders.iter().map(|r| local(&r.created_at)).collect(),
            ),
            (
                "standup_updates",
                self.standup_updates.iter().map(|r| local(&r.at)).collect(),
            ),
            ("standup_turns", {
                let mut rounds: Vec<(i64, NaiveDate)> = self
                    .standup_turns
                    .iter()
                    .map(|r| (r.round_id, local(&r.started_at)))
                    .collect();
                rounds.dedup();
                rounds.into_iter().map(|(_, d)| d).collect()
            }),
            ("links", self.links.iter().map(|r| local(&r.created_at)).collect()),
            (
                "mail_choice",
                self.mail_choice.iter().map(|r| local(&r.changed_at)).collect(),
            ),
            (
                "mail_replies",
                self.mail_replies.iter().map(|r| local(&r.handled_at)).collect(),
            ),
            (
                "mail_answers",
                self.mail_answers.iter().map(|r| local(&r.sent_at)).collect(),
            ),
            (
                "projects_added",
                self.projects_added.iter().map(|r| local(&r.added_at)).collect(),
            ),
            (
                "pending_messages",
                self.pending_messages.iter().map(|r| local(&r.created_at)).collect(),
            ),
        ];
        kinds
            .into_iter()
            .map(|(key, days)| KindSummary {
                key,
                count: days.len(),
                oldest: days.iter().min().copied(),
                newest: days.iter().max().copied(),
            })
            .collect()
    }
}

/// Who the records are about: the roster name and the handles they are known by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub name: String,
    /// Network handles (IRC nick and account, Matrix id), for actions given by handle and
    /// private messages addressed by it.
    pub handles: Vec<String>,
    pub email: Option<String>,
}

impl Subject {
    /// Who `name` is in `config`'s roster (any case): their roster name and handles; the
    /// name as given when the roster does not have it.
    pub fn of(config: &crate::config::Config, name: &str) -> Subject {
        match config.member_named(name) {
            Some(m) => Subject {
                name: m.name.clone(),
                handles: [&m.irc_account, &m.irc_nick, &m.matrix_id]
                    .into_iter()
                    .flatten()
                    .cloned()
                    .collect(),
                email: m.email.clone(),
            },
            None => Subject {
                name: name.to_owned(),
                handles: Vec::new(),
                email: None,
            },
        }
    }

    /// Whether `who` names this member (their name or a handle, any case).
    pub fn is(&self, who: &str) -> bool {
        who.eq_ignore_ascii_case(&self.name) || self.handles.iter().any(|h| who.eq_ignore_ascii_case(h))
    }

    /// Whether an outbox entry is a private message or a mail for this member.
    pub fn is_recipient(&self, effect: &Effect) -> bool {
        match effect {
            Effect::Private { to, .. } => self.is(to.name()),
            Effect::Mail(mail) => matches!(&mail.to, MailTo::Member(m) if self.is(m)),
            Effect::Reply { .. } | Effect::Announce { .. } => false,
        }
    }
}

fn at(ms: i64) -> Result<At, StoreError> {
    from_millis(ms)
}

fn at_opt(ms: Option<i64>) -> Result<Option<At>, StoreError> {
    ms.map(from_millis).transpose()
}

impl Store {
    /// Everything recorded about `who`.
    pub async fn member_records(&self, who: &Subject) -> Result<MemberRecords, StoreError> {
        let name = who.name.as_str();
        let mut conn = self.conn().await?;
        let c = &mut conn;
        let mut r = MemberRecords::default();

        type Hour = (i64, String, String, i64, bool, Option<String>, String, i64, Option<i64>);
        let rows: Vec<Hour> = sql!(
            c,
            fetch_all,
            query_as(
                "SELECT id, project, day, minutes, volunteer, note, source, created_at, deleted_at
             FROM punches WHERE member = ?1 COLLATE NOCASE ORDER BY day, id",
            )
            .bind(name)
        )?;
        for (id, project, day, minutes, volunteer, note, source, created, deleted) in rows {
            r.hours.push(HourRow {
                id,
                project,
                day,
                minutes,
                volunteer,
                note,
                source,
                recorded_at: at(created)?,
                deleted_at: at_opt(deleted)?,
            });
        }
        let rows: Vec<(String, bool, Option<String>, i64)> = sql!(
            c,
            fetch_all,
            query_as("SELECT project, volunteer, note, started_at FROM timers WHERE member = ?1 COLLATE NOCASE")
                .bind(name)
        )?;
        for (project, volunteer, note, started) in rows {
            r.timer.push(TimerRow {
                project,
                volunteer,
                note,
                started_at: at(started)?,
            });
        }
        let rows: Vec<(i64, String, String, String, i64)> = sql!(
            c,
            fetch_all,
            query_as(
                "SELECT id, from_day, to_day, reason, created_at FROM absences
             WHERE member = ?1 COLLATE NOCASE ORDER BY from_day, id",
            )
            .bind(name)
        )?;
        for (id, from_day, to_day, reason, created) in rows {
            r.absences.push(AbsenceRow {
                id,
                from_day,
                to_day,
                reason,
                recorded_at: at(created)?,
            });
        }
        let rows: Vec<(i64, String, i64, i64, String)> = sql!(
            c,
            fetch_all,
            query_as(
                "SELECT m.id, m.committee, m.started_at, a.at, a.how FROM attendance a
             JOIN meetings m ON m.id = a.meeting_id WHERE a.member = ?1 COLLATE NOCASE ORDER BY a.at",
            )
            .bind(name)
        )?;
        for (meeting_id, committee, started, when, how) in rows {
            r.attendance.push(AttendanceRow {
                meeting_id,
                committee,
                meeting_started_at: at(started)?,
                at: at(when)?,
                how,
            });
        }
        let rows: Vec<(i64, String, String, i64, Option<i64>)> = sql!(
            c,
            fetch_all,
            query_as(
                "SELECT id, committee, room, started_at, ended_at FROM meetings
             WHERE started_by = ?1 COLLATE NOCASE ORDER BY started_at",
            )
            .bind(name)
        )?;
        for (id, committee, room, started, ended) in rows {
            r.meetings_started.push(MeetingRow {
                id,
                committee,
                room,
                started_at: at(started)?,
                ended_at: at_opt(ended)?,
            });
        }
        // Items are few; the handles an action may name are compared here.
        type Item = (i64, i64, String, Option<String>, String, String, i64);
        let rows: Vec<Item> = sql!(
            c,
            fetch_all,
            query_as("SELECT id, meeting_id, kind, who, text, author, at FROM meeting_items ORDER BY id")
        )?;
        for (id, meeting_id, kind, who_, text, author, when) in rows {
            let yours = who.is(&author);
            if yours || who_.as_deref().is_some_and(|w| who.is(w)) {
                r.meeting_items.push(ItemRow {
                    id,
                    meeting_id,
                    kind,
                    who: who_,
                    text,
                    at: at(when)?,
                    yours,
                });
            }
        }
        type Agenda = (i64, String, String, String, i64, Option<i64>, i64, Option<i64>);
        let rows: Vec<Agenda> = sql!(
            c,
            fetch_all,
            query_as(
                "SELECT id, committee, title, kind, minutes, proposal_id, added_at, meeting_id FROM agenda_items
             WHERE author = ?1 COLLATE NOCASE ORDER BY id",
            )
            .bind(name)
        )?;
        for (id, committee, title, kind, minutes, proposal_id, added, meeting_id) in rows {
            r.agenda_items.push(AgendaItemRow {
                id,
                committee,
                title,
                kind,
                minutes,
                proposal_id,
                added_at: at(added)?,
                meeting_id,
            });
        }
        // Only the member's own holdings: who else was drawn is not theirs.
        type Role = (String, String, i64, Option<i64>, i64, Option<i64>);
        let rows: Vec<Role> = sql!(
            c,
            fetch_all,
            query_as(
                "SELECT h.role, d.committee, d.occurrence, d.meeting_id, h.assigned_at, h.passed_at
             FROM role_holders h JOIN role_draws d ON d.id = h.draw_id
             WHERE h.member = ?1 COLLATE NOCASE ORDER BY h.assigned_at, h.id",
            )
            .bind(name)
        )?;
        for (role, committee, occurrence, meeting_id, assigned, passed) in rows {
            r.roles.push(RoleRow {
                role,
                committee,
                meeting_at: at(occurrence)?,
                meeting_id,
                drawn_at: at(assigned)?,
                passed_at: at_opt(passed)?,
            });
        }
        type Proposal = (i64, String, String, Option<i64>, String, i64, i64, Option<i64>);
        let rows: Vec<Proposal> = sql!(
            c,
            fetch_all,
            query_as(
                "SELECT id, room, text, budget_cents, state, created_at, deadline_at, closed_at FROM proposals
             WHERE proposer = ?1 COLLATE NOCASE ORDER BY id",
            )
            .bind(name)
        )?;
        for (id, room, text, budget_cents, state, created, deadline, closed) in rows {
            r.proposals.push(ProposalRow {
                id,
                room,
                text,
                budget_cents,
                state,
                created_at: at(created)?,
                deadline_at: at(deadline)?,
                closed_at: at_opt(closed)?,
            });
        }
        let rows: Vec<(i64, i64, String, i64, Option<i64>)> = sql!(
            c,
            fetch_all,
            query_as(
                "SELECT id, proposal_id, reason, created_at, lifted_at FROM vetoes
             WHERE vetoer = ?1 COLLATE NOCASE ORDER BY id",
            )
            .bind(name)
        )?;
        for (id, proposal_id, reason, created, lifted) in rows {
            r.vetoes.push(VetoRow {
                id,
                proposal_id,
                reason,
                created_at: at(created)?,
                lifted_at: at_opt(lifted)?,
            });
        }
        type Reminder = (
            i64,
            String,
            String,
            String,
            String,
            String,
            Option<i64>,
            Option<String>,
            Option<i64>,
            i64,
            Option<i64>,
        );
        let rows: Vec<Reminder> = sql!(
            c,
            fetch_all,
            query_as(
                "SELECT id, owner, target_kind, target, text, tz, every_weekday, every_time, next_due, created_at,
                    cancelled_at
             FROM reminders WHERE owner = ?1 COLLATE NOCASE OR (target_kind = 'member' AND target = ?1 COLLATE NOCASE)
             ORDER BY id",
            )
            .bind(name)
        )?;
        for (id, owner, target_kind, target, text, tz, weekday, time, next, created, cancelled) in rows {
            r.reminders.push(ReminderRow {
                id,
                yours: who.is(&owner),
                target_kind,
                target,
                text,
                time_zone: tz,
                every_weekday: weekday,
                every_time: time,
                next_due: at_opt(next)?,
                created_at: at(created)?,
                cancelled_at: at_opt(cancelled)?,
            });
        }
        let rows: Vec<(i64, String, i64, Option<i64>)> = sql!(
            c,
            fetch_all,
            query_as("SELECT id, line, at, used_by FROM standup_updates WHERE member = ?1 COLLATE NOCASE ORDER BY id",)
                .bind(name)
        )?;
        for (id, line, when, used) in rows {
            r.standup_updates.push(UpdateRow {
                id,
                line,
                at: at(when)?,
                used: used.is_some(),
            });
        }
        let rows: Vec<(i64, String, i64, String, Option<String>)> = sql!(
            c,
            fetch_all,
            query_as("SELECT id, room, started_at, round, summary FROM standups ORDER BY id")
        )?;
        for (id, room, started, round, summary) in rows {
            r.standup_turns
                .extend(turns_of(who, id, &room, at(started)?, &round, summary.as_deref()));
        }
        let rows: Vec<(String, i64, Option<i64>, Option<i64>)> = sql!(
            c,
            fetch_all,
            query_as(
                "SELECT 'page', created_at, NULL, revoked_at FROM web_links WHERE member = ?1 COLLATE NOCASE
             UNION ALL
             SELECT 'download', created_at, expires_at, revoked_at FROM data_links WHERE member = ?1 COLLATE NOCASE
             ORDER BY 2",
            )
            .bind(name)
        )?;
        for (kind, created, expires, revoked) in rows {
            r.links.push(LinkRow {
                kind,
                created_at: at(created)?,
                expires_at: at_opt(expires)?,
                revoked_at: at_opt(revoked)?,
            });
        }
        let rows: Vec<(String, i64)> = sql!(
            c,
            fetch_all,
            query_as("SELECT pref, changed_at FROM mail_prefs WHERE member = ?1 COLLATE NOCASE").bind(name)
        )?;
        for (choice, changed) in rows {
            r.mail_choice.push(MailChoiceRow {
                choice,
                changed_at: at(changed)?,
            });
        }
        let rows: Vec<(String, i64)> = sql!(
            c,
            fetch_all,
            query_as(
                "SELECT message_id, handled_at FROM mail_seen WHERE member = ?1 COLLATE NOCASE ORDER BY handled_at",
            )
            .bind(name)
        )?;
        for (message_id, handled) in rows {
            r.mail_replies.push(MailReplyRow {
                message_id,
                handled_at: at(handled)?,
            });
        }
        if let Some(email) = &who.email {
            let rows: Vec<(i64, i64)> = sql!(c, fetch_all, query_as(
                "SELECT proposal, sent_at FROM mail_usage WHERE address = ?1 COLLATE NOCASE ORDER BY sent_at",
            ).bind(email))?;
            for (proposal, sent) in rows {
                r.mail_answers.push(MailUsageRow {
                    proposal,
                    sent_at: at(sent)?,
                });
            }
        }
        let rows: Vec<(String, i64)> = sql!(
            c,
            fetch_all,
            query_as("SELECT name, added_at FROM projects WHERE added_by = ?1 COLLATE NOCASE ORDER BY added_at")
                .bind(name)
        )?;
        for (name, added) in rows {
            r.projects_added.push(AddedProjectRow {
                name,
                added_at: at(added)?,
            });
        }
        let rows: Vec<(i64, String, i64)> = sql!(
            c,
            fetch_all,
            query_as("SELECT id, effect, created_at FROM outbox ORDER BY id")
        )?;
        for (id, json, created) in rows {
            // An entry this version cannot read is a newer konbit's: not shown, never lost.
            if let Ok(effect) = serde_json::from_str::<Effect>(&json)
                && who.is_recipient(&effect)
            {
                r.pending_messages.push(PendingRow {
                    id,
                    created_at: at(created)?,
                    text: effect.message().plain(),
                });
            }
        }
        Ok(r)
    }
}

/// The member's turn in one round (its summary when it ended, else the round itself).
fn turns_of(who: &Subject, id: i64, room: &str, started_at: At, round: &str, summary: Option<&str>) -> Vec<TurnRow> {
    let row = |outcome: &str, line: Option<(String, String)>| {
        let (tag, line) = line.map_or((None, None), |(t, l)| (Some(t), Some(l)));
        TurnRow {
            round_id: id,
            room: room.to_owned(),
            started_at,
            outcome: outcome.to_owned(),
            tag,
            line,
        }
    };
    let tag_name = |t: &crate::domain::standup::Tag| format!("{t:?}").to_lowercase();
    if let Some(summary) = summary {
        let Ok(s) = serde_json::from_str::<Summary>(summary) else {
            return Vec::new();
        };
        let lists = [
            ("spoke", &s.spoke),
            ("read", &s.read),
            ("passed", &s.passed),
            ("absent", &s.absent),
            ("not_called", &s.not_called),
        ];
        let Some((outcome, _)) = lists.iter().find(|(_, l)| l.iter().any(|m| who.is(m))) else {
            return Vec::new();
        };
        let lines: Vec<(String, String)> = s
            .lines
            .iter()
            .flat_map(|(tag, ls)| ls.iter().map(move |(m, l)| (tag, m, l)))
            .filter(|(_, m, _)| who.is(m))
            .map(|(tag, _, l)| (tag_name(tag), l.clone()))
            .collect();
        if lines.is_empty() {
            return vec![row(outcome, None)];
        }
        return lines.into_iter().map(|l| row(outcome, Some(l))).collect();
    }
    let Ok(round) = serde_json::from_str::<Round>(round) else {
        return Vec::new();
    };
    let Some(turn) = round.turns.iter().find(|t| who.is(&t.member)) else {
        return Vec::new();
    };
    if turn.lines.is_empty() {
        return vec![row("running", None)];
    }
    turn.lines
        .iter()
        .map(|(tag, l)| row("running", Some((tag_name(tag), l.clone()))))
        .collect()
}
