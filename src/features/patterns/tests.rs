//! Unit tests for each pattern feature.

use super::*;
use crate::model::PartialDate;
use crate::model::{Direction, Sex};

/// A bare departure record at `time` (RFC 3339) from CGK to MYS.
pub(crate) fn traveller(id: &str, time: &str) -> Traveller {
    Traveller {
        record_id: id.into(),
        direction: Direction::Departure,
        crossing_time: DateTime::parse_from_rfc3339(time).unwrap(),
        port: "CGK".into(),
        carrier: None,
        origin_country: Some("IDN".into()),
        destination_country: Some("MYS".into()),
        full_name: format!("Person {id}"),
        sex: None,
        birth_date: None,
        nationality: Some("IDN".into()),
        document_type: Some("P".into()),
        document_number: Some(format!("D{id}")),
        document_issue_date: None,
        document_expiry_date: None,
        purpose: None,
        visa_type: None,
        return_date: None,
        booking_ref: None,
        sponsor: None,
        sponsor_license: None,
        origin_region: None,
        destination_address: None,
        phone: None,
        extra: Vec::new(),
    }
}

/// A person with name, sex, birth year, document and booking.
fn person(
    id: &str,
    time: &str,
    name: &str,
    sex: Sex,
    born: i32,
    doc: &str,
    booking: Option<&str>,
) -> Traveller {
    let mut t = traveller(id, time);
    t.full_name = name.into();
    t.sex = Some(sex);
    t.birth_date = Some(PartialDate {
        year: born,
        month: Some(1),
        day: Some(1),
    });
    t.document_number = Some(doc.into());
    t.booking_ref = booking.map(String::from);
    t
}

const T: &str = "2025-03-10T08:00:00+07:00";

fn escort_booking(
    booking: &str,
    time: &str,
    women: &[(&str, &str)],
    man_id: &str,
) -> Vec<Traveller> {
    let mut v: Vec<Traveller> = women
        .iter()
        .map(|(id, name)| {
            let mut w = person(
                id,
                time,
                name,
                Sex::F,
                2005,
                &format!("P{id}"),
                Some(booking),
            );
            w.origin_region = Some("Nusa Tenggara Timur/Kupang".into());
            w
        })
        .collect();
    let mut m = person(
        man_id,
        time,
        "Hendra Gunawan",
        Sex::M,
        1980,
        "PMAN1",
        Some(booking),
    );
    m.origin_region = Some("DKI Jakarta/Jakarta Utara".into());
    v.push(m);
    v
}

fn features_of(all: &[Traveller], id: &str) -> PatternFeatures {
    let out = batch_features(PatternConfig::default(), &[], all);
    let i = all.iter().position(|t| t.record_id == id).unwrap();
    out[i].clone()
}

#[test]
fn group_counts_and_escort_pattern() {
    let ts = escort_booking(
        "BK1",
        T,
        &[
            ("W1", "Siti Aminah"),
            ("W2", "Yuliana Bria"),
            ("W3", "Maria Seran"),
            ("W4", "Dewi Lestari"),
        ],
        "M1",
    );
    let f = features_of(&ts, "W1").group;
    assert_eq!(f.size, Some(5));
    assert_eq!(f.young_women, Some(4));
    assert_eq!(f.adults, Some(1)); // the women are 20
    assert_eq!(f.escort_pattern, Some(true));
    assert_eq!(f.is_escort, Some(false));
    assert_eq!(features_of(&ts, "M1").group.is_escort, Some(true));
}

#[test]
fn escort_pattern_needs_unrelated_escort() {
    let mut ts = escort_booking(
        "BK1",
        T,
        &[
            ("W1", "Siti Lestari"),
            ("W2", "Ani Lestari"),
            ("W3", "Maria Seran"),
        ],
        "M1",
    );
    // The older man shares the home region of the women: an uncle, a neighbour.
    ts[3].origin_region = Some("Nusa Tenggara Timur/Kupang".into());
    assert_eq!(features_of(&ts, "W1").group.escort_pattern, Some(false));
    // The older man shares a family name with one of them.
    ts[3].origin_region = None;
    ts[3].full_name = "Bambang Lestari".into();
    assert_eq!(features_of(&ts, "W1").group.escort_pattern, Some(false));
}

