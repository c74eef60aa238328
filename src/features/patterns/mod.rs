//! Relational features: booking groups, person history, shared contacts.
//!
//! One code path serves batch and stream. [`PatternState`] holds every
//! observed crossing in compact form, indexed by person, booking group,
//! address, phone and sponsor (each index a time-sorted list). A record's
//! features read only observed crossings at or before its own crossing time
//! (ties included), so the answer does not depend on what was observed later
//! or in which order: batch observes history and the whole run and then asks
//! for each record (in parallel); stream observes each record and asks at once.
//!
//! Submodules: [`config`] (windows and thresholds), [`keys`] (how records
//! relate), [`groups`], [`history`], [`contacts`] (one per feature family).

pub mod config;
pub mod contacts;
pub mod groups;
pub mod history;
pub mod keys;

pub use config::PatternConfig;
pub use contacts::ContactFeatures;
pub use groups::GroupFeatures;
pub use history::HistoryFeatures;

use super::{FieldSpec, FieldType, Value};
use crate::model::Traveller;
use chrono::{DateTime, FixedOffset};
use keys::{IdMap, Obs};
use rayon::prelude::*;

/// One record's relational features.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PatternFeatures {
    /// Booking-group features (`group.*`).
    pub group: GroupFeatures,
    /// Person-history features (`history.*`).
    pub history: HistoryFeatures,
    /// Shared-contact features (`contact.*`).
    pub contact: ContactFeatures,
}

/// Everything observed so far, indexed for window queries. Batch observes
/// history and the whole run, then asks for each record's features; stream
/// and server observe each record as it arrives and ask at once. Features for
/// a record only ever use observed records at or before its crossing time.
#[derive(Debug)]
pub struct PatternState {
    cfg: PatternConfig,
    obs: Vec<Obs>,
    /// Record-id hash → position in `obs`.
    seen: IdMap<u32>,
    by_person: IdMap<Positions>,
    by_group: IdMap<Positions>,
    by_address: IdMap<Positions>,
    by_phone: IdMap<Positions>,
    by_sponsor: IdMap<Positions>,
    /// Latest crossing time observed: a crossing at or after it appends to every list.
    max_time: i64,
}

/// A prune in progress: the crossings a pruned state keeps, copied out of
/// the live state ([`PatternState::start_prune`]).
pub struct Prune {
    cfg: PatternConfig,
    kept: Vec<Obs>,
    cutoff: i64,
    /// Crossings the live state held when the copy was taken.
    mark: usize,
}

impl Prune {
    /// Builds the pruned state (the costly part: every index is rebuilt).
    /// Runs on the calling thread only, so a server can give it a thread
    /// of its own without it competing for the request threads' pool.
    pub fn build(self) -> Pruned {
        let mut state = PatternState::new(self.cfg);
        state.insert_many_with(self.kept, false);
        Pruned {
            state,
            cutoff: self.cutoff,
            mark: self.mark,
        }
    }
}

/// A pruned state ready for [`PatternState::adopt`].
pub struct Pruned {
    state: PatternState,
    cutoff: i64,
    mark: usize,
}

impl Default for PatternState {
    fn default() -> PatternState {
        PatternState::new(PatternConfig::default())
    }
}

impl PatternState {
    /// An empty state.
    pub fn new(cfg: PatternConfig) -> PatternState {
        PatternState {
            cfg,
            obs: Vec::new(),
            seen: IdMap::default(),
            by_person: IdMap::default(),
            by_group: IdMap::default(),
            by_address: IdMap::default(),
            by_phone: IdMap::default(),
            by_sponsor: IdMap::default(),
            max_time: i64::MIN,
        }
    }

    /// The settings in use.
    pub fn config(&self) -> &PatternConfig {
        &self.cfg
    }

    /// The latest crossing time observed (unix seconds), `i64::MIN` before
    /// any.
    pub fn newest(&self) -> i64 {
        self.max_time
    }

    /// Number of crossings held.
    pub fn len(&self) -> usize {
        self.obs.len()
    }

    /// True when nothing was observed.
    pub fn is_empty(&self) -> bool {
        self.obs.is_empty()
    }

    /// Adds one crossing. A record id seen before is ignored, so replaying a
    /// record changes nothing.
    pub fn observe(&mut self, t: &Traveller) {
        self.insert(Obs::new(t, &self.cfg));
    }

    /// Adds many crossings (in time order internally, which keeps the
    /// indexes append-only and fast).
    pub fn observe_all(&mut self, ts: &[Traveller]) {
        let cfg = &self.cfg;
        let mut obs: Vec<Obs> = ts
            .par_iter()
            .map_init(keys::Memo::default, |memo, t| Obs::with_memo(t, cfg, memo))
            .collect();
        // Stable, as before: equal times keep their input order.
        obs.par_sort_by_key(|o| o.time);
        self.insert_many(obs);
    }

