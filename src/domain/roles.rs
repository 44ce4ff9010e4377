//! The rotating facilitation team (issue 31; README, "Meetings"): the draw of who holds
//! each role of a meeting (facilitator, note-taker, timekeeper…), a pure function of the
//! members who can be drawn, what each of them served before, and a seed.
//!
//! The rule: of all the ways to give the roles to different members (when fewer can be
//! drawn than there are roles, the roles in their configured order until nobody is left),
//! the bot takes the one that, compared in this order:
//! 1. takes the members who served **on a team fewest times**, added up over the team;
//! 2. then gives the fewest services **beyond the least** in the roles: giving a role to
//!    someone costs how many more times they held *that role* than whoever who can be
//!    drawn held it fewest times, added up over the roles;
//! 3. then, role by role in the configured order, gives the role to whoever held *that
//!    role* least recently (never: first of all), then served on a team least recently,
//!    then has the smaller tie-break ([`tiebreak`]).
//!
//! Nobody holds two roles. To redo it by hand: for each role, list the members by (team
//! times, role cost, last time in the role, last time on a team, hash); only the first
//! few of each list (as many as there are roles) can win, since any other could be
//! swapped for one of them left free; try the ways to take one per role, all different.
//!
//! The tie-break is a hash (64-bit FNV-1a) of the seed and the member's name: anyone who
//! knows the seed, which `!roles` shows, can redo the draw by hand. The seed of a meeting
//! is itself a hash of the committee, the meeting's instant and the draw's number
//! ([`seed_for`]), so a draw repeated after a restart gives the same team.
//!
//! What the rule guarantees (the property tests in `tests` check it): over any sequence
//! of draws, among the members who could be drawn at every one of them, the numbers of
//! times each served on the team differ by at most one (proven: see [`tests::fairness`]),
//! and in each role by at most two (checked over many cases, not proven). A gap of at
//! most one in every role is not reached by this rule: the counterexample is in
//! [`tests::fairness`].

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::i18n::{Lang, has_message};
use crate::t;

/// What a member served before, in one role or on the team as a whole.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Served {
    /// The last meeting they served at (`None`: never).
    pub last: Option<DateTime<Utc>>,
    /// How many times.
    pub times: u32,
}

/// A member who can be drawn, with what they served before.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Candidate {
    pub name: String,
    /// On the team, whatever the role.
    pub team: Served,
    /// In each role, by its name.
    pub roles: HashMap<String, Served>,
}

/// The roles konbit knows the names of in every language; others show as configured.
pub const KNOWN: [&str; 3] = ["facilitator", "note-taker", "timekeeper"];

