//! Booking-group features: who travels together on one booking (same
//! booking reference, direction, local day and port).

use super::config::PatternConfig;
use super::keys::Obs;

/// Features of the record's booking group. All `None` without a booking reference.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GroupFeatures {
    /// `group.size`: travellers on the booking, this one included.
    pub size: Option<u32>,
    /// `group.adults`: travellers at least `adult_from` years old.
    pub adults: Option<u32>,
    /// `group.minors`: travellers younger than `minor_below`.
    pub minors: Option<u32>,
    /// `group.young_women`: women aged `young_woman_from..=young_woman_to`.
    pub young_women: Option<u32>,
    /// `group.unknown_age`: travellers without a birth date.
    pub unknown_age: Option<u32>,
    /// `group.minor_without_adult`: this traveller is a minor and nobody on the booking is an adult.
    pub minor_without_adult: Option<bool>,
    /// `group.escort_pattern`: young women with a few older, unrelated travellers.
    pub escort_pattern: Option<bool>,
    /// `group.is_escort`: the escort pattern holds and this traveller is one of the older ones.
    pub is_escort: Option<bool>,
    /// `group.shared_sponsor`: another traveller on the booking names the same sponsor.
    pub shared_sponsor: Option<bool>,
    /// `group.family`: every traveller on the booking shares a family name with another.
    pub family: Option<bool>,
}

/// Whether the members form the escort pattern, and who the escorts are.
/// `None` when missing sexes or ages leave it open.
pub(crate) fn escort(members: &[Obs], cfg: &PatternConfig) -> Option<Vec<u64>> {
    let none = Some(Vec::new());
    let min_yw = cfg.escort_min_young_women as usize;
    if members.len() < min_yw + 1 {
        return none;
    }
    let (yw, others): (Vec<&Obs>, Vec<&Obs>) = members.iter().partition(|m| m.young_woman(cfg));
    let known_others = others
        .iter()
        .filter(|o| o.surely_not_young_woman(cfg))
        .count();
    if known_others > cfg.escort_max_escorts as usize {
        return none;
    }
    if members.iter().any(|m| !m.sex_and_age_known()) {
        return None;
    }
    let holds = yw.len() >= min_yw
        && !others.is_empty()
        && others.iter().all(|o| {
            o.age().is_some_and(|a| a >= cfg.escort_min_age) && !yw.iter().any(|w| w.related(o))
        });
    if holds {
        Some(others.iter().map(|o| o.rec).collect())
    } else {
        none
    }
}

/// Young women on the booking who are not related to `me` (not `me` itself).
pub(crate) fn unrelated_young_women<'a>(
    me: &'a Obs,
    members: &'a [Obs],
    cfg: &'a PatternConfig,
) -> impl Iterator<Item = &'a Obs> + 'a {
    members
        .iter()
        .filter(move |m| m.ident() != me.ident() && m.young_woman(cfg) && !m.related(me))
}

/// The group features of `me` given its booking's members (`me` included).
pub(crate) fn features(me: &Obs, members: &[Obs], cfg: &PatternConfig) -> GroupFeatures {
    if me.group == 0 {
        return GroupFeatures::default();
    }
    let count = |f: &dyn Fn(&Obs) -> bool| members.iter().filter(|m| f(m)).count() as u32;
    let adults = count(&|m| m.age().is_some_and(|a| a >= cfg.adult_from));
    let unknown_age = count(&|m| m.age().is_none());
    let minor_without_adult = match me.age() {
        None => None,
        Some(a) if a >= cfg.minor_below => Some(false),
        Some(_) if adults > 0 => Some(false),
        Some(_) if unknown_age > 0 => None,
        Some(_) => Some(true),
    };
    let escorts = escort(members, cfg);
    let family = members.len() >= 2
        && members
            .iter()
            .all(|m| members.iter().any(|o| o.rec != m.rec && m.same_family(o)));
    GroupFeatures {
        size: Some(members.len() as u32),
        adults: Some(adults),
        minors: Some(count(&|m| m.age().is_some_and(|a| a < cfg.minor_below))),
        young_women: Some(count(&|m| m.young_woman(cfg))),
        unknown_age: Some(unknown_age),
        minor_without_adult,
        escort_pattern: escorts.as_ref().map(|e| !e.is_empty()),
        is_escort: escorts.as_ref().map(|e| e.contains(&me.rec)),
        shared_sponsor: Some(
            me.sponsor != 0
                && members
                    .iter()
                    .any(|m| m.rec != me.rec && m.sponsor == me.sponsor),
        ),
        family: Some(family),
    }
}