    fn insert(&mut self, o: Obs) {
        self.insert_many(vec![o]);
    }

    /// Adds new crossings to `obs`, then to the five indexes (in parallel for
    /// many crossings: each index is independent).
    fn insert_many(&mut self, new: Vec<Obs>) {
        self.insert_many_with(new, true);
    }

    /// [`insert_many`](Self::insert_many), on the calling thread only unless
    /// `parallel`.
    fn insert_many_with(&mut self, new: Vec<Obs>, parallel: bool) {
        self.obs.reserve(new.len());
        self.seen.reserve(new.len());
        // (position, arrived in time order)
        let mut added: Vec<(u32, bool)> = Vec::with_capacity(new.len());
        for o in new {
            let idx = self.obs.len() as u32;
            match self.seen.entry(o.rec) {
                std::collections::hash_map::Entry::Occupied(_) => continue,
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(idx);
                }
            }
            self.obs.push(o);
            added.push((idx, o.time >= self.max_time));
            self.max_time = self.max_time.max(o.time);
        }
        let obs = &self.obs;
        let added = &added;
        let fill = |index: &mut IdMap<Positions>, key: fn(&Obs) -> u64| {
            for &(idx, in_order) in added {
                let o = &obs[idx as usize];
                let k = key(o);
                if k == 0 {
                    continue;
                }
                let list = index.entry(k).or_default();
                let s = list.as_slice();
                let pos = if in_order || s.last().is_none_or(|&j| obs[j as usize].time <= o.time) {
                    s.len()
                } else {
                    s.partition_point(|&j| obs[j as usize].time <= o.time)
                };
                list.insert(pos, idx);
            }
        };
        let (p, g, a, ph, sp) = (
            &mut self.by_person,
            &mut self.by_group,
            &mut self.by_address,
            &mut self.by_phone,
            &mut self.by_sponsor,
        );
        if !parallel || added.len() < 1024 {
            fill(p, |o| o.person);
            fill(g, |o| o.group);
            fill(a, |o| o.address);
            fill(ph, |o| o.phone);
            fill(sp, |o| o.sponsor);
        } else {
            rayon::scope(|s| {
                s.spawn(|_| fill(p, |o| o.person));
                s.spawn(|_| fill(g, |o| o.group));
                s.spawn(|_| fill(a, |o| o.address));
                s.spawn(|_| fill(ph, |o| o.phone));
                s.spawn(|_| fill(sp, |o| o.sponsor));
            });
        }
    }

    /// Drops crossings before `cutoff` (for long-running servers). Features of
    /// later records lose what lay before it; keep at least the longest window.
    pub fn prune_before(&mut self, cutoff: DateTime<FixedOffset>) {
        self.prune_before_ts(cutoff.timestamp());
    }

    /// Drops crossings older than every window (plus a day) behind the
    /// newest one observed: no feature of a record at or after the newest
    /// crossing changes. For long-running stream and server processes.
    pub fn prune_outside_windows(&mut self) {
        if let Some(cutoff) = self.cfg.window_start(self.max_time) {
            self.prune_before_ts(cutoff);
        }
    }

    fn prune_before_ts(&mut self, cutoff: i64) {
        let pruned = self.start_prune(cutoff).build();
        self.adopt(pruned);
    }

    /// Begins a prune that is built away from this state (a server keeps
    /// screening on it meanwhile): copies the crossings at or after
    /// `cutoff` (unix seconds). Build the result with [`Prune::build`] (on
    /// any thread) and install it with [`adopt`](Self::adopt).
    pub fn start_prune(&self, cutoff: i64) -> Prune {
        Prune {
            cfg: self.cfg.clone(),
            kept: self.kept_from(0, cutoff),
            cutoff,
            mark: self.obs.len(),
        }
    }

    /// Installs a pruned state built from this one: the crossings observed
    /// since [`start_prune`](Self::start_prune) (at or after its cutoff)
    /// are added to it first, so nothing observed meanwhile is lost.
    pub fn adopt(&mut self, pruned: Pruned) {
        let Pruned {
            mut state,
            cutoff,
            mark,
        } = pruned;
        state.insert_many(self.kept_from(mark, cutoff));
        *self = state;
    }

    /// The crossings observed from position `from` on that a prune at
    /// `cutoff` keeps, in time order (as the indexes are built).
    fn kept_from(&self, from: usize, cutoff: i64) -> Vec<Obs> {
        let mut kept: Vec<Obs> = self.obs[from.min(self.obs.len())..]
            .iter()
            .filter(|o| o.time >= cutoff)
            .copied()
            .collect();
        kept.sort_by_key(|o| o.time);
        kept
    }

    /// The features of `t` from observed records at or before its crossing
    /// time. `t` itself counts whether or not it was observed (an observed
    /// record id is read back as first observed).
    pub fn features(&self, t: &Traveller) -> PatternFeatures {
        let rec = keys::hash_key(0, &t.record_id);
        let me = match self.seen.get(&rec) {
            Some(&i) => self.obs[i as usize],
            None => Obs::new(t, &self.cfg),
        };
        let members = if me.group != 0 {
            self.group_members(&me, me.time)
        } else {
            Vec::new()
        };
        PatternFeatures {
            group: groups::features(&me, &members, &self.cfg),
            history: history::features(self, &me),
            contact: contacts::features(self, &me),
        }
    }

    /// Entries of a time-sorted list with `time <= to`.
    fn upto<'a>(&self, list: &'a [u32], to: i64) -> &'a [u32] {
        &list[..list.partition_point(|&j| self.obs[j as usize].time <= to)]
    }

    /// The booking-group members of `trip` crossing at or before `now`, with
    /// `trip` itself whether observed or not.
    fn group_members(&self, trip: &Obs, now: i64) -> Vec<Obs> {
        let mut out = Vec::new();
        self.group_members_into(trip, now, &mut out);
        out
    }

    /// [`group_members`](Self::group_members) into `out` (cleared first),
    /// so a loop can reuse one buffer.
    fn group_members_into(&self, trip: &Obs, now: i64, out: &mut Vec<Obs>) {
        out.clear();
        out.extend(
            self.upto(self.group_list(trip), now)
                .iter()
                .map(|&i| self.obs[i as usize])
                .filter(|o| o.rec != trip.rec),
        );
        out.push(*trip);
    }

    /// True when `trip`'s booking group has another member crossing at or
    /// before `now` (its [`group_members`](Self::group_members) number two
    /// or more), without collecting them.
    fn has_company(&self, trip: &Obs, now: i64) -> bool {
        self.upto(self.group_list(trip), now)
            .iter()
            .any(|&i| self.obs[i as usize].rec != trip.rec)
    }

    /// The time-sorted positions of `trip`'s booking group.
    fn group_list(&self, trip: &Obs) -> &[u32] {
        list(&self.by_group, trip.group)
    }
}