/// 64-bit FNV-1a: small, fixed, and easy to redo by hand or in any language.
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in *part {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        // A separator, so that ("ab", "c") and ("a", "bc") differ.
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The seed of the `n`th draw (0: the team; then one per role handed back) for the
/// meeting of `committee` at `occurrence`.
pub fn seed_for(committee: &str, occurrence: DateTime<Utc>, n: u32) -> u64 {
    let at = occurrence.timestamp_millis().to_string();
    fnv1a(&[committee.as_bytes(), at.as_bytes(), n.to_string().as_bytes()])
}

/// A seed as shown and stored: 16 hexadecimal digits.
pub fn seed_text(seed: u64) -> String {
    format!("{seed:016x}")
}

/// The tie-break between members otherwise equal: the smaller hash of the seed (as
/// shown) and the name (in lower case) goes first.
pub fn tiebreak(seed: u64, name: &str) -> u64 {
    fnv1a(&[seed_text(seed).as_bytes(), name.to_lowercase().as_bytes()])
}

/// What giving `role` to `c` costs, compared first to last: times `c` served on a team,
/// times they held the role beyond the fewest anyone who can be drawn has (`least`), when
/// they last held the role and last served on a team (never: first), the tie-break, the
/// name.
type Cost = (u32, u32, Option<DateTime<Utc>>, Option<DateTime<Utc>>, u64, String);

fn cost(role: &str, c: &Candidate, least: u32, seed: u64) -> Cost {
    let s = c.roles.get(role).copied().unwrap_or_default();
    (
        c.team.times,
        s.times - least,
        s.last,
        c.team.last,
        tiebreak(seed, &c.name),
        c.name.to_lowercase(),
    )
}

/// Draws who holds each of `roles` among `candidates`: (role, holder), in the roles'
/// order; `None` where nobody was left (the last roles, when fewer can be drawn than
/// there are roles). The rule is in the module doc.
pub fn draw(roles: &[String], candidates: &[Candidate], seed: u64) -> Vec<(String, Option<String>)> {
    let mut pool: Vec<&Candidate> = candidates.iter().collect();
    pool.sort_by_key(|c| c.name.to_lowercase());
    // Two entries for one name (a roster never has them) would give someone two roles.
    pool.dedup_by(|a, b| a.name.eq_ignore_ascii_case(&b.name));
    let filled = roles.len().min(pool.len());
    // For each role filled, its candidates cheapest first; only the first `filled` of
    // them can hold it in the best assignment: any other could be swapped for one of them
    // the other roles leave free, at no greater cost.
    let ranked: Vec<Vec<(Cost, usize)>> = roles[..filled]
        .iter()
        .map(|role| {
            let least = pool
                .iter()
                .map(|c| c.roles.get(role).map_or(0, |s| s.times))
                .min()
                .unwrap_or(0);
            let mut costs: Vec<(Cost, usize)> = pool
                .iter()
                .enumerate()
                .map(|(i, c)| (cost(role, c, least, seed), i))
                .collect();
            costs.sort();
            costs.truncate(filled);
            costs
        })
        .collect();
    let mut best = None;
    let mut chosen = Vec::with_capacity(filled);
    search(&ranked, &mut chosen, &mut best);
    let picks = best.map(|(_, p)| p).unwrap_or_default();
    roles
        .iter()
        .enumerate()
        .map(|(r, role)| (role.clone(), picks.get(r).map(|&k| pool[ranked[r][k].1].name.clone())))
        .collect()
}

/// Every way to give the roles of `ranked` to different candidates (`chosen`: the rank,
/// in each role's list, of the holders of the roles so far); keeps in `best` the one with
/// the fewest times on a team in total, then the fewest services beyond the least in
/// total, then, role by role in order, the cheapest holder.
fn search(ranked: &[Vec<(Cost, usize)>], chosen: &mut Vec<usize>, best: &mut Option<((u32, u32), Vec<usize>)>) {
    let r = chosen.len();
    if r == ranked.len() {
        let total = chosen.iter().enumerate().fold((0, 0), |(t, e), (r, &k)| {
            let c = &ranked[r][k].0;
            (t + c.0, e + c.1)
        });
        // Ranks compare as costs do: each role's list is sorted.
        if best
            .as_ref()
            .is_none_or(|(bt, bp)| (total, &chosen[..]) < (*bt, &bp[..]))
        {
            *best = Some((total, chosen.clone()));
        }
        return;
    }
    for k in 0..ranked[r].len() {
        let who = ranked[r][k].1;
        if chosen.iter().enumerate().any(|(q, &j)| ranked[q][j].1 == who) {
            continue;
        }
        chosen.push(k);
        search(ranked, chosen, best);
        chosen.pop();
    }
}

/// A role's name as people read it: the catalog's for the roles konbit knows
/// (`facilitator` → `animation` in French), else as configured.
pub fn role_name(lang: Lang, role: &str) -> String {
    let id = format!("role-{role}");
    if has_message(lang, &id) {
        t!(lang, &id)
    } else {
        role.to_owned()
    }
}

/// A name folded for comparison: lower case, without accents, spaces, dashes or dots
/// (`Gardien·ne du temps` → `gardiennedutemps`).
fn folded(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            c => c,
        })
        .collect()
}

