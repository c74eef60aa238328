"""Generates id_my_pairs.csv: labelled Indonesian/Malay name pairs.

Deterministic (seeded). Each row: name_a, dob_a, name_b, dob_b, is_match,
phenomenon. Positives apply one or two phenomena from issue 3 to a listed
name; negatives are namesakes (same name, birth year > 2 years apart),
reversed patronymics, and near-misses that share only common tokens.
Run: python3 tests/data/names/gen_id_my_pairs.py > tests/data/names/id_my_pairs.csv
"""
import csv, random, sys

R = random.Random(20261129)
GIVEN = ["Rizki", "Agus", "Budi", "Dewi", "Suparmi", "Sulastri", "Wahyuni", "Sutrisno", "Bambang", "Slamet",
         "Haryanto", "Endang", "Sri", "Yulianti", "Fitriani", "Rahmawati", "Hendra", "Irwan", "Teguh", "Wulan",
         "Puspita", "Ratna", "Joko", "Yusuf", "Cahyo", "Sukarno", "Suharto", "Nyoman", "Wayan", "Ketut",
         "Syahrir", "Khairul", "Azlan", "Faizal", "Hafiz", "Nurul", "Aisyah", "Fatimah", "Zulkifli", "Kamarul",
         "Norazlina", "Rosmah", "Zainab", "Hasnah", "Aminah", "Salmah", "Rohani", "Faridah", "Iskandar", "Ridwan"]
FAMILY = ["Santoso", "Wijaya", "Saputra", "Hidayat", "Kusuma", "Pratama", "Setiawan", "Nugroho", "Gunawan",
          "Siregar", "Nasution", "Simanjuntak", "Harahap", "Lubis", "Sembiring", "Purba", "Tanjung", "Hakim",
          "Rahman", "Ismail", "Abdullah", "Hassan", "Othman", "Yaakob", "Kassim", "Ramli", "Mokhtar", "Salleh",
          "Jaafar", "Zakaria", "Mahmud", "Latif", "Hamzah", "Sulaiman", "Daud", "Ibrahim", "Husain", "Kalla"]
FAM_VARIANTS = {
    "Muhammad": ["Mohd", "Muhd", "Moh", "Muh", "M.", "Mohamad", "Muhamad", "Mohammad", "Mochammad"],
    "Ahmad": ["Achmad", "Akhmad"], "Nur": ["Noor", "Nor"], "Siti": ["Sitti"],
    "Yusuf": ["Yusup", "Yoesoef", "Jusuf"], "Husain": ["Husein", "Hussein"], "Yohanes": ["Johanes"],
    "Abdul Rahman": ["Abdurrahman", "Abdurahman"],
}
OLD = [("u", "oe"), ("j", "dj"), ("c", "tj"), ("y", "j"), ("ny", "nj"), ("sy", "sj"), ("kh", "ch")]
TITLES = ["Hj.", "H.", "Hajjah", "KH.", "Dr.", "Drs.", "Ir.", "R.", "Raden", "Tuan", "Puan", "Dato'", "Datuk", "Tan Sri"]
AIR_TITLES = ["MR", "MRS", "MS", "MSTR", "MISS"]
DEGREES = ["S.Pd", "S.E.", "S.H.", "S.Kom", "M.M.", "Amd.Keb", "S.Pd., M.M.", "S.Sos"]
MARKERS_M = ["bin", "b."]
rows = []

def dob():
    return f"{R.randint(1950, 2004)}-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}"

def person():
    shape = R.random()
    if shape < 0.15:
        return R.choice(GIVEN)
    if shape < 0.35:
        return f"{R.choice(list(FAM_VARIANTS))} {R.choice(GIVEN)} {R.choice(FAMILY)}"
    if shape < 0.55:
        return f"{R.choice(GIVEN)} bin {R.choice(FAMILY)}"
    return f"{R.choice(GIVEN)} {R.choice(FAMILY)}"

def add(a, da, b, db, m, ph):
    rows.append([a, da, b, db, "true" if m else "false", ph])

def old_spelling(name):
    for new, old in OLD:
        if new in name.lower():
            i = name.lower().index(new)
            return name[:i] + (old.upper() if name[i].isupper() else old) [0] + old[1:] + name[i + len(new):] if len(old) > 1 else name[:i] + old + name[i + len(new):]
    return None

def typo(name):
    toks = name.split()
    i = max(range(len(toks)), key=lambda k: len(toks[k]))
    t = toks[i]
    if len(t) < 5:
        return None
    p = R.randint(1, len(t) - 2)
    kind = R.choice(["sub", "del", "swap", "dup"])
    if kind == "sub":
        t = t[:p] + R.choice("aeiourn") + t[p + 1:]
    elif kind == "del":
        t = t[:p] + t[p + 1:]
    elif kind == "swap":
        t = t[:p] + t[p + 1] + t[p] + t[p + 2:]
    else:
        t = t[:p] + t[p] + t[p:]
    toks[i] = t
    return " ".join(toks)

# Positives, one phenomenon each (some twice with different people).
for _ in range(2):
    for canon, vs in FAM_VARIANTS.items():
        for v in vs:
            g, f = R.choice(GIVEN), R.choice(FAMILY)
            d = dob()
            add(f"{canon} {g} {f}", d, f"{v} {g} {f}", d, True, "spelling family")