/// The time-sorted positions in `obs` of one key's crossings. Most people,
/// booking groups and phones have one to three, held inline (no allocation,
/// no second cache miss); longer lists move to the heap.
#[derive(Clone, Debug)]
enum Positions {
    Inline(u32, [u32; 3]),
    Heap(Vec<u32>),
}

impl Default for Positions {
    fn default() -> Positions {
        Positions::Inline(0, [0; 3])
    }
}

impl Positions {
    fn as_slice(&self) -> &[u32] {
        match self {
            Positions::Inline(n, a) => &a[..*n as usize],
            Positions::Heap(v) => v,
        }
    }

    /// Inserts `idx` at `pos` (`pos <= len`).
    fn insert(&mut self, pos: usize, idx: u32) {
        match self {
            Positions::Inline(n, a) if (*n as usize) < a.len() => {
                a.copy_within(pos..*n as usize, pos + 1);
                a[pos] = idx;
                *n += 1;
            }
            Positions::Inline(n, a) => {
                let mut v = Vec::with_capacity(2 * a.len() + 2);
                v.extend_from_slice(&a[..*n as usize]);
                v.insert(pos, idx);
                *self = Positions::Heap(v);
            }
            Positions::Heap(v) => v.insert(pos, idx),
        }
    }
}

/// The positions under `key` in `index` (empty when none).
fn list(index: &IdMap<Positions>, key: u64) -> &[u32] {
    index.get(&key).map(Positions::as_slice).unwrap_or(&[])
}

/// Features for every record of `run`, aligned with it, with `history` (and
/// earlier records of the run) as the past.
pub fn batch_features(
    cfg: PatternConfig,
    history: &[Traveller],
    run: &[Traveller],
) -> Vec<PatternFeatures> {
    let mut state = PatternState::new(cfg);
    state.observe_all(history);
    state.observe_all(run);
    run.par_iter().map(|t| state.features(t)).collect()
}

