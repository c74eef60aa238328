//! Plain data shared by every stage: travellers, dates, watchlist entries,
//! matches and flags. No logic beyond parsing and formatting lives here.

mod country;
mod date;
mod flag;
mod traveller;
mod watchlist;

pub use country::{alpha3_of, alpha3_of_alpha2, alpha3_of_name, is_country_code};
pub use date::PartialDate;
pub use flag::{Flag, Level, Reason};
pub use traveller::{Direction, RawRecord, Sex, Traveller};
pub use watchlist::{DateEvidence, Match, WatchlistEntry};
