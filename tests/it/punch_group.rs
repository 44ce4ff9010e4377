//! A group of punches recorded in one transaction (the IRC transport's group commit):
//! each entry gets its own id and its own 24-hour check, in order.

use chrono::{NaiveDate, TimeZone, Utc};
use konbit::store::{NewPunch, Store};

fn entry(member: &str, day: &str, minutes: u32, note: &str) -> NewPunch {
    NewPunch {
        member: member.into(),
        project: "webdev".into(),
        day: day.parse::<NaiveDate>().unwrap(),
        minutes,
        volunteer: false,
        note: Some(note.into()),
        from_timer: false,
        created_at: Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap(),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn each_entry_of_a_group_is_checked_and_recorded_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("k.db")).await.unwrap();
    store
        .insert_punches_unchecked(&[entry("alice", "2026-11-19", 1200, "earlier")])
        .await
        .unwrap();
    let group = [
        entry("alice", "2026-11-19", 200, "fits: 20h00 + 3h20"),
        entry("bob", "2026-11-19", 600, "bob's"),
        entry("alice", "2026-11-19", 41, "over: 23h20 + 41m"),
        entry("alice", "2026-11-19", 40, "fits exactly: 24h00"),
        entry("alice", "2026-11-18", 30, "another day"),
    ];
    let results = store.insert_punch_group(&group).await.unwrap();
    assert_eq!(results.len(), 5);
    assert!(results[2].is_err(), "{results:?}");
    assert_eq!(results[2].unwrap_err().already, 1400);
    for (e, r) in group.iter().zip(&results) {
        if let Ok(id) = r {
            let p = store.punch(*id).await.unwrap().expect("recorded");
            assert_eq!(
                (p.member.as_str(), p.minutes, p.note.as_deref()),
                (e.member.as_str(), e.minutes, e.note.as_deref())
            );
        }
    }
    let ids: Vec<i64> = results.iter().filter_map(|r| r.ok()).collect();
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]),
        "ids in the order of the messages: {ids:?}"
    );

    // A deleted entry frees its minutes for the day's check.
    assert!(
        store
            .insert_punch(&entry("alice", "2026-11-19", 1, "full"))
            .await
            .unwrap()
            .is_err()
    );
    assert!(store.delete_punch(ids[0], "alice", Utc::now()).await.unwrap());
    let again = store
        .insert_punch_group(&[
            entry("alice", "2026-11-19", 200, "again"),
            entry("alice", "2026-11-19", 1, "one more"),
        ])
        .await
        .unwrap();
    assert!(again[0].is_ok() && again[1].is_err(), "{again:?}");
}

#[tokio::test(flavor = "current_thread")]
async fn a_lone_punch_is_confirmed_under_its_own_number() {
    // Each first punch of a day also creates the day's total (a trigger's insert): the
    // number confirmed must still be the entry's, not the total's.
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("k.db")).await.unwrap();
    let days = ["2026-11-10", "2026-11-11", "2026-11-11", "2026-11-12"];
    let mut ids = Vec::new();
    for (i, day) in days.iter().enumerate() {
        let note = format!("lone {i}");
        let id = store
            .insert_punch(&entry("carol", day, 30, &note))
            .await
            .unwrap()
            .expect("fits in the day");
        let p = store.punch(id).await.unwrap().expect("recorded under that number");
        assert_eq!(
            (p.note.as_deref(), p.day.to_string().as_str()),
            (Some(note.as_str()), *day)
        );
        ids.push(id);
    }
    assert_eq!(ids, vec![1, 2, 3, 4]);
    // A full day is still refused with what it holds.
    let full = store
        .insert_punch(&entry("carol", "2026-11-12", 1420, "too much"))
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(full.already, 30);
}