#[test]
fn escort_pattern_unknown_when_ages_missing() {
    let mut ts = escort_booking(
        "BK1",
        T,
        &[("W1", "A Satu"), ("W2", "B Dua"), ("W3", "C Tiga")],
        "M1",
    );
    ts[3].birth_date = None;
    ts[3].document_number = Some("PMAN1".into());
    assert_eq!(features_of(&ts, "W1").group.escort_pattern, None);
    // Too many others settles it whatever the unknown is.
    ts.push(person(
        "M2",
        T,
        "Other Man",
        Sex::M,
        1970,
        "PM2",
        Some("BK1"),
    ));
    ts.push(person(
        "M3",
        T,
        "Third Man",
        Sex::M,
        1970,
        "PM3",
        Some("BK1"),
    ));
    assert_eq!(features_of(&ts, "W1").group.escort_pattern, Some(false));
}

#[test]
fn minor_without_adult() {
    let a = person("K1", T, "Rina Wati", Sex::F, 2009, "PK1", Some("BK2"));
    let b = person("K2", T, "Sari Wati", Sex::F, 2005, "PK2", Some("BK2"));
    let f = features_of(&[a.clone(), b.clone()], "K1").group;
    assert_eq!(f.minor_without_adult, Some(true));
    assert_eq!(f.minors, Some(1));
    assert_eq!(
        features_of(&[a.clone(), b], "K2").group.minor_without_adult,
        Some(false)
    );
    let mum = person("K3", T, "Ibu Wati", Sex::F, 1980, "PK3", Some("BK2"));
    let f = features_of(&[a.clone(), mum], "K1").group;
    assert_eq!(f.minor_without_adult, Some(false));
    assert_eq!(f.family, Some(true));
    // Nothing known about the other traveller's age: open.
    let mut x = person("K4", T, "X", Sex::M, 1980, "PK4", Some("BK2"));
    x.birth_date = None;
    assert_eq!(features_of(&[a, x], "K1").group.minor_without_adult, None);
}

#[test]
fn no_booking_means_unknown_group() {
    let t = person("S1", T, "Solo Traveller", Sex::M, 1990, "PS1", None);
    assert_eq!(features_of(&[t], "S1").group, GroupFeatures::default());
}

#[test]
fn group_is_booking_day_direction_and_port() {
    let a = person(
        "G1",
        "2025-03-10T08:00:00+07:00",
        "A A",
        Sex::M,
        1990,
        "PG1",
        Some("BK3"),
    );
    let mut b = person(
        "G2",
        "2025-03-11T08:00:00+07:00",
        "B B",
        Sex::M,
        1990,
        "PG2",
        Some("bk-3"),
    );
    assert_eq!(
        features_of(&[a.clone(), b.clone()], "G2").group.size,
        Some(1)
    );
    b.crossing_time = a.crossing_time;
    assert_eq!(
        features_of(&[a.clone(), b.clone()], "G2").group.size,
        Some(2)
    );
    b.port = "SUB".into();
    assert_eq!(features_of(&[a, b], "G2").group.size, Some(1));
}

#[test]
fn shared_sponsor_in_group() {
    let mut a = person("P1", T, "A A", Sex::F, 1999, "PP1", Some("BK4"));
    let mut b = person("P2", T, "B B", Sex::F, 1999, "PP2", Some("BK4"));
    a.sponsor = Some("PT. Maju Jaya".into());
    b.sponsor = Some("P.T. MAJU JAYA".into());
    assert_eq!(
        features_of(&[a.clone(), b.clone()], "P1")
            .group
            .shared_sponsor,
        Some(true)
    );
    b.sponsor = None;
    assert_eq!(features_of(&[a, b], "P1").group.shared_sponsor, Some(false));
}

