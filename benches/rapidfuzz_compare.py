"""Brute-force baseline with Python rapidfuzz `process.cdist`.

Scores every traveller against every listed name with Jaro-Winkler over the
whole (upper-cased) name string, the way a brute-force matcher would, and
reports pairs/s and the time extrapolated to 1M x 1M. Compare with
`cargo bench --bench match` (candidate index).

    pip install rapidfuzz
    python3 benches/rapidfuzz_compare.py [names] [travellers]
"""
import random
import sys
import time

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

ID = "su har to wi ja ya ti sri wa bam bang ra hma di nur sa pu tra ku ma ning sih yo no wan ga dewi lan ri pra se tia an ka mi hen dra".split()
AR = "ab dul rah man ha san hu sein is mail ib ra him fa ti mah kha lid ya sin za ki ri ah mad mus ta ja far".split()
WE = "jo hn mar tin ste ven ro bert son wil liam an der sen ca rol ine el len ge org mi chel ber ger".split()
COMMON = ["MUHAMMAD", "SITI", "NUR", "AHMAD", "ABDUL", "SRI", "DEWI", "MOHD"]


def word(r):
    s = r.choice([ID, AR, WE])
    return "".join(r.choice(s) for _ in range(r.randint(2, 3))).upper()


def name(r):
    parts = [r.choice(COMMON)] if r.random() < 0.25 else []
    parts += [word(r) for _ in range(r.randint(1, 3))]
    return " ".join(parts)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    q = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    r = random.Random(7)
    names = [name(r) for _ in range(n)]
    travellers = [name(r) for _ in range(q)]
    t = time.perf_counter()
    m = process.cdist(travellers, names, scorer=JaroWinkler.normalized_similarity, score_cutoff=0.8, workers=-1, dtype="float32")
    el = time.perf_counter() - t
    pairs = n * q
    hits = int((m >= 0.8).sum())
    rate = pairs / el
    print(f"rapidfuzz cdist JaroWinkler: {q} x {n} = {pairs:,} pairs in {el:.2f} s ({rate / 1e6:.1f} M pairs/s, {hits} pairs >= 0.8)")
    print(f"extrapolated 1M x 1M: {1e12 / rate / 3600:.1f} h; one traveller vs 1M names: {1e6 / rate * 1e6:.0f} us")


if __name__ == "__main__":
    main()