/// The pattern section of the schema.
pub const FIELDS: &[FieldSpec] = &[
    FieldSpec { name: "group.size", ty: FieldType::Number, doc: "travellers on this booking (same booking_ref, direction, day, port) crossing at or before this one, this one included; null without booking_ref" },
    FieldSpec { name: "group.adults", ty: FieldType::Number, doc: "travellers on the booking aged at least ages.adult_from (21)" },
    FieldSpec { name: "group.minors", ty: FieldType::Number, doc: "travellers on the booking younger than ages.minor_below (18)" },
    FieldSpec { name: "group.young_women", ty: FieldType::Number, doc: "women on the booking aged ages.young_woman_from..=young_woman_to (15-30)" },
    FieldSpec { name: "group.unknown_age", ty: FieldType::Number, doc: "travellers on the booking without a birth date" },
    FieldSpec { name: "group.minor_without_adult", ty: FieldType::Bool, doc: "this traveller is a minor and nobody on the booking is an adult (21+); null when ages leave it open" },
    FieldSpec { name: "group.escort_pattern", ty: FieldType::Bool, doc: "at least escort.min_young_women (3) young women with 1..escort.max_escorts (2) other travellers, each escort.escort_min_age (25)+ and sharing no family name or home region with the young women; null when sexes or ages leave it open" },
    FieldSpec { name: "group.is_escort", ty: FieldType::Bool, doc: "the escort pattern holds and this traveller is one of the older, unrelated travellers" },
    FieldSpec { name: "group.shared_sponsor", ty: FieldType::Bool, doc: "another traveller on the booking names the same sponsor (normalised name or licence)" },
    FieldSpec { name: "group.family", ty: FieldType::Bool, doc: "two or more on the booking and each shares a family-name token with another (patronymic markers and common names ignored)" },
    FieldSpec { name: "history.crossings", ty: FieldType::Number, doc: "this person's crossings in the last history.window_days (90) days, this one included; null when the person cannot be identified (no document number, no name with birth date)" },
    FieldSpec { name: "history.departures", ty: FieldType::Number, doc: "this person's departures in the history window, this one included" },
    FieldSpec { name: "history.arrivals", ty: FieldType::Number, doc: "this person's arrivals in the history window, this one included" },
    FieldSpec { name: "history.departures_same_country", ty: FieldType::Number, doc: "departures in the history window to this record's destination (for an arrival: its origin), this one included" },
    FieldSpec { name: "history.distinct_companions", ty: FieldType::Number, doc: "distinct people who shared a booking with this person on departures in the history window" },
    FieldSpec { name: "history.young_female_companions", ty: FieldType::Number, doc: "distinct young women, not related to this person, who shared a booking with them on departures in the history window" },
    FieldSpec { name: "history.escort_trips", ty: FieldType::Number, doc: "departures in the history window on which this person (not a young woman) travelled with young women not related to them" },
    FieldSpec { name: "history.returns_alone", ty: FieldType::Number, doc: "arrivals in the history window without companions after a departure with companions" },
    FieldSpec { name: "history.first_departure", ty: FieldType::Bool, doc: "a departure with no earlier departure of this person known (within the history loaded); null for arrivals" },
    FieldSpec { name: "history.days_since_last_crossing", ty: FieldType::Number, doc: "days since this person's previous known crossing; null when none" },
    FieldSpec { name: "contact.address_travellers", ty: FieldType::Number, doc: "other travellers, not on this booking, giving the same destination_address within contacts.window_days (14) days up to this crossing (counted up to contacts.count_cap); null without an address" },
    FieldSpec { name: "contact.phone_travellers", ty: FieldType::Number, doc: "other travellers, not on this booking, giving the same phone (last contacts.phone_digits digits) within the contact window; null without a phone" },
    FieldSpec { name: "contact.sponsor_travellers", ty: FieldType::Number, doc: "other travellers, not on this booking, naming the same sponsor within the contact window; null without a sponsor" },
];

/// Fills the pattern section.
pub fn fill(p: &PatternFeatures, out: &mut [Value]) {
    let n = |v: Option<u32>| Value::opt_num(v.map(f64::from));
    let b = |v: Option<bool>| v.map(Value::Bool).unwrap_or(Value::Null);
    let (g, h, c) = (&p.group, &p.history, &p.contact);
    let vals = [
        n(g.size),
        n(g.adults),
        n(g.minors),
        n(g.young_women),
        n(g.unknown_age),
        b(g.minor_without_adult),
        b(g.escort_pattern),
        b(g.is_escort),
        b(g.shared_sponsor),
        b(g.family),
        n(h.crossings),
        n(h.departures),
        n(h.arrivals),
        n(h.departures_same_country),
        n(h.distinct_companions),
        n(h.young_female_companions),
        n(h.escort_trips),
        n(h.returns_alone),
        b(h.first_departure),
        Value::opt_num(h.days_since_last_crossing),
        n(c.address_travellers),
        n(c.phone_travellers),
        n(c.sponsor_travellers),
    ];
    debug_assert_eq!(vals.len(), FIELDS.len());
    for (o, v) in out.iter_mut().zip(vals) {
        *o = v;
    }
}

#[cfg(test)]
pub(crate) mod tests;
