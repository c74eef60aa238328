//! Shared-contact features: unrelated travellers naming the same address
//! abroad, phone or sponsor within the contact window.

use super::keys::{IdMap, IdSet, Obs};
use super::{PatternState, Positions};

/// Counts of other travellers sharing a contact. Each is `None` when this
/// record gives no usable value for it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContactFeatures {
    /// `contact.address_travellers`: others on other bookings giving the same destination address.
    pub address_travellers: Option<u32>,
    /// `contact.phone_travellers`: others on other bookings giving the same phone.
    pub phone_travellers: Option<u32>,
    /// `contact.sponsor_travellers`: others on other bookings naming the same sponsor.
    pub sponsor_travellers: Option<u32>,
}

/// The contact features of `me`.
pub(crate) fn features(state: &PatternState, me: &Obs) -> ContactFeatures {
    ContactFeatures {
        address_travellers: count(state, &state.by_address, me.address, me),
        phone_travellers: count(state, &state.by_phone, me.phone, me),
        sponsor_travellers: count(state, &state.by_sponsor, me.sponsor, me),
    }
}

/// Distinct people, other than `me` and not on `me`'s booking, with an entry
/// under `key` in the window; counting stops at the cap.
fn count(state: &PatternState, index: &IdMap<Positions>, key: u64, me: &Obs) -> Option<u32> {
    if key == 0 {
        return None;
    }
    let cfg = &state.cfg;
    let cap = cfg.contact_cap as usize;
    let from = me.time - cfg.contact_days as i64 * 86_400;
    let list = super::list(index, key);
    // Newest first, so a popular key stops early (and the window's start
    // needs no search of its own).
    let others = state
        .upto(list, me.time)
        .iter()
        .rev()
        .map(|&i| &state.obs[i as usize])
        .take_while(|o| o.time >= from)
        .filter(|o| o.ident() != me.ident() && (me.booking == 0 || o.booking != me.booking))
        .map(Obs::ident);
    Some(distinct_up_to(others, cap) as u32)
}

/// How many distinct values `items` yields, stopping once `cap` are seen
/// (a cap of 0 counts like 1). Small caps
/// (the usual 50) count on the stack.
fn distinct_up_to(items: impl Iterator<Item = u64>, cap: usize) -> usize {
    const SMALL: usize = 64;
    if cap <= SMALL {
        let mut seen = [0u64; SMALL];
        let mut n = 0;
        for id in items {
            if !seen[..n].contains(&id) {
                seen[n] = id;
                n += 1;
            }
            if n >= cap {
                break;
            }
        }
        n
    } else {
        let mut seen = IdSet::default();
        for id in items {
            seen.insert(id);
            if seen.len() >= cap {
                break;
            }
        }
        seen.len()
    }
}
