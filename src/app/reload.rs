//! The configuration while running: a reload (SIGHUP) puts the file's new configuration
//! in force at once, except the sections bound at start (networks, mail servers, the web
//! view's address and access, the database), which it names; and the reader cores that
//! follow it (the web view beside `konbit run`).

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{Core, CoreResult};
use crate::config::Config;
use crate::store::Store;

impl Core {
    /// A core that reads through `store` (the web view's read-only connections) and
    /// follows this one's configuration: a reload of this one is in force in it at once.
    pub fn reader(&self, store: Store) -> Core {
        let mut reader = Core::new(self.config(), store, self.home_room.clone());
        reader.config = self.config.clone();
        reader.projects = self.projects.clone();
        reader
    }

    /// Replaces the configuration while running (SIGHUP): the roster, projects, schedules,
    /// meetings, languages and rules take effect at once, and every pending event is placed
    /// again from them. The networks and the database keep what the process started with
    /// (nothing is disconnected); the sections that differ are returned, so the operator is
    /// told they need a restart.
    pub async fn reload(&self, mut new: Config, now: DateTime<Utc>) -> CoreResult<Vec<&'static str>> {
        let _turn = self.turn.lock().await;
        let old = self.config();
        let mut restart = Vec::new();
        if new.irc != old.irc {
            restart.push("irc");
            new.irc.clone_from(&old.irc);
        }
        if new.matrix != old.matrix {
            restart.push("matrix");
            new.matrix.clone_from(&old.matrix);
        }
        // The mail servers and the reply key are connected to and read at start; the
        // addresses and the roster's e-mail addresses take effect at once.
        match (&mut new.mail, &old.mail) {
            (Some(n), Some(o)) if n.smtp != o.smtp || n.imap != o.imap || n.token_key != o.token_key => {
                restart.push("mail");
                n.smtp.clone_from(&o.smtp);
                n.imap.clone_from(&o.imap);
                n.token_key.clone_from(&o.token_key);
            }
            (Some(_), None) | (None, Some(_)) => {
                restart.push("mail");
                new.mail.clone_from(&old.mail);
            }
            _ => {}
        }
        // The web view's address, access and base address are bound and read at start;
        // what its pages show (the roster, the rules) follows the reload.
        if new.web != old.web {
            restart.push("web");
            new.web.clone_from(&old.web);
        }
        if new.database != old.database {
            restart.push("storage.database");
            new.database.clone_from(&old.database);
        }
        if new.postgres != old.postgres {
            restart.push("storage.url");
            new.postgres.clone_from(&old.postgres);
        }
        if new.console_room != old.console_room {
            restart.push("console.room");
            new.console_room.clone_from(&old.console_room);
        }
        let new = Arc::new(new);
        match self.config.write() {
            Ok(mut c) => *c = new.clone(),
            Err(poisoned) => *poisoned.into_inner() = new.clone(),
        }
        self.store.sync_projects(&new.projects, now).await?;
        self.forget_projects();
        self.placed.store(false, std::sync::atomic::Ordering::Release);
        self.forget_due();
        Ok(restart)
    }
}