/// A man who leaves with three different young women each week and comes back alone.
fn repeat_escort() -> Vec<Traveller> {
    let mut v = Vec::new();
    for week in 0..4 {
        let day = 1 + week * 7;
        let dep = format!("2025-02-{day:02}T08:00:00+07:00");
        let ret = format!("2025-02-{:02}T18:00:00+07:00", day + 2);
        let bk = format!("BKW{week}");
        for k in 0..3 {
            let id = format!("W{week}{k}");
            let mut w = person(
                &id,
                &dep,
                &format!("Wanita {id}"),
                Sex::F,
                2003,
                &format!("P{id}"),
                Some(&bk),
            );
            w.origin_region = Some("NTT/Kupang".into());
            v.push(w);
        }
        let mut m = person(
            &format!("MD{week}"),
            &dep,
            "Hendra Gunawan",
            Sex::M,
            1978,
            "PMAN",
            Some(&bk),
        );
        m.origin_region = Some("Jawa Timur/Surabaya".into());
        v.push(m);
        let mut r = person(
            &format!("MA{week}"),
            &ret,
            "Hendra Gunawan",
            Sex::M,
            1978,
            "PMAN",
            None,
        );
        r.direction = Direction::Arrival;
        r.origin_country = Some("MYS".into());
        r.destination_country = Some("IDN".into());
        v.push(r);
    }
    v
}

#[test]
fn repeat_escort_history() {
    let v = repeat_escort();
    let h = features_of(&v, "MD3").history;
    assert_eq!(h.departures, Some(4));
    assert_eq!(h.arrivals, Some(3));
    assert_eq!(h.crossings, Some(7));
    assert_eq!(h.departures_same_country, Some(4));
    assert_eq!(h.distinct_companions, Some(12));
    assert_eq!(h.young_female_companions, Some(12));
    assert_eq!(h.escort_trips, Some(4));
    assert_eq!(h.returns_alone, Some(3));
    assert_eq!(h.first_departure, Some(false));
    assert_eq!(h.days_since_last_crossing, Some(5.0 - 10.0 / 24.0));
    let first = features_of(&v, "MD0").history;
    assert_eq!(first.first_departure, Some(true));
    assert_eq!(first.days_since_last_crossing, None);
    assert_eq!(first.escort_trips, Some(1));
    // The women are not escorts.
    assert_eq!(features_of(&v, "W30").history.escort_trips, Some(0));
    // The arrival counts itself.
    assert_eq!(features_of(&v, "MA3").history.returns_alone, Some(4));
    assert_eq!(features_of(&v, "MA3").history.first_departure, None);
}

#[test]
fn history_window_and_unknown_person() {
    let cfg = PatternConfig::from_toml("[history]\nwindow_days = 10\n").unwrap();
    let v = repeat_escort();
    let out = batch_features(cfg, &[], &v);
    let i = v.iter().position(|t| t.record_id == "MD3").unwrap();
    assert_eq!(out[i].history.departures, Some(2));
    let mut anon = traveller("X1", T);
    anon.document_number = None;
    assert_eq!(
        features_of(&[anon], "X1").history,
        HistoryFeatures::default()
    );
}

#[test]
fn no_peeking_into_the_future() {
    // Each record's features equal those from a state holding only the
    // records at or before it (observed in reverse order), so nothing later
    // leaks in and observation order does not matter.
    let v = repeat_escort();
    let batch = batch_features(PatternConfig::default(), &[], &v);
    for (t, want) in v.iter().zip(&batch) {
        let mut state = PatternState::new(PatternConfig::default());
        for u in v
            .iter()
            .rev()
            .filter(|u| u.crossing_time <= t.crossing_time)
        {
            state.observe(u);
        }
        assert_eq!(&state.features(t), want, "{}", t.record_id);
    }
}

#[test]
fn stream_sees_a_group_grow_as_members_arrive() {
    let v = repeat_escort();
    let mut state = PatternState::new(PatternConfig::default());
    state.observe(&v[0]);
    assert_eq!(state.features(&v[0]).group.size, Some(1));
    state.observe(&v[1]);
    assert_eq!(state.features(&v[0]).group.size, Some(2));
}

fn contact(id: &str, day: u32, booking: &str) -> Traveller {
    let mut t = person(
        id,
        &format!("2025-03-{day:02}T08:00:00+07:00"),
        &format!("N {id}"),
        Sex::F,
        2000,
        &format!("P{id}"),
        Some(booking),
    );
    t.destination_address = Some("No. 12, Jalan Mawar 3, Johor Bahru".into());
    t.phone = Some("+60 12-345 6789".into());
    t.sponsor = Some("PT Sinar Abadi".into());
    t
}

