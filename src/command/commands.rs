//! [`Command`]: what a chat line asks for, once parsed, and what the core needs to know
//! about it before running it (its verb, whether it writes, whether it may move a
//! deadline).

use super::{AbsentDay, AgendaCmd, PeriodSpec, PunchCmd, RemindTarget, RolesCmd, StandupCmd, Subject, Verb};
use crate::domain::proposal::{Money, ProposalId};
use crate::domain::schedule::RemindWhen;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Help {
        topic: Option<String>,
    },
    Propose {
        budget: Option<Money>,
        text: String,
    },
    Veto {
        id: ProposalId,
        reason: String,
    },
    Unveto {
        id: ProposalId,
    },
    Withdraw {
        id: ProposalId,
    },
    Proposals,
    Proposal {
        id: ProposalId,
    },
    Punch(PunchCmd),
    ProjectAdd {
        name: String,
    },
    Projects,
    Hours {
        period: PeriodSpec,
        subject: Subject,
    },
    Standup(StandupCmd),
    Next,
    Pass,
    Skip {
        name: String,
    },
    Later,
    MeetingStart {
        committee: String,
    },
    MeetingEnd,
    Here,
    Topic {
        text: String,
    },
    Agreed {
        text: String,
    },
    Action {
        who: String,
        what: String,
    },
    Decide {
        id: ProposalId,
        adopted: bool,
        note: Option<String>,
    },
    Minutes,
    /// `!agenda`: the next meeting's agenda, or a change to it.
    Agenda(AgendaCmd),
    /// `!item`: the agenda item the meeting is on; `next`: the meeting takes up the next.
    Item {
        next: bool,
    },
    /// `!roles`: the team of the next meeting, or a role handed back.
    Roles(RolesCmd),
    Absent {
        from: AbsentDay,
        to: AbsentDay,
        reason: String,
    },
    Attendance {
        name: Option<String>,
        period: Option<PeriodSpec>,
    },
    Membership,
    Update {
        text: String,
    },
    Remind {
        target: RemindTarget,
        when: RemindWhen,
        text: String,
    },
    Reminders,
    Unremind {
        id: i64,
    },
    /// `!mail`: what the member gets by e-mail; with a choice, changes it.
    Mail {
        choice: Option<crate::domain::mail::MailPref>,
    },
    /// `!web`: a new private link to one's own page (`revoke`: none any more).
    Web {
        revoke: bool,
    },
    /// `!mydata`: what konbit holds about the member, and a private link to all of it.
    MyData,
    Unknown {
        name: String,
    },
}

impl Command {
    pub fn verb(&self) -> Option<Verb> {
        Some(match self {
            Command::Help { .. } => Verb::Help,
            Command::Propose { .. } => Verb::Propose,
            Command::Veto { .. } => Verb::Veto,
            Command::Unveto { .. } => Verb::Unveto,
            Command::Withdraw { .. } => Verb::Withdraw,
            Command::Proposals => Verb::Proposals,
            Command::Proposal { .. } => Verb::Proposal,
            Command::Punch(_) => Verb::Punch,
            Command::ProjectAdd { .. } => Verb::Project,
            Command::Projects => Verb::Projects,
            Command::Hours { .. } => Verb::Hours,
            Command::Standup(_) => Verb::Standup,
            Command::Next => Verb::Next,
            Command::Pass => Verb::Pass,
            Command::Skip { .. } => Verb::Skip,
            Command::Later => Verb::Later,
            Command::MeetingStart { .. } | Command::MeetingEnd => Verb::Meeting,
            Command::Here => Verb::Here,
            Command::Topic { .. } => Verb::Topic,
            Command::Agreed { .. } => Verb::Agreed,
            Command::Action { .. } => Verb::Action,
            Command::Decide { .. } => Verb::Decide,
            Command::Minutes => Verb::Minutes,
            Command::Agenda(_) => Verb::Agenda,
            Command::Item { .. } => Verb::Item,
            Command::Roles(_) => Verb::Roles,
            Command::Absent { .. } => Verb::Absent,
            Command::Attendance { .. } => Verb::Attendance,
            Command::Membership => Verb::Membership,
            Command::Update { .. } => Verb::Update,
            Command::Remind { .. } => Verb::Remind,
            Command::Reminders => Verb::Reminders,
            Command::Unremind { .. } => Verb::Unremind,
            Command::Mail { .. } => Verb::Mail,
            Command::Web { .. } => Verb::Web,
            Command::MyData => Verb::Mydata,
            Command::Unknown { .. } => return None,
        })
    }

