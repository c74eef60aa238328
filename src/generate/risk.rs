//! The risk cases planted in generated data, each a known trafficking
//! indicator (see README "Sample data"). Every case is built from the same
//! record builder as ordinary traffic, so only the planted facts differ.

use super::traffic::{Person, Traffic};
use chrono::{Duration, NaiveDate};

/// A listed person planted in the watchlist together with the traveller
/// who should (or should not) match them.
pub struct Listed {
    /// `entry_id,list,full_name,aliases,birth_date,nationality,document_number,category`.
    pub row: [String; 8],
}

fn listed(
    id: &str,
    list: &str,
    name: &str,
    aliases: &str,
    birth: &str,
    doc: &str,
    category: &str,
) -> Listed {
    Listed {
        row: [id, list, name, aliases, birth, "IDN", doc, category].map(str::to_string),
    }
}

/// A planted person; their passport was issued a year or more before the
/// run unless a case says otherwise.
fn person(
    t: &mut Traffic<'_>,
    name: &str,
    sex: &'static str,
    birth: NaiveDate,
    region: &str,
) -> Person {
    let on = t.start;
    let mut p = t.person(sex, (20, 30), on, Some(region));
    p.name = name.to_string();
    p.birth = birth;
    p
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid literal date")
}

/// Plants every risk case, with its day offset `base` into the run.
/// Returns the watchlist entries the cases refer to.
pub fn plant(t: &mut Traffic<'_>, base: i64, tag: &str) -> Vec<Listed> {
    let start = t.start;
    let day = |d: i64| start + Duration::days(base + d);
    let mut lists = Vec::new();

    // 1. A listed trafficking suspect travelling under a spelling variant
    //    (Mohd for Muhammad, Rizki for Rizky), same birth date.
    let d1 = day(3);
    lists.push(listed(
        &format!("DPO-{tag}01"),
        "POLRI-DPO",
        "MUHAMMAD RIZKY BIN ABDULLAH",
        "",
        "1981-07-14",
        "",
        "trafficking-suspect",
    ));
    let p = person(
        t,
        "MOHD RIZKI BIN ABDULLAH",
        "M",
        date("1981-07-14"),
        "Kalimantan Barat/Sambas",
    );
    let at = t.at(d1);
    let r = t.crossing(&p, "departure", at, "IDETK", "MYS", "business", None, None);
    t.out.push(r);

    // 2. An unaccompanied minor: a girl of 15 alone on a ferry to Malaysia, one way.
    let d2 = day(5);
    let p = person(
        t,
        "YULI NDUN",
        "F",
        d2 - Duration::days(15 * 365 + 100),
        "Nusa Tenggara Timur/Kupang",
    );
    let at = t.at(d2);
    let mut r = t.crossing(&p, "departure", at, "IDBTH", "MYS", "tourism", None, None);
    r.set("document_issue_date", (d2 - Duration::days(20)).to_string());
    r.set(
        "document_expiry_date",
        (d2 + Duration::days(3632)).to_string(),
    );
    t.out.push(r);

    // 3. Escort pattern: five young women from sending regions with an older
    //    man of another family and region, one booking, one way, new passports.
    let d3 = day(8);
    let booking = t.booking();
    let at = t.at(d3);
    let escort = person(
        t,
        "HENDRA GUNAWAN",
        "M",
        d3 - Duration::days(46 * 365),
        "DKI Jakarta/Jakarta Utara",
    );
    let women = [
        ("NOVI TEFA", 17, "Nusa Tenggara Timur/Timor Tengah Selatan"),
        (
            "MARIA BANUNAEK",
            19,
            "Nusa Tenggara Timur/Timor Tengah Selatan",
        ),
        ("YOHANA LAKA", 21, "Nusa Tenggara Timur/Kupang"),
        ("AGNES MANAFE", 22, "Nusa Tenggara Timur/Kupang"),
        (
            "FRANSISKA NDRUWEH",
            24,
            "Nusa Tenggara Timur/Sumba Barat Daya",
        ),
    ];
    let mut minute = 0;
    // The escort goes through the desk last, behind the women he watches.
    let mut members = Vec::new();
    for (name, age, region) in women {
        members.push(person(
            t,
            name,
            "F",
            d3 - Duration::days(age * 365 + 40),
            region,
        ));
    }
    members.push(escort);
    for m in &members {
        let mut r = t.crossing(
            m,
            "departure",
            at + Duration::minutes(minute),
            "IDBTH",
            "MYS",
            "tourism",
            None,
            Some(&booking),
        );
        minute += 2;
        if m.sex == "F" {
            r.set("document_issue_date", (d3 - Duration::days(12)).to_string());
            r.set(
                "document_expiry_date",
                (d3 + Duration::days(3640)).to_string(),
            );
        }
        r.set("destination_address", "Jalan Kempas Baru 12, Johor Bahru");
        t.out.push(r);
    }

    // 4. A revoked recruiter, written with a typo, for declared work on a tourist visa.
    let d4 = day(10);
    for (name, age) in [("SUMIATI", 23), ("RAHMAWATI HAMID", 26)] {
        let p = person(
            t,
            name,
            "F",
            d4 - Duration::days(age * 365),
            "Jawa Barat/Indramayu",
        );
        let at = t.at(d4);
        let mut r = t.crossing(&p, "departure", at, "CGK", "MYS", "work", None, None);
        r.set("visa_type", "tourist");
        r.set("sponsor", "PT. Maju Jaya Abdi");
        t.out.push(r);
    }

    // 5. A missing girl listed by the police, found under a split-token spelling at a land border.
    let d5 = day(12);
    lists.push(listed(
        &format!("HILANG-{tag}01"),
        "POLRI-ORANG-HILANG",
        "SITI NURHALIZA",
        "SITI NUR HALIZAH",
        "2009-02-11",
        "",
        "missing-person",
    ));
    let p = person(
        t,
        "SITI NUR HALIZA",
        "F",
        date("2009-02-11"),
        "Kalimantan Barat/Sambas",
    );
    let at = t.at(d5);
    let r = t.crossing(&p, "departure", at, "IDETK", "MYS", "family", None, None);
    t.out.push(r);

    // 6. Repeat escort: a listed man (old spelling on the list) who leaves for
    //    Malaysia every week with a different young woman and comes back alone.
    lists.push(listed(
        &format!("DPO-{tag}02"),
        "POLRI-DPO",
        "DJOKO SOESANTO",
        "",
        "1975-03-02",
        "",
        "trafficking-suspect",
    ));
    let joko = person(
        t,
        "JOKO SUSANTO",
        "M",
        date("1975-03-02"),
        "Jawa Timur/Surabaya",
    );
    let companions = [
        ("DEWI LESTARI", 20),
        ("INDAH PERMATA", 18),
        ("WULAN SARI", 22),
        ("RINA UTAMI", 19),
    ];
    for (week, (name, age)) in companions.into_iter().enumerate() {
        let d = day(week as i64 * 7);
        let booking = t.booking();
        let at = t.at(d);
        let girl = person(
            t,
            name,
            "F",
            d - Duration::days(age * 365 + 77),
            "Nusa Tenggara Barat/Lombok Timur",
        );
        for (i, p) in [&joko, &girl].into_iter().enumerate() {
            let mut r = t.crossing(
                p,
                "departure",
                at + Duration::minutes(i as i64),
                "IDBTH",
                "MYS",
                "tourism",
                None,
                Some(&booking),
            );
            r.set("destination_address", "Taman Sentosa 8, Johor Bahru");
            t.out.push(r);
        }
        let back = t.at(d + Duration::days(2));
        let r = t.crossing(
            &joko, "arrival", back, "IDBTH", "MYS", "tourism", None, None,
        );
        t.out.push(r);
    }

    // 7. Strangers over a fortnight naming the same address and phone in Johor.
    for i in 0..6 {
        let d = day(1 + i * 2);
        let p = t.person(if i % 3 == 0 { "M" } else { "F" }, (19, 27), d, None);
        let at = t.at(d);
        let booking = t.booking();
        let mut r = t.crossing(
            &p,
            "departure",
            at,
            "KNO",
            "MYS",
            "tourism",
            None,
            Some(&booking),
        );
        r.set(
            "destination_address",
            "No. 21, Jalan Mutiara Emas 5, Johor Bahru",
        );
        r.set("phone", "+60 12-771 4402");
        t.out.push(r);
    }

    // 8. A namesake of a listed travel-ban subject, born 35 years later: not a hit.
    lists.push(listed(
        &format!("CEKAL-{tag}01"),
        "IMIGRASI-CEKAL",
        "AGUS SALIM",
        "",
        "1960-05-20",
        "",
        "travel-ban",
    ));
    let d8 = day(6);
    let p = person(
        t,
        "AGUS SALIM",
        "M",
        date("1995-09-09"),
        "DKI Jakarta/Jakarta Selatan",
    );
    t.trip_public(&p, d8, "CGK", "SGP", "business", 3);

    // 9. A travel-ban subject leaving on a listed passport under another name.
    let d9 = day(14);
    lists.push(listed(
        &format!("CEKAL-{tag}02"),
        "IMIGRASI-CEKAL",
        "BAMBANG SUTRISNO",
        "",
        "1970-01-30",
        "X9912345",
        "travel-ban",
    ));
    let mut p = person(
        t,
        "BAMBANG HARTONO",
        "M",
        date("1970-01-30"),
        "Jawa Tengah/Cilacap",
    );
    p.doc = "X9912345".to_string();
    let at = t.at(d9);
    let r = t.crossing(&p, "departure", at, "CGK", "SGP", "tourism", None, None);
    t.out.push(r);

    lists
}

impl Traffic<'_> {
    /// A return trip for a planted person (public for the risk cases).
    pub fn trip_public(
        &mut self,
        p: &Person,
        day: NaiveDate,
        port: &str,
        dest: &str,
        purpose: &str,
        stay: i64,
    ) {
        let at = self.at(day);
        let r = self.crossing(
            p,
            "departure",
            at,
            port,
            dest,
            purpose,
            Some(day + Duration::days(stay)),
            None,
        );
        self.out.push(r);
    }
}
