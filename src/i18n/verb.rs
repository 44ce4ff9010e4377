//! [`Verb`]: the command words, one per command. Declared here, in the bottom layer, so
//! that the locale table (`table.rs`) can name each command in every language without
//! `i18n` using `command`; what each verb means (its syntax, whether it writes) is in
//! `src/command/verb.rs`, which re-exports it.

/// Declares [`Verb`] and [`Verb::ALL`] from one list, so that `ALL` cannot miss a variant.
macro_rules! verbs {
    ($($(#[$doc:meta])* $v:ident,)*) => {
        /// The command words, one per command.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Verb {
            $($(#[$doc])* $v,)*
        }

        impl Verb {
            /// Every verb, in declaration order (`ALL[v as usize] == v`).
            pub const ALL: &'static [Verb] = &[$(Verb::$v,)*];
        }
    };
}

verbs! {
    Help,
    Propose,
    Veto,
    Unveto,
    Withdraw,
    Proposals,
    Proposal,
    Punch,
    Project,
    Projects,
    Hours,
    Standup,
    Next,
    Pass,
    Skip,
    Later,
    Meeting,
    Here,
    Topic,
    Agreed,
    Action,
    Decide,
    // The agenda prepared ahead (issue 31): `!agenda`, `!agenda add`, `!agenda remove`.
    Agenda,
    // Time boxes during a meeting (issue 31): `!item`, `!item next`.
    Item,
    // The rotating facilitation team (issue 31): `!roles`, `!roles pass <role>`.
    Roles,
    Minutes,
    Absent,
    Attendance,
    Membership,
    Update,
    Remind,
    Reminders,
    Unremind,
    Mail,
    // The web view (issue 16): `!web`, `!web revoke`.
    Web,
    // A member's own data (issue 32): `!mydata`.
    Mydata,
}