    /// Whether handling the command may change when something falls due (a proposal, a
    /// timer, a round, a reminder…): the transports recompute the next wake-up only then.
    pub fn may_change_schedule(&self) -> bool {
        match self {
            // A timer started or stopped, an entry changed: the running-timer reminder moves.
            Command::Punch(
                PunchCmd::In { .. }
                | PunchCmd::Out { .. }
                | PunchCmd::Status
                | PunchCmd::Undo
                | PunchCmd::Delete { .. }
                | PunchCmd::Edit { .. },
            ) => true,
            Command::Propose { .. }
            | Command::Veto { .. }
            | Command::Unveto { .. }
            | Command::Withdraw { .. }
            | Command::ProjectAdd { .. }
            | Command::Standup(_)
            | Command::Next
            | Command::Pass
            | Command::Skip { .. }
            | Command::Later
            | Command::MeetingStart { .. }
            | Command::MeetingEnd
            | Command::Here
            | Command::Topic { .. }
            | Command::Agreed { .. }
            | Command::Action { .. }
            | Command::Decide { .. }
            // A time box starts, or one running stops.
            | Command::Item { next: true }
            | Command::Absent { .. }
            | Command::Update { .. }
            | Command::Remind { .. }
            | Command::Unremind { .. }
            | Command::Roles(RolesCmd::Pass { .. })
            // A link replaced or revoked: the retention run deletes it in time.
            | Command::Web { .. }
            | Command::MyData => true,
            Command::Punch(PunchCmd::Add { .. })
            | Command::Hours { .. }
            | Command::Projects
            | Command::Help { .. }
            | Command::Proposals
            | Command::Proposal { .. }
            | Command::Reminders
            | Command::Minutes
            | Command::Agenda(_)
            | Command::Item { next: false }
            | Command::Roles(RolesCmd::Show { .. })
            | Command::Attendance { .. }
            | Command::Membership
            | Command::Mail { .. }
            | Command::Unknown { .. } => false,
        }
    }

    /// Whether the command is recorded together with its neighbours when several arrive
    /// at once (see `app/batch.rs`): runs of `!punch <duration>` and of `!remind` are each
    /// written with one statement; everything else is decided on its own, in order. Every
    /// command is listed, so that a new one is a decision, not a default.
    pub fn batched(&self) -> Option<Batched<'_>> {
        match self {
            Command::Punch(add @ PunchCmd::Add { .. }) => Some(Batched::Punch(add)),
            Command::Remind { target, when, text } => Some(Batched::Remind { target, when, text }),
            Command::Punch(
                PunchCmd::In { .. }
                | PunchCmd::Out { .. }
                | PunchCmd::Status
                | PunchCmd::Undo
                | PunchCmd::Delete { .. }
                | PunchCmd::Edit { .. },
            )
            | Command::Help { .. }
            | Command::Propose { .. }
            | Command::Veto { .. }
            | Command::Unveto { .. }
            | Command::Withdraw { .. }
            | Command::Proposals
            | Command::Proposal { .. }
            | Command::ProjectAdd { .. }
            | Command::Projects
            | Command::Hours { .. }
            | Command::Standup(_)
            | Command::Next
            | Command::Pass
            | Command::Skip { .. }
            | Command::Later
            | Command::MeetingStart { .. }
            | Command::MeetingEnd
            | Command::Here
            | Command::Topic { .. }
            | Command::Agreed { .. }
            | Command::Action { .. }
            | Command::Decide { .. }
            | Command::Minutes
            | Command::Agenda(_)
            | Command::Item { .. }
            | Command::Roles(_)
            | Command::Absent { .. }
            | Command::Attendance { .. }
            | Command::Membership
            | Command::Update { .. }
            | Command::Reminders
            | Command::Unremind { .. }
            | Command::Mail { .. }
            | Command::Web { .. }
            | Command::MyData
            | Command::Unknown { .. } => None,
        }
    }

    /// Whether the command changes the record (refused to non-members).
    pub fn writes(&self) -> bool {
        let Some(verb) = self.verb() else {
            return false;
        };
        // Reading the last summary, the agenda, the item a meeting is on or the team is
        // for everyone.
        verb.spec().writes
            && *self != Command::Standup(StandupCmd::Last)
            && *self != Command::Item { next: false }
            && !matches!(
                self,
                Command::Agenda(AgendaCmd::Show { .. }) | Command::Roles(RolesCmd::Show { .. })
            )
    }
}

/// A command recorded in a run with its neighbours ([`Command::batched`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Batched<'a> {
    /// `!punch <duration> …`: its run is one insert.
    Punch(&'a PunchCmd),
    /// `!remind …`: its run is one insert.
    Remind {
        target: &'a RemindTarget,
        when: &'a RemindWhen,
        text: &'a str,
    },
}