#[test]
fn shared_contacts_count_unrelated_travellers_in_window() {
    let mut v = vec![
        contact("C1", 1, "B1"),
        contact("C2", 5, "B2"),
        contact("C3", 10, "B3"),
        contact("C4", 10, "B3"),
    ];
    v.push(contact("C5", 20, "B5"));
    // Same person twice counts once.
    let mut again = contact("C6", 12, "B6");
    again.document_number = Some("PC2".into());
    v.push(again);
    let f = features_of(&v, "C3").contact;
    // C1 (9 days before), C2; not C4 (same booking), not C5 (later).
    assert_eq!(f.address_travellers, Some(2));
    assert_eq!(f.phone_travellers, Some(2));
    assert_eq!(f.sponsor_travellers, Some(2));
    let f = features_of(&v, "C5").contact;
    // Window 14 days: C1 (19 days) falls out; C2 twice as one person.
    assert_eq!(f.address_travellers, Some(3));
    let mut none = contact("C9", 1, "B9");
    none.phone = Some("-".into());
    none.destination_address = None;
    assert_eq!(features_of(&[none], "C9").contact.phone_travellers, None);
}

#[test]
fn contact_counts_stop_at_cap() {
    let cfg = PatternConfig::from_toml("[contacts]\ncount_cap = 3\n").unwrap();
    let v: Vec<Traveller> = (0..10)
        .map(|i| contact(&format!("C{i}"), 5, &format!("B{i}")))
        .collect();
    let out = batch_features(cfg, &[], &v);
    assert!(out.iter().all(|f| f.contact.address_travellers == Some(3)));
}

#[test]
fn observe_is_idempotent_and_prune_forgets() {
    let v = repeat_escort();
    let mut s = PatternState::new(PatternConfig::default());
    s.observe_all(&v);
    let before = s.features(&v[v.len() - 1]);
    s.observe_all(&v);
    assert_eq!(s.len(), v.len());
    assert_eq!(s.features(&v[v.len() - 1]), before);
    s.prune_before(DateTime::parse_from_rfc3339("2025-02-20T00:00:00+07:00").unwrap());
    assert!(s.len() < v.len());
    let after = s.features(&v[v.len() - 1]);
    assert_eq!(after.history.departures, Some(1));
}

#[test]
fn fill_matches_schema() {
    let v = repeat_escort();
    let f = features_of(&v, "MD3");
    let mut out = vec![Value::Null; FIELDS.len()];
    fill(&f, &mut out);
    let at = |n: &str| &out[FIELDS.iter().position(|s| s.name == n).unwrap()];
    assert_eq!(at("history.escort_trips"), &Value::Num(4.0));
    assert_eq!(at("group.size"), &Value::Num(4.0));
    assert_eq!(at("contact.phone_travellers"), &Value::Null);
    assert!(FIELDS.iter().all(|f| !f.doc.is_empty()));
}

#[test]
fn a_prune_built_aside_keeps_what_was_observed_meanwhile() {
    // The server builds the pruned state on another thread while it goes on
    // observing; installing it must give what pruning at the end gives.
    let v = repeat_escort();
    let (early, late) = v.split_at(v.len() / 2);
    let cutoff = DateTime::parse_from_rfc3339("2025-02-20T00:00:00+07:00").unwrap();
    let mut aside = PatternState::new(PatternConfig::default());
    aside.observe_all(early);
    let prune = aside.start_prune(cutoff.timestamp());
    for t in late {
        aside.observe(t);
    }
    let pruned = std::thread::spawn(move || prune.build()).join().unwrap();
    assert_eq!(aside.len(), v.len(), "nothing is dropped before adopt");
    aside.adopt(pruned);
    let mut direct = PatternState::new(PatternConfig::default());
    direct.observe_all(&v);
    direct.prune_before(cutoff);
    assert!(direct.len() < v.len());
    assert_eq!(aside.len(), direct.len());
    for t in &v {
        assert_eq!(aside.features(t), direct.features(t), "{}", t.record_id);
    }
}
