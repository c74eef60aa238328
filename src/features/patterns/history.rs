//! Person-history features: the person's own crossings over the history
//! window, and who they travelled with.

use super::groups;
use super::keys::{IdSet, Obs};
use super::PatternState;

/// Features of the person's recent crossings. All `None` when the person
/// cannot be identified (no document number, and no name with birth date).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HistoryFeatures {
    /// `history.crossings`: crossings in the window, this one included.
    pub crossings: Option<u32>,
    /// `history.departures`: departures in the window, this one included.
    pub departures: Option<u32>,
    /// `history.arrivals`: arrivals in the window, this one included.
    pub arrivals: Option<u32>,
    /// `history.departures_same_country`: departures in the window to this
    /// record's destination (for an arrival: its origin), this one included.
    pub departures_same_country: Option<u32>,
    /// `history.distinct_companions`: distinct people who shared a booking
    /// with this person on departures in the window.
    pub distinct_companions: Option<u32>,
    /// `history.young_female_companions`: of those, young women not related to the person.
    pub young_female_companions: Option<u32>,
    /// `history.escort_trips`: departures in the window on which the person,
    /// not a young woman, travelled with young women not related to them.
    pub escort_trips: Option<u32>,
    /// `history.returns_alone`: arrivals in the window without companions
    /// after a departure with companions.
    pub returns_alone: Option<u32>,
    /// `history.first_departure`: a departure with no earlier departure known.
    pub first_departure: Option<bool>,
    /// `history.days_since_last_crossing`: days since the previous known crossing.
    pub days_since_last_crossing: Option<f64>,
}

/// The history features of `me`.
pub(crate) fn features(state: &PatternState, me: &Obs) -> HistoryFeatures {
    if me.person == 0 {
        return HistoryFeatures::default();
    }
    let cfg = &state.cfg;
    let list = super::list(&state.by_person, me.person);
    // Everything of this person up to now, without this record, then this record.
    let earlier: Vec<Obs> = state
        .upto(list, me.time)
        .iter()
        .map(|&i| state.obs[i as usize])
        .filter(|o| o.rec != me.rec)
        .collect();
    let from = me.time - cfg.history_days as i64 * 86_400;
    let mut trips: Vec<Obs> = earlier.iter().filter(|o| o.time >= from).copied().collect();
    trips.push(*me);

    let departures = trips.iter().filter(|o| o.departure).count() as u32;
    let country = if me.departure {
        me.destination
    } else {
        me.origin
    };
    let same_country = (country != [0; 3]).then(|| {
        trips
            .iter()
            .filter(|o| o.departure && o.destination == country)
            .count() as u32
    });

    let mut companions = IdSet::default();
    let mut young = IdSet::default();
    let mut escort_trips = 0;
    let me_young = me.young_woman(cfg);
    let mut members = Vec::new();
    for trip in trips.iter().filter(|o| o.departure && o.group != 0) {
        state.group_members_into(trip, me.time, &mut members);
        companions.extend(members.iter().map(Obs::ident).filter(|&i| i != me.person));
        let mut any = false;
        for w in groups::unrelated_young_women(trip, &members, cfg) {
            young.insert(w.ident());
            any = true;
        }
        if any && !me_young {
            escort_trips += 1;
        }
    }

    let mut returns_alone = 0;
    for (k, a) in trips.iter().enumerate().filter(|(_, o)| !o.departure) {
        let alone = a.group == 0 || !state.has_company(a, me.time);
        // The person's last departure before this arrival, window or not.
        let before = earlier
            .iter()
            .chain(trips[..k].iter())
            .filter(|o| o.departure && o.time <= a.time);
        let last = before.max_by_key(|o| (o.time, o.rec));
        let left_with_company = last.is_some_and(|d| d.group != 0 && state.has_company(d, me.time));
        if alone && left_with_company {
            returns_alone += 1;
        }
    }

    HistoryFeatures {
        crossings: Some(trips.len() as u32),
        departures: Some(departures),
        arrivals: Some(trips.len() as u32 - departures),
        departures_same_country: same_country,
        distinct_companions: Some(companions.len() as u32),
        young_female_companions: Some(young.len() as u32),
        escort_trips: Some(escort_trips),
        returns_alone: Some(returns_alone),
        first_departure: me.departure.then(|| !earlier.iter().any(|o| o.departure)),
        days_since_last_crossing: earlier
            .iter()
            .map(|o| o.time)
            .max()
            .map(|t| (me.time - t) as f64 / 86_400.0),
    }
}
