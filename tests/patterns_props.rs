//! Property tests of the pattern features: input order changes nothing,
//! splitting a run into history plus a later run changes nothing, and a
//! stream that sees records up to each one agrees with batch.

use chrono::{DateTime, Duration, FixedOffset, TimeZone};
use lintas::features::patterns::{batch_features, PatternConfig, PatternFeatures, PatternState};
use lintas::model::{Direction, PartialDate, Sex, Traveller};
use proptest::prelude::*;
use std::collections::HashMap;

/// Compact description of a record drawn from small pools, so that people,
/// bookings, addresses and phones collide often.
#[derive(Clone, Debug)]
struct Spec {
    person: u8,
    booking: Option<u8>,
    day: u8,
    hour: u8,
    departure: bool,
    address: Option<u8>,
    phone: Option<u8>,
    sponsor: Option<u8>,
    region: Option<u8>,
    no_birth_date: bool,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        0u8..12,
        proptest::option::of(0u8..5),
        0u8..30,
        0u8..3,
        any::<bool>(),
        proptest::option::of(0u8..3),
        proptest::option::of(0u8..3),
        proptest::option::of(0u8..3),
        proptest::option::of(0u8..3),
        prop::bool::weighted(0.1),
    )
        .prop_map(
            |(
                person,
                booking,
                day,
                hour,
                departure,
                address,
                phone,
                sponsor,
                region,
                no_birth_date,
            )| Spec {
                person,
                booking,
                day,
                hour,
                departure,
                address,
                phone,
                sponsor,
                region,
                no_birth_date,
            },
        )
}

fn base() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(7 * 3600)
        .unwrap()
        .with_ymd_and_hms(2025, 1, 1, 8, 0, 0)
        .unwrap()
}

fn build(specs: &[Spec]) -> Vec<Traveller> {
    specs
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let p = s.person as i32;
            Traveller {
                record_id: format!("R{i}"),
                direction: if s.departure {
                    Direction::Departure
                } else {
                    Direction::Arrival
                },
                // Bookings cross together; three slots a day make ties common.
                crossing_time: base()
                    + Duration::days(s.day as i64)
                    + Duration::hours(4 * s.hour as i64),
                port: "CGK".into(),
                carrier: None,
                origin_country: Some(if s.departure { "IDN" } else { "MYS" }.into()),
                destination_country: Some(if s.departure { "MYS" } else { "IDN" }.into()),
                full_name: format!("Nama{} Keluarga{}", p, p % 4),
                sex: Some(if p % 3 == 0 { Sex::M } else { Sex::F }),
                birth_date: (!s.no_birth_date).then_some(PartialDate {
                    year: 1975 + 4 * p,
                    month: Some(1),
                    day: Some(1),
                }),
                nationality: Some("IDN".into()),
                document_type: None,
                // Half the people have a document number; the rest are known by name and birth date.
                document_number: (p % 2 == 0).then(|| format!("P{p}")),
                document_issue_date: None,
                document_expiry_date: None,
                purpose: None,
                visa_type: None,
                return_date: None,
                booking_ref: s.booking.map(|b| format!("BK{b}")),
                sponsor: s.sponsor.map(|x| format!("PT Sponsor {x}")),
                sponsor_license: None,
                origin_region: s.region.map(|r| format!("Prov/Reg{r}")),
                destination_address: s.address.map(|a| format!("No {a} Jalan Mawar Johor Bahru")),
                phone: s.phone.map(|x| format!("+60 12 345 670{x}")),
                extra: Vec::new(),
            }
        })
        .collect()
}

fn by_id(run: &[Traveller], f: Vec<PatternFeatures>) -> HashMap<String, PatternFeatures> {
    run.iter().map(|t| t.record_id.clone()).zip(f).collect()
}

fn cfg() -> PatternConfig {
    // Short windows so that records fall out of them within the 30 days drawn.
    PatternConfig::from_toml(
        "[history]\nwindow_days = 10\n[contacts]\nwindow_days = 4\ncount_cap = 3\n",
    )
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn shuffling_rows_changes_no_feature(specs in prop::collection::vec(spec(), 1..60), seed in any::<u64>()) {
        let run = build(&specs);
        let want = by_id(&run, batch_features(cfg(), &[], &run));
        let mut shuffled = run.clone();
        // Deterministic Fisher-Yates from the seed.
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let got = by_id(&shuffled, batch_features(cfg(), &[], &shuffled));
        prop_assert_eq!(got, want);
    }

    #[test]
    fn history_plus_later_run_equals_one_run(specs in prop::collection::vec(spec(), 1..60), split in 0u8..30) {
        let all = build(&specs);
        let want = by_id(&all, batch_features(cfg(), &[], &all));
        let cut = base() + Duration::days(split as i64);
        let (history, run): (Vec<Traveller>, Vec<Traveller>) = all.iter().cloned().partition(|t| t.crossing_time < cut);
        let got = by_id(&run, batch_features(cfg(), &history, &run));
        for (id, f) in got {
            prop_assert_eq!(Some(&f), want.get(&id), "record {}", id);
        }
    }

    #[test]
    fn stream_up_to_each_record_equals_batch(specs in prop::collection::vec(spec(), 1..40)) {
        let mut run = build(&specs);
        run.sort_by_key(|t| t.crossing_time);
        let want = batch_features(cfg(), &[], &run);
        // Stream: observe in time order; ask once every record with the same
        // crossing time has arrived (records crossing together).
        let mut state = PatternState::new(cfg());
        let mut i = 0;
        while i < run.len() {
            let mut j = i;
            while j < run.len() && run[j].crossing_time == run[i].crossing_time {
                state.observe(&run[j]);
                j += 1;
            }
            for k in i..j {
                prop_assert_eq!(&state.features(&run[k]), &want[k], "record {}", run[k].record_id);
            }
            i = j;
        }
    }

    #[test]
    fn pruning_before_the_windows_changes_nothing(specs in prop::collection::vec(spec(), 1..60)) {
        let mut run = build(&specs);
        run.sort_by_key(|t| t.crossing_time);
        let mut state = PatternState::new(cfg());
        state.observe_all(&run);
        // Prune to the longest window before the latest day; features of the
        // latest records keep their window contents, apart from "ever" facts.
        let last = run.last().unwrap().crossing_time;
        let before: Vec<PatternFeatures> = run.iter().filter(|t| t.crossing_time == last).map(|t| state.features(t)).collect();
        state.prune_before(last - Duration::days(11));
        for (t, b) in run.iter().filter(|t| t.crossing_time == last).zip(before) {
            let mut a = state.features(t);
            let mut b = b;
            a.history.first_departure = None; b.history.first_departure = None;
            a.history.days_since_last_crossing = None; b.history.days_since_last_crossing = None;
            a.history.returns_alone = None; b.history.returns_alone = None;
            prop_assert_eq!(a, b);
        }
    }
}