for new, old in OLD:
    for g in [x for x in GIVEN + FAMILY if new in x.lower()][:4]:
        i = g.lower().index(new)
        o = g[:i] + (old.capitalize() if i == 0 else old) + g[i + len(new):]
        f = R.choice(FAMILY)
        d = dob()
        add(f"{g} {f}", d, f"{o} {f}", d, True, f"old spelling {old}->{new}")
for t in TITLES:
    for _ in range(2):
        p = person(); d = dob()
        add(p, d, f"{t} {p}", d, True, "title")
for t in AIR_TITLES:
    g, f = R.choice(GIVEN), R.choice(FAMILY); d = dob()
    add(f"{g} {f}", d, f"{f.upper()}/{g.upper()} {t}", d, True, "airline title")
for deg in DEGREES:
    for _ in range(2):
        g, f = R.choice(GIVEN), R.choice(FAMILY); d = dob()
        add(f"{g} {f}", d, f"{g} {f}, {deg}", d, True, "degree")
for _ in range(25):
    g, f = R.choice(GIVEN), R.choice(FAMILY); d = dob()
    add(f"{g} {f}", d, f"{f.upper()}/{g.upper()}", d, True, "SURNAME/GIVEN")
for _ in range(15):
    g, f = R.choice(GIVEN), R.choice(FAMILY); d = dob()
    add(f"{g} {f}", d, f"{f.upper()}, {g}", d, True, "SURNAME, Given")
for _ in range(25):
    g, f = R.choice(GIVEN), R.choice(FAMILY); d = dob()
    m = R.choice(["bin", "binti", "bte", "bt", "ibn", "bint"])
    add(f"{g} {m} {f}", d, f"{g} {f}", d, True, f"patronymic {m} dropped")
for a, b in [("Nur Aini", "Nuraini"), ("Nur Hidayah", "Nurhidayah"), ("Siti Nurhaliza", "Siti Nur Haliza"), ("Abdul Karim", "Abdulkarim"),
             ("Nor Azlina", "Norazlina"), ("Sri Wahyuni", "Sriwahyuni"), ("Dwi Lestari", "Dwilestari"), ("Nurul Huda", "Nurulhuda"),
             ("Abu Bakar", "Abubakar"), ("Abdul Latif", "Abdullatif"), ("Nur Fadilah", "Nurfadilah"), ("Muhammad Nur Ikhsan", "Muhammad Nurikhsan")]:
    f = R.choice(FAMILY); d = dob()
    add(f"{a} {f}", d, f"{b} {f}", d, True, "joined/split")
for _ in range(20):
    g, f = R.choice(GIVEN), R.choice(FAMILY); d = dob()
    add(f"Muhammad {g} {f}", d, f"M. {g} {f}", d, True, "initial")
for g in ["Suparmi", "Sulastri", "Sutrisno", "Wahyuni", "Slamet", "Bambang", "Haryanto", "Endang", "Teguh", "Ponirah"]:
    d = dob()
    add(g, d, f"{g.upper()}/{g.upper()}", d, True, "single name")
    add(g, d, f"Hj. {g}", d, True, "single name + title")
for _ in range(40):
    p = person()
    t = typo(p)
    if t:
        d = dob()
        add(p, d, t, d, True, "typo")
for _ in range(15):
    g, f = R.choice(GIVEN), R.choice(FAMILY); d = dob()
    add(f"Haji Muhammad {g} bin {f}", d, f"{f.upper()}/MOHD {g.upper()}", d, True, "combined")
for _ in range(10):
    g, f = R.choice(GIVEN), R.choice(FAMILY); d = dob()
    y, m, dd = d.split("-")
    add(f"{g} {f}", d, f"{g} {f}", f"{y}-{dd}-{m}" if int(dd) <= 12 else y, True, "birth date swapped or year only")

# Negatives.
for _ in range(60):
    p = person(); d = dob()
    y = int(d[:4]) + R.choice([-9, -6, -4, -3, 3, 5, 8, 12])
    add(p, d, p, f"{y}{d[4:]}", False, "namesake, other birth year")
for _ in range(30):
    g = R.choice(GIVEN); f = R.choice([x for x in FAMILY if x != g])
    m = R.choice(["bin", "binti"])
    add(f"{g} {m} {f}", "", f"{f} {m} {g}", "", False, "patronymic reversed")
for _ in range(40):
    c = R.choice(["Siti", "Muhammad", "Nur", "Ahmad", "Sri", "Dewi", "Agus", "Abdul"])
    a, b = R.sample(GIVEN, 2)
    f1, f2 = R.sample(FAMILY, 2)
    add(f"{c} {a} {f1}", "", f"{c} {b} {f2}", "", False, "shares only a common token")
for _ in range(40):
    a, b = R.sample(GIVEN, 2)
    f = R.choice(FAMILY)
    add(f"{a} {f}", "", f"{b} {f}", "", False, "same family name, other given name")
for _ in range(30):
    a, b = R.sample(GIVEN, 2)
    add(a, "", b, "", False, "different single names")
for _ in range(20):
    g = R.choice(GIVEN); f1, f2 = R.sample(FAMILY, 2)
    add(f"{g} bin {f1}", "", f"{g} bin {f2}", "", False, "same own name, other father")

w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["name_a", "dob_a", "name_b", "dob_b", "is_match", "phenomenon"])
w.writerows(rows)
