//! `[meetings.roles]`: the rotating facilitation team's configuration (README,
//! "Commands", `!roles`; read in `validate/calendar.rs`).

use super::Meetings;

/// `[meetings.roles]`: the roles drawn before each scheduled meeting (README,
/// "Commands", `!roles`). An empty list: no team for that kind of meeting; without the
/// section, every list is empty (a committee may still list its own roles).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roles {
    /// How long before each scheduled meeting its team is drawn.
    pub draw_before: chrono::Duration,
    /// Meetings a member attends before they can be drawn (none asked while the
    /// collective has held fewer).
    pub newcomer_meetings: u32,
    pub production: Vec<String>,
    pub reflection: Vec<String>,
    /// A committee's roles when it lists none of its own.
    pub committees: Vec<String>,
}

impl Meetings {
    /// The roles drawn for the meetings of `committee`.
    pub fn roles_of(&self, committee: &str) -> &[String] {
        match committee {
            "production" => &self.roles.production,
            "reflection" => &self.roles.reflection,
            other => self
                .committees
                .iter()
                .find(|c| c.name == other)
                .and_then(|c| c.roles.as_deref())
                .unwrap_or(&self.roles.committees),
        }
    }
}
