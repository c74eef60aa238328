//! Ordinary border traffic: families, umrah groups, procedural migrant
//! workers, business travellers, friends, solo tourists and foreigners,
//! with their return trips. These are the records the default rule pack
//! must leave quiet.

use super::names::*;
use super::rng::Rng;
use super::Rec;
use chrono::{Duration, NaiveDate, NaiveDateTime};

/// Builds records for one run of ordinary traffic.
pub struct Traffic<'a> {
    /// Random source.
    pub rng: &'a mut Rng,
    /// First day.
    pub start: NaiveDate,
    /// Number of days covered.
    pub days: i64,
    /// Output.
    pub out: Vec<Rec>,
    next_id: u64,
    next_booking: u64,
    next_doc: u64,
}

/// One generated person.
#[derive(Clone, Debug)]
pub struct Person {
    /// Name as on the passport.
    pub name: String,
    /// F or M.
    pub sex: &'static str,
    /// Birth date.
    pub birth: NaiveDate,
    /// Passport number.
    pub doc: String,
    /// Passport issue date.
    pub issued: NaiveDate,
    /// Nationality.
    pub nationality: &'static str,
    /// Province/Regency.
    pub region: String,
}

impl<'a> Traffic<'a> {
    /// A new generator; ids start after `id_base` so several runs do not collide.
    pub fn new(rng: &'a mut Rng, start: NaiveDate, days: i64, id_base: u64) -> Traffic<'a> {
        Traffic {
            rng,
            start,
            days,
            out: Vec::new(),
            next_id: id_base,
            next_booking: id_base,
            next_doc: id_base,
        }
    }

    /// A fresh record id with the given prefix.
    pub fn id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}{:07}", self.next_id)
    }

    /// A fresh booking reference.
    pub fn booking(&mut self) -> String {
        self.next_booking += 1;
        let n = self.next_booking;
        let letters: String = (0..3)
            .map(|i| (b'A' + ((n >> (i * 5)) % 26) as u8) as char)
            .collect();
        format!("{letters}{n:05}")
    }

    /// A fresh passport number.
    pub fn doc(&mut self) -> String {
        self.next_doc += 1;
        format!(
            "{}{:07}",
            ['A', 'B', 'C', 'E', 'X'][(self.next_doc % 5) as usize],
            self.next_doc % 10_000_000
        )
    }

    /// A random person of the given sex and age range at `on`.
    pub fn person(
        &mut self,
        sex: &'static str,
        age: (i64, i64),
        on: NaiveDate,
        region: Option<&str>,
    ) -> Person {
        let given = if sex == "F" {
            *self.rng.pick(FEMALE)
        } else {
            *self.rng.pick(MALE)
        };
        let name = if self.rng.chance(0.15) {
            given.to_string()
        } else if self.rng.chance(0.3) {
            format!("{}/{}", self.rng.pick(FAMILY), given)
        } else {
            format!("{} {}", given, self.rng.pick(FAMILY))
        };
        let age_days = self.rng.range(age.0 * 365 + 10, age.1 * 365 + 300);
        let birth = on - Duration::days(age_days);
        let issued = on - Duration::days(self.rng.range(60, 1700));
        let region = region.map(str::to_string).unwrap_or_else(|| {
            if self.rng.chance(0.3) {
                self.rng.pick(SENDING_REGIONS).to_string()
            } else {
                self.rng.pick(OTHER_REGIONS).to_string()
            }
        });
        Person {
            name,
            sex,
            birth,
            doc: self.doc(),
            issued,
            nationality: "IDN",
            region,
        }
    }

    /// A random day of the run, leaving room for a return.
    pub fn day(&mut self) -> NaiveDate {
        self.start + Duration::days(self.rng.range(0, (self.days - 1).max(0)))
    }

    /// Time at the desk on `day`, `minute` minutes after a random hour.
    pub fn at(&mut self, day: NaiveDate) -> NaiveDateTime {
        day.and_hms_opt(
            self.rng.range(5, 21) as u32,
            self.rng.range(0, 59) as u32,
            self.rng.range(0, 59) as u32,
        )
        .expect("valid time")
    }

    /// A crossing record for `p`.
    #[allow(clippy::too_many_arguments)]
    pub fn crossing(
        &mut self,
        p: &Person,
        direction: &str,
        time: NaiveDateTime,
        port: &str,
        dest: &str,
        purpose: &str,
        return_date: Option<NaiveDate>,
        booking: Option<&str>,
    ) -> Rec {
        let prefix = if direction == "departure" { "D" } else { "A" };
        let (origin, destination) = if direction == "departure" {
            ("IDN", dest)
        } else {
            (dest, "IDN")
        };
        let mut r = Rec::default();
        r.set("record_id", self.id(prefix));
        r.set("direction", direction);
        r.set(
            "crossing_time",
            format!("{}+07:00", time.format("%Y-%m-%dT%H:%M:%S")),
        );
        r.set("port", port);
        r.set(
            "carrier",
            format!(
                "{}{}",
                ["GA", "QZ", "JT", "SQ", "MH", "AK"][self.rng.below(6)],
                self.rng.range(100, 999)
            ),
        );
        r.set("origin_country", origin);
        r.set("destination_country", destination);
        r.set("full_name", &p.name);
        r.set("sex", p.sex);
        r.set("birth_date", p.birth.to_string());
        r.set("nationality", p.nationality);
        r.set("document_type", "P");
        r.set("document_number", &p.doc);
        r.set("document_issue_date", p.issued.to_string());
        r.set(
            "document_expiry_date",
            (p.issued + Duration::days(3652)).to_string(),
        );
        r.set("purpose", purpose);
        if let Some(d) = return_date {
            r.set("return_date", d.to_string());
        }
        if let Some(b) = booking {
            r.set("booking_ref", b);
        }
        if p.nationality == "IDN" {
            r.set("origin_region", &p.region);
        }
        r.set(
            "phone",
            format!("+62 8{}", self.rng.range(110_000_000, 999_999_999)),
        );
        r
    }

    /// Departure plus, when the return falls inside the run, the arrival.
    #[allow(clippy::too_many_arguments)]
    fn trip(
        &mut self,
        p: &Person,
        day: NaiveDate,
        port: &str,
        dest: &str,
        purpose: &str,
        stay: i64,
        booking: Option<&str>,
        address: &str,
    ) {
        let ret = day + Duration::days(stay);
        let t = self.at(day);
        let mut d = self.crossing(p, "departure", t, port, dest, purpose, Some(ret), booking);
        d.set("destination_address", address);
        self.out.push(d);
        if ret < self.start + Duration::days(self.days) {
            let t = self.at(ret);
            let a = self.crossing(p, "arrival", t, port, dest, purpose, None, booking);
            self.out.push(a);
        }
    }

    /// A family: two parents and one to three children, shared booking and region.
    pub fn family(&mut self) {
        let day = self.day();
        let region = self.rng.pick(OTHER_REGIONS).to_string();
        let family = *self.rng.pick(FAMILY);
        let booking = self.booking();
        let port = *self.rng.pick(AIRPORTS);
        let dest = *self.rng.pick(TOURIST_DESTINATIONS);
        let stay = self.rng.range(4, 10);
        let hotel = *self.rng.pick(HOTELS);
        let mut members = vec![
            self.person("M", (32, 50), day, Some(&region)),
            self.person("F", (30, 46), day, Some(&region)),
        ];
        for _ in 0..self.rng.range(1, 3) {
            let sex = if self.rng.chance(0.5) { "F" } else { "M" };
            members.push(self.person(sex, (2, 16), day, Some(&region)));
        }
        for m in &mut members {
            let given = match m.name.split_once('/') {
                Some((_, g)) => g.to_string(),
                None => m.name.split(' ').next().unwrap_or("ANAK").to_string(),
            };
            m.name = format!("{given} {family}");
        }
        for m in &members {
            self.trip(m, day, port, dest, "tourism", stay, Some(&booking), hotel);
        }
    }

    /// An umrah group through a licensed travel agency.
    pub fn umrah(&mut self, agencies: &[(&str, &str)]) {
        let day = self.day();
        let booking = self.booking();
        let (agency, lic) = *self.rng.pick(agencies);
        let n = self.rng.range(8, 20);
        for _ in 0..n {
            let sex = if self.rng.chance(0.55) { "F" } else { "M" };
            let p = self.person(sex, (28, 72), day, None);
            let t = self.at(day);
            let mut d = self.crossing(
                &p,
                "departure",
                t,
                "CGK",
                "SAU",
                "umrah",
                Some(day + Duration::days(12)),
                Some(&booking),
            );
            d.set("visa_type", "umrah");
            d.set("sponsor", agency);
            d.set("sponsor_license", lic);
            d.set("destination_address", "Pullman Zamzam, Makkah");
            self.out.push(d);
        }
    }

    /// A procedural migrant worker: licensed placement company, work visa.
    pub fn worker(&mut self, companies: &[(&str, &str)]) {
        let day = self.day();
        let sex = if self.rng.chance(0.6) { "F" } else { "M" };
        let region = self.rng.pick(SENDING_REGIONS).to_string();
        let p = self.person(sex, (21, 40), day, Some(&region));
        let (company, lic) = *self.rng.pick(companies);
        let dest = *self.rng.pick(&["MYS", "TWN", "HKG", "SGP", "KOR"]);
        let t = self.at(day);
        let mut d = self.crossing(&p, "departure", t, "CGK", dest, "work", None, None);
        d.set("visa_type", "work");
        d.set("sponsor", company);
        d.set("sponsor_license", lic);
        d.set(
            "destination_address",
            format!("Employer hostel {}, {}", self.rng.range(1, 90), dest),
        );
        self.out.push(d);
    }

    /// A business traveller, sometimes travelling several times in the run.
    pub fn business(&mut self) {
        let sex = if self.rng.chance(0.7) { "M" } else { "F" };
        let start = self.start;
        let p = self.person(sex, (28, 60), start, None);
        let trips = if self.rng.chance(0.4) {
            self.rng.range(2, 4)
        } else {
            1
        };
        let mut day = self.day();
        for _ in 0..trips {
            let dest = *self.rng.pick(&["SGP", "MYS", "CHN", "JPN", "AUS"]);
            let port = *self.rng.pick(&["CGK", "SUB", "KNO"]);
            let stay = self.rng.range(1, 4);
            self.trip(
                &p,
                day,
                port,
                dest,
                "business",
                stay,
                None,
                "Business hotel, city centre",
            );
            day += Duration::days(self.rng.range(6, 9));
            if day >= self.start + Duration::days(self.days) {
                break;
            }
        }
    }

    /// Friends travelling together, all with return tickets.
    pub fn friends(&mut self) {
        let day = self.day();
        let booking = self.booking();
        let sex = if self.rng.chance(0.5) { "F" } else { "M" };
        let dest = *self.rng.pick(&["MYS", "SGP", "THA", "KOR"]);
        let port = *self.rng.pick(AIRPORTS);
        let hotel = *self.rng.pick(HOTELS);
        let region = self.rng.pick(OTHER_REGIONS).to_string();
        let n = self.rng.range(2, 4);
        let stay = self.rng.range(3, 7);
        for _ in 0..n {
            let p = self.person(sex, (19, 28), day, Some(&region));
            self.trip(&p, day, port, dest, "tourism", stay, Some(&booking), hotel);
        }
    }

    /// A solo tourist or family visit.
    pub fn solo(&mut self) {
        let day = self.day();
        let sex = if self.rng.chance(0.5) { "F" } else { "M" };
        let p = self.person(sex, (23, 70), day, None);
        let purpose = *self.rng.pick(&["tourism", "family", "study", "tourism"]);
        let dest = *self.rng.pick(TOURIST_DESTINATIONS);
        let port = *self.rng.pick(AIRPORTS);
        let hotel = *self.rng.pick(HOTELS);
        let stay = self.rng.range(3, 20);
        self.trip(&p, day, port, dest, purpose, stay, None, hotel);
    }

    /// A foreign national leaving after a visit.
    pub fn foreigner(&mut self) {
        let day = self.day();
        let nat = *self.rng.pick(&["MYS", "SGP", "AUS", "JPN", "NLD", "USA"]);
        let sex = if self.rng.chance(0.5) { "F" } else { "M" };
        let mut p = self.person(sex, (25, 70), day, None);
        p.nationality = nat;
        p.name = format!(
            "{}/{}",
            ["TAN", "LIM", "SMITH", "SATO", "DE VRIES", "BROWN"][self.rng.below(6)],
            p.name.split(['/', ' ']).next().unwrap_or("ALEX")
        );
        let t = self.at(day);
        let port = *self.rng.pick(&["CGK", "DPS"]);
        let r = self.crossing(&p, "departure", t, port, nat, "tourism", None, None);
        self.out.push(r);
    }

    /// A mix of ordinary traffic until at least `rows` records exist.
    pub fn ordinary(&mut self, rows: usize, agencies: &[(&str, &str)], companies: &[(&str, &str)]) {
        while self.out.len() < rows {
            match self.rng.below(20) {
                0..=3 => self.family(),
                4 => self.umrah(agencies),
                5..=7 => self.worker(companies),
                8..=10 => self.business(),
                11..=13 => self.friends(),
                14..=17 => self.solo(),
                _ => self.foreigner(),
            }
        }
    }
}