/// The role among `roles` that `said` names, in any language, any case, with or without
/// accents: `animation`, `Facilitator`, `gardienne du temps`, `secretariat`.
pub fn role_named<'a>(roles: &'a [String], said: &str) -> Option<&'a String> {
    let said = folded(said);
    if said.is_empty() {
        return None;
    }
    roles.iter().find(|r| {
        folded(r) == said || Lang::ALL.into_iter().any(|l| folded(&role_name(l, r)) == said)
            // The shorter names people use: `note`, `time`, `secrétaire`…
            || has_message(Lang::En, &format!("role-{r}-aliases")) && Lang::ALL.into_iter().any(|l| {
                t!(l, &format!("role-{r}-aliases")).split(',').any(|a| folded(a) == said)
            })
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use chrono::TimeZone;
    use proptest::prelude::*;

    use super::*;

    fn roles(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    fn at(i: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + i * 604_800, 0).unwrap()
    }

    /// Runs `availability` (per meeting, who can be drawn) through the draw, as the
    /// bot does: what each member served is what earlier draws gave them. The teams.
    fn run(
        members: usize,
        roles_: &[String],
        availability: &[Vec<bool>],
        seeds: &[u64],
    ) -> Vec<Vec<(String, Option<String>)>> {
        let names: Vec<String> = (0..members).map(|i| format!("m{i}")).collect();
        let mut served: BTreeMap<String, Candidate> = names
            .iter()
            .map(|n| {
                (
                    n.clone(),
                    Candidate {
                        name: n.clone(),
                        ..Default::default()
                    },
                )
            })
            .collect();
        let mut teams = Vec::new();
        for (i, available) in availability.iter().enumerate() {
            let candidates: Vec<Candidate> = names
                .iter()
                .zip(available)
                .filter(|(_, a)| **a)
                .map(|(n, _)| served[n].clone())
                .collect();
            let team = draw(roles_, &candidates, seeds[i % seeds.len()]);
            for (role, who) in &team {
                let Some(who) = who else { continue };
                let c = served.get_mut(who).unwrap();
                c.team = Served {
                    last: Some(at(i as i64)),
                    times: c.team.times + 1,
                };
                let r = c.roles.entry(role.clone()).or_default();
                *r = Served {
                    last: Some(at(i as i64)),
                    times: r.times + 1,
                };
            }
            teams.push(team);
        }
        teams
    }

    /// Runs `availability` through the draw and checks, after every draw: nobody holds two
    /// roles, nobody away is drawn, every role is filled while there are members enough;
    /// among the members who could be drawn at every draw so far (the steady ones), the
    /// times served on the team differ by at most one, and in each role by at most
    /// `role_gap`.
    fn check(nroles: usize, availability: &[Vec<bool>], seeds: &[u64], role_gap: u32) -> Result<(), TestCaseError> {
        let members = availability[0].len();
        let roles: Vec<String> = (0..nroles).map(|i| format!("r{i}")).collect();
        let teams = run(members, &roles, availability, seeds);
        let mut times = vec![0u32; members];
        let mut in_role = vec![vec![0u32; nroles]; members];
        for (i, team) in teams.iter().enumerate() {
            let available = &availability[i];
            let drawn: Vec<usize> = team
                .iter()
                .filter_map(|(_, w)| w.as_ref())
                .map(|w| w[1..].parse().unwrap())
                .collect();
            let mut unique = drawn.clone();
            unique.sort_unstable();
            unique.dedup();
            prop_assert_eq!(unique.len(), drawn.len(), "someone holds two roles: {:?}", team);
            prop_assert!(drawn.iter().all(|m| available[*m]), "drew someone away: {:?}", team);
            let can = available.iter().filter(|a| **a).count();
            prop_assert_eq!(drawn.len(), can.min(nroles));
            for (r, (_, who)) in team.iter().enumerate() {
                if let Some(w) = who {
                    let m: usize = w[1..].parse().unwrap();
                    times[m] += 1;
                    in_role[m][r] += 1;
                }
            }
            let steady: Vec<usize> = (0..members)
                .filter(|m| availability[..=i].iter().all(|a| a[*m]))
                .collect();
            let gap = |of: &dyn Fn(usize) -> u32| {
                let v: Vec<u32> = steady.iter().map(|m| of(*m)).collect();
                v.iter().max().zip(v.iter().min()).map_or(0, |(max, min)| max - min)
            };
            prop_assert!(
                gap(&|m| times[m]) <= 1,
                "team after meeting {}: {:?} (teams {:?})",
                i,
                times,
                teams
            );
            for r in 0..nroles {
                prop_assert!(
                    gap(&|m| in_role[m][r]) <= role_gap,
                    "role r{} after meeting {}: {:?} (availability {:?}, teams {:?})",
                    r,
                    i,
                    in_role,
                    &availability[..=i],
                    &teams[..=i]
                );
            }
        }
        Ok(())
    }

    #[test]
    fn with_everyone_there_everyone_serves_before_anyone_serves_twice() {
        let roles = roles(&["facilitator", "note-taker", "timekeeper"]);
        let everyone = vec![vec![true; 5]; 10];
        let teams = run(5, &roles, &everyone, &[7, 11, 13]);
        let mut count = [0u32; 5];
        for team in &teams {
            for (_, who) in team {
                let who = who.clone().expect("five members fill three roles");
                count[who[1..].parse::<usize>().unwrap()] += 1;
            }
            // Nobody's second turn comes before everyone's first, nor third before second.
            let (min, max) = (count.iter().min().unwrap(), count.iter().max().unwrap());
            assert!(max - min <= 1, "{count:?} after {team:?}");
        }
        assert_eq!(count, [6; 5]);
    }

    #[test]
    fn with_as_many_members_as_roles_each_member_holds_each_role_in_turn() {
        // The rule before issue 31's fix gave the last role to the same member every time.
        let roles = roles(&["facilitator", "note-taker", "timekeeper"]);
        let teams = run(3, &roles, &vec![vec![true; 3]; 3], &[0]);
        for (r, role) in roles.iter().enumerate() {
            let mut holders: Vec<String> = teams.iter().filter_map(|t| t[r].1.clone()).collect();
            holders.sort();
            assert_eq!(holders, ["m0", "m1", "m2"], "{role}: {teams:?}");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_team_and_a_role_nobody_is_left_for_stays_empty() {
        let roles = roles(&["facilitator", "note-taker", "timekeeper"]);
        let candidates: Vec<Candidate> = ["ana", "bo"]
            .iter()
            .map(|n| Candidate {
                name: (*n).into(),
                ..Default::default()
            })
            .collect();
        let a = draw(&roles, &candidates, 42);
        assert_eq!(a, draw(&roles, &candidates, 42));
        assert_eq!(a[2], ("timekeeper".to_owned(), None));
        assert!(a[0].1.is_some() && a[1].1.is_some() && a[0].1 != a[1].1);
        assert_eq!(seed_text(0xab), "00000000000000ab");
    }

    #[test]
    fn roles_are_named_in_every_language() {
        let roles = roles(&["facilitator", "note-taker", "timekeeper", "cook"]);
        assert_eq!(role_named(&roles, "Animation"), Some(&roles[0]));
        assert_eq!(role_named(&roles, "secretariat"), Some(&roles[1]));
        assert_eq!(role_named(&roles, "gardien·ne du temps"), Some(&roles[2]));
        assert_eq!(role_named(&roles, "Note-Taker"), Some(&roles[1]));
        assert_eq!(role_named(&roles, "cook"), Some(&roles[3]));
        assert_eq!(role_named(&roles, "chef"), None);
        assert_eq!(role_name(Lang::Fr, "timekeeper"), "gardien·ne du temps");
        assert_eq!(role_name(Lang::Fr, "cook"), "cook");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// **What is checked.** Any number of members (1–9) and roles (1–6), any
        /// sequence of up to 40 meetings, each with any set of members who can be drawn
        /// (the others on leave, justly absent that day, or still newcomers), any seeds.
        /// After every draw, among the members who could be drawn at *every* meeting so
        /// far (call them the steady ones), the most and the least times served on the
        /// team differ by at most one, and in each role by at most two; no team has one
        /// member twice; everyone drawn could be; every role is filled while there are
        /// enough members. Run over 20,000 cases once, 300 on each run.
        ///
        /// **Why the team gap holds.** The team drawn has the fewest times on a team in
        /// total, so a member drawn never served more often than one who could be drawn
        /// and was not (swapping them would lower the total). Say the steady ones served
        /// m or m+1 times before a draw. If a steady one not drawn has m, every steady one
        /// drawn had m and now has m+1: the gap stays one. Otherwise those not drawn have
        /// m+1 and those drawn now have m+1 or m+2: again one. The gap of two per role is
        /// only checked.
        ///
        /// **Why a gap of one per role is not kept.** Shrunk by proptest against the
        /// rule before this one (the team by who served least recently, then each role
        /// in order to whoever in the team held it least recently): three members always
        /// there, three roles; meeting 1 gives r0 m1, r1 m0, r2 m3; meeting 2 gives r0
        /// m0, r1 m1, and r2 again to m3 (a gap of two in r2). The role costs fix that
        /// case. Against this rule, the smallest case found has five members and four
        /// roles. Meetings 1 and 2, only m0 and m3 there: r0 and r1 go to each in turn
        /// (r2, r3 empty). Meeting 3, m2 too: m2 r0, m3 r1, m0 r2. Meeting 4, all five:
        /// m1 r0, m4 r1, m2 r2, m0 r3. Meeting 5, m2 away: m4 r0, m1 r1, m3 r2, and r3
        /// again to m0 while m3, there every time, never held it: a gap of two. Another
        /// way of the same cost (m4 r0, m0 r1, m1 r2, m3 r3) keeps every gap at one, so
        /// the bound is the rule's, not the problem's: a rule that looks ahead is left for
        /// later. Other rules tried do worse: role costs before team times lose the team
        /// gap (two, with nine members, five roles, seven meetings, all there) and the
        /// role gap too (four members, three roles, three meetings); the team
        /// by who served least recently, then the cheapest roles within it, lets a role
        /// gap grow to three with everyone there (seven members, two roles, sixteen
        /// meetings). A member away for a stretch (not steady) comes back with fewer
        /// services and goes first until they catch up, and the gap with them can be
        /// larger meanwhile. A role handed back (`!roles pass`) counts for whoever takes
        /// it, not for who passed it, which may move the gap until the next draws even
        /// it out.
        #[test]
        fn fairness(
            members in 1usize..10,
            nroles in 1usize..7,
            availability in prop::collection::vec(prop::collection::vec(any::<bool>(), 10), 1..40),
            seeds in prop::collection::vec(any::<u64>(), 1..5),
        ) {
            let availability: Vec<Vec<bool>> = availability.into_iter().map(|a| a[..members].to_vec()).collect();
            check(nroles, &availability, &seeds, 2)?;
        }

        /// The same bounds when the same members can be drawn at every meeting, which
        /// the random sets above rarely give with many members.
        #[test]
        fn with_everyone_there_the_gaps_stay_small(
            members in 1usize..10,
            nroles in 1usize..7,
            meetings in 1usize..40,
            seeds in prop::collection::vec(any::<u64>(), 1..5),
        ) {
            check(nroles, &vec![vec![true; members]; meetings], &seeds, 2)?;
        }
    }
}
