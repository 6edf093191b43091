#!/usr/bin/env python3
"""Generates the redactor's labelled corpus (synthetic, fixed seed).

Writes two halves with the same row format as the adversarial set:

    crates/core/tests/data/redact_corpus_dev.tsv      develop against this half only
    crates/core/tests/data/redact_corpus_heldout.tsv  the gating test scores this half

Row format (tab separated, `#` starts a comment line):

    kind    expect    input    secret

`expect` is `redact` (a positive: `secret` is the substring of `input` that must be
covered by findings and must not survive redaction) or `keep` (a hard negative: nothing in
`input` may be touched; `secret` is `-`). Escapes in `input` and `secret`: `\\n`, `\\t`,
`\\\\` and `\\u{XXXX}`.

Every value is synthetic: card numbers and IBANs are built to pass their checksums, names and
streets are drawn from small made-up lists, e-mail domains are reserved example domains.

Usage: python3 scripts/gen_redact_corpus.py   (rewrites both files; the output is stable)
       python3 scripts/gen_redact_corpus.py --seed N --out DIR
           (a fresh sample elsewhere, for diagnosing misses without looking at the held-out half)
"""

import argparse
import os
import random
import string

SEED = 20261127
PER_POSITIVE_KIND = 260
PER_NEGATIVE_KIND = 320

R = random.Random(SEED)

# ---------------------------------------------------------------------------- helpers

ZW = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
NBSP = ["\u00a0", "\u202f", "\u2007"]


def pick(xs):
    return R.choice(xs)


def digits(n):
    return "".join(R.choice(string.digits) for _ in range(n))


def alnum(n, alphabet=string.ascii_letters + string.digits):
    return "".join(R.choice(alphabet) for _ in range(n))


def luhn_check_digit(body):
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(num):
    total = 0
    for i, ch in enumerate(reversed(num)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def fullwidth(s):
    out = []
    for ch in s:
        if "!" <= ch <= "~":
            out.append(chr(ord(ch) + 0xFEE0))
        else:
            out.append(ch)
    return "".join(out)


def sprinkle_zw(s, k=1):
    s = list(s)
    for _ in range(k):
        at = R.randint(1, max(1, len(s) - 1))
        s.insert(at, R.choice(ZW))
    return "".join(s)


def evasion(value, allow_fullwidth=True, allow_nbsp=True):
    """Returns the value rewritten with one evasion technique, or unchanged."""
    r = R.random()
    if r < 0.12 and allow_fullwidth:
        return fullwidth(value)
    if r < 0.22:
        return sprinkle_zw(value, R.randint(1, 2))
    if r < 0.30 and allow_nbsp and " " in value:
        return value.replace(" ", R.choice(NBSP))
    return value


def wrap(value):
    """Surrounds a value with quotes, brackets, tags or trailing punctuation."""
    r = R.random()
    if r < 0.10:
        return '"' + value + '"'
    if r < 0.16:
        return "'" + value + "'"
    if r < 0.22:
        return "(" + value + ")"
    if r < 0.28:
        return "<b>" + value + "</b>"
    if r < 0.32:
        return "[" + value + "]"
    if r < 0.36:
        return "\u00ab" + value + "\u00bb"
    if r < 0.46:
        return value + R.choice([".", ",", ";", "!", "?", ":", ")."])
    return value


FIRST = [
    "Jane", "John", "Maria", "Ahmed", "Priya", "Chen", "Olga", "Lucas", "Amara", "Kenji",
    "Sofia", "Mateo", "Fatima", "Noah", "Ingrid", "Tomasz", "Aisha", "Diego", "Hana", "Liam",
    "José", "Zoë", "Björn", "Ana", "Yusuf", "Elena", "Raj", "Mei", "Kwame", "Astrid",
]
LAST = [
    "Doe", "Smith", "Garcia", "Khan", "Patel", "Wang", "Ivanova", "Martin", "Okafor", "Tanaka",
    "Rossi", "Lopez", "Haddad", "Brown", "Larsen", "Nowak", "Bello", "Silva", "Kim", "Murphy",
    "García", "Müller", "Åberg", "O'Neill", "Nguyen", "Schmidt", "Dubois", "Novak", "Mensah", "Berg",
]
DOMAINS = [
    "example.com", "example.org", "example.net", "mail.example.com", "corp.example.co.uk",
    "eu.mail.example.io", "example.de", "sub.dept.example.edu", "example.travel", "example.app",
]
IDN_DOMAINS = ["münchen.example", "例え.テスト", "bücher.example.de", "пример.испытание", "xn--mnchen-3ya.example", "xn--bcher-kva.example.de"]
STREETS = [
    "Baker Street", "Main St", "Elm Avenue", "Oak Rd", "Maple Drive", "High Street", "Sunset Blvd",
    "Amphitheatre Parkway", "Market Street", "Church Lane", "Park Ave", "Cedar Court", "King's Road",
    "Harbour Way", "Mill Lane", "Station Road", "Queen Street", "Lakeview Terrace",
]
CITIES = ["Springfield, IL 62704", "London SW1A 2AA", "Mountain View, CA 94043", "Austin, TX 78701", "Leeds LS1 4DY", "Portland, OR 97205"]

FILLER_BEFORE = [
    "", "", "Please contact ", "Reach me at ", "FYI ", "Sent from ", "see ", "Customer: ",
    "New note: ", "update -> ", "ok so ", "cc ", "From: ", "re: ",
]
FILLER_AFTER = ["", "", " thanks", " for details", " asap", " (work)", " - see ticket", " and later", "\u2014 cheers"]


def sentence(value, before=None, after=None):
    b = pick(FILLER_BEFORE) if before is None else before
    a = pick(FILLER_AFTER) if after is None else after
    return b + value + a


# ---------------------------------------------------------------------------- positives

def gen_email():
    first, last = pick(FIRST), pick(LAST)
    ascii_first = first.encode("ascii", "ignore").decode() or "user"
    ascii_last = last.encode("ascii", "ignore").decode().replace("'", "") or "name"
    local = pick([
        ascii_first.lower(),
        ascii_first.lower() + "." + ascii_last.lower(),
        ascii_first[0].lower() + ascii_last.lower(),
        ascii_first.lower() + "_" + ascii_last.lower() + digits(2),
        ascii_first.lower() + "+" + pick(["news", "work", "x", "shop", "2024"]),
        ascii_last.lower() + "-" + digits(3),
    ])
    domain = pick(DOMAINS)
    variant = R.randrange(11)
    if variant == 0:
        addr = (local + "@" + domain).upper()
    elif variant == 1:
        addr = local + "@" + pick(IDN_DOMAINS)
    elif variant == 2:
        addr = pick(["jürgen", "zoë", "josé.garcía", "用户"]) + "@" + pick(DOMAINS + IDN_DOMAINS)
    else:
        addr = local + "@" + domain
    if variant == 3:
        secret = addr
        text = sentence(pick(["<", "&lt;"]) + addr + pick([">", "&gt;"]), before=pick(["", first + " " + last + " ", "From: " + first + " "]))
        return text, secret
    if variant == 4:
        text = '<a href="mailto:' + addr + '">write</a>' if R.random() < 0.5 else "mailto:" + addr + "?subject=Hi"
        return text, addr
    if variant == 5:
        enc = addr.replace("@", "%40").replace("+", pick(["%2B", "+"]))
        text = "https://app.example.com/invite?" + pick(["email", "to", "u", "ref"]) + "=" + enc + pick(["", "&lang=en"])
        return text, enc
    if variant == 6:
        enc = addr.replace("@", pick(["%40", "&#64;", "\uff20"]))
        return sentence(enc), enc
    if variant == 7:
        ev = evasion(addr, allow_nbsp=False)
        return sentence(ev), ev
    return sentence(wrap(addr)), addr


def nanp():
    area = str(R.randint(2, 9)) + digits(2)
    exch = str(R.randint(2, 9)) + digits(2)
    line = digits(4)
    return area, exch, line


PHONE_CONTEXT = ["call ", "Phone: ", "tel. ", "Mobile: ", "phone ", "Tel: ", "cell ", "text me on ", "fax ", "WhatsApp ", "ring ", "Tel.: ", "mob "]


def gen_phone():
    v = R.randrange(16)
    if v == 0:
        a, e, l = nanp()
        num = "(" + a + ") " + e + "-" + l
    elif v == 1:
        a, e, l = nanp()
        num = pick(["-", ".", " "]).join([a, e, l])
    elif v == 2:
        a, e, l = nanp()
        if R.random() < 0.5:
            num = pick(["+1 ", "+1-", "1-", "+1."]) + a + "-" + e + "-" + l
        else:
            num = "+1 (" + a + ") " + e + "-" + l
    elif v == 3:
        a, e, l = nanp()
        num = "+1" + a + e + l
    elif v == 4:  # UK
        num = pick(["+44 20 " + digits(4) + " " + digits(4), "020 " + digits(4) + " " + digits(4), "07700 " + digits(6), "+44 7700 " + digits(6), "0161 " + digits(3) + " " + digits(4)])
    elif v == 5:  # FR
        num = pick(["0" + str(R.randint(1, 7)) + " " + " ".join(digits(2) for _ in range(4)), "+33 " + str(R.randint(1, 7)) + " " + " ".join(digits(2) for _ in range(4)), "0" + str(R.randint(1, 7)) + "." + ".".join(digits(2) for _ in range(4))])
    elif v == 6:  # DE
        num = pick(["030 " + digits(7), "+49 30 " + digits(7), "0151 " + digits(8), "+49 151 " + digits(8), "089/" + digits(7), "+49 (0)30 " + digits(7)])
    elif v == 7:  # NL ES IT
        num = pick(["06-" + digits(8), "+31 6 " + digits(8), "612 34 56 78".replace("34", digits(2)).replace("56", digits(2)), "+34 612 " + digits(3) + " " + digits(3), "02 " + digits(4) + " " + digits(4), "+39 347 " + digits(3) + " " + digits(4)])
    elif v == 8:  # JP
        num = pick(["03-" + digits(4) + "-" + digits(4), "090-" + digits(4) + "-" + digits(4), "+81 3-" + digits(4) + "-" + digits(4), "+81 90 " + digits(4) + " " + digits(4)])
    elif v == 9:  # KR CN
        num = pick(["010-" + digits(4) + "-" + digits(4), "+82 10-" + digits(4) + "-" + digits(4), "+86 138 " + digits(4) + " " + digits(4), "+86 139" + digits(8)])
    elif v == 10:  # IN SG AU
        num = pick(["+91 98" + digits(3) + " " + digits(5), "+65 9" + digits(3) + " " + digits(4), "+61 4" + digits(2) + " " + digits(3) + " " + digits(3), "(02) " + digits(4) + " " + digits(4)])
    elif v == 11:  # E.164 compact
        num = "+" + pick(["44", "49", "33", "81", "86", "91", "34", "39", "31", "61", "55", "27"]) + str(R.randint(1, 9)) + digits(R.randint(7, 9))
    elif v == 12:  # compact national with context
        num = pick(["1" + str(R.randint(3, 9)) + digits(9), "0" + str(R.randint(1, 9)) + digits(8), str(R.randint(2, 9)) + digits(9)])
        ctx = pick(PHONE_CONTEXT)
        return sentence(ctx + num, before=""), num
    elif v == 13:  # extensions
        a, e, l = nanp()
        base = pick(["(" + a + ") " + e + "-" + l, a + "-" + e + "-" + l, "+1 " + a + " " + e + " " + l])
        num = base + pick([" ext. ", " x", " ext ", " Ext.", " extension ", "x"]) + digits(R.randint(2, 5))
    elif v == 14:  # local 7-digit with context
        num = str(R.randint(2, 9)) + digits(2) + "-" + digits(4)
        return sentence(pick(PHONE_CONTEXT) + num, before=""), num
    else:
        a, e, l = nanp()
        num = evasion("(" + a + ") " + e + "-" + l)
    text_num = wrap(num) if R.random() < 0.4 else num
    if R.random() < 0.5:
        return sentence(pick(PHONE_CONTEXT) + text_num, before=""), num
    return sentence(text_num), num


def card_number(prefix, length):
    body = prefix + digits(length - len(prefix) - 1)
    return body + luhn_check_digit(body)


CARD_BRANDS = [
    (lambda: "4", [16, 16, 16, 19, 13]),
    (lambda: str(R.randint(51, 55)), [16]),
    (lambda: str(R.randint(2221, 2720)), [16]),
    (lambda: pick(["34", "37"]), [15]),
    (lambda: pick(["6011", "65", str(R.randint(644, 649))]), [16, 19]),
    (lambda: pick(["300", "301", "305", "36", "38"]), [14]),
    (lambda: str(R.randint(3528, 3589)), [16]),
    (lambda: "62" + digits(1), [16, 17, 18, 19]),
    (lambda: pick(["5018", "5020", "5038", "6304", "6759", "6761"]), [12, 13, 16, 19]),
]


def group_card(num):
    n = len(num)
    if n == 15:
        groups = [num[:4], num[4:10], num[10:]]
    elif n == 14:
        groups = [num[:4], num[4:10], num[10:]]
    else:
        groups = [num[i:i + 4] for i in range(0, n, 4)]
    return groups


CARD_CONTEXT = ["", "", "card ", "Card number: ", "CC: ", "paid with ", "Visa ", "cc# ", "pan=", "charge "]


def gen_card():
    pfx, lengths = pick(CARD_BRANDS)
    num = card_number(pfx(), pick(lengths))
    style = R.randrange(6)
    if style == 0:
        shown = num
    elif style in (1, 2):
        shown = " ".join(group_card(num))
    elif style == 3:
        shown = "-".join(group_card(num))
    elif style == 4:
        shown = evasion(" ".join(group_card(num)))
    else:
        shown = pick(["\u00a0", "\u2009", " "]).join(group_card(num))
    text = sentence(pick(CARD_CONTEXT) + wrap(shown), before="")
    return text, shown


IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18,
    "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24,
    "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24,
    "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}
ALPHA_BBAN = {"GB", "NL", "IE", "BG", "BH", "GI", "JO", "KW", "MT", "QA", "RO", "LV", "PK", "SC", "MU", "VG", "GT", "DO", "CR", "SV", "AZ", "BY", "UA", "IQ", "LC"}


def iban_checksum(country, bban):
    rearranged = bban + country + "00"
    num = "".join(str(int(c, 36)) for c in rearranged)
    return "%02d" % (98 - int(num) % 97)


def make_iban(country=None):
    country = country or pick(sorted(IBAN_LENGTHS))
    n = IBAN_LENGTHS[country] - 4
    if country in ALPHA_BBAN:
        bban = "".join(R.choice(string.ascii_uppercase) for _ in range(4)) + digits(n - 4)
    else:
        bban = digits(n)
    return country + iban_checksum(country, bban) + bban


def gen_iban():
    iban = make_iban()
    style = R.randrange(5)
    if style in (0, 1):
        shown = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
    elif style == 2:
        shown = iban
    elif style == 3:
        shown = evasion(" ".join(iban[i:i + 4] for i in range(0, len(iban), 4)))
    else:
        shown = iban.lower() if R.random() < 0.3 else "-".join(iban[i:i + 4] for i in range(0, len(iban), 4))
    ctx = pick(["", "", "IBAN ", "IBAN: ", "account ", "pay to ", "Bankverbindung: ", "rib "])
    return sentence(ctx + wrap(shown), before=""), shown


def ssn_parts():
    while True:
        area = R.randint(1, 899)
        if area != 666:
            break
    return "%03d" % area, "%02d" % R.randint(1, 99), "%04d" % R.randint(1, 9999)


SSN_CONTEXT = ["SSN ", "SSN: ", "ssn#", "Social Security Number: ", "social security no. ", "SSN/TIN: ", "SS# ", "social "]


def gen_ssn():
    a, g, s = ssn_parts()
    v = R.randrange(5)
    if v in (0, 1):
        num = a + "-" + g + "-" + s
        ctx = pick(SSN_CONTEXT + ["", "", ""])
    elif v == 2:
        num = a + g + s
        ctx = pick(SSN_CONTEXT)
    elif v == 3:
        num = a + " " + g + " " + s
        ctx = pick(SSN_CONTEXT)
    else:
        num = evasion(a + "-" + g + "-" + s, allow_nbsp=False)
        ctx = pick(SSN_CONTEXT)
    return sentence(ctx + wrap(num), before=""), num


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


def a_date():
    y, m, d = R.randint(1930, 2012), R.randint(1, 12), R.randint(1, 28)
    v = R.randrange(9)
    if v == 0:
        return "%04d-%02d-%02d" % (y, m, d)
    if v == 1:
        return "%02d/%02d/%04d" % (d, m, y)
    if v == 2:
        return "%02d/%02d/%04d" % (m, d, y)
    if v == 3:
        return "%02d.%02d.%04d" % (d, m, y)
    if v == 4:
        return "%s %d, %04d" % (MONTHS[m - 1], d, y)
    if v == 5:
        return "%d %s %04d" % (d, MONTHS[m - 1], y)
    if v == 6:
        return "%d%s %s %04d" % (d, pick(["st", "nd", "rd", "th"]), MONTHS[m - 1][:3], y)
    if v == 7:
        return "%s %d %04d" % (MONTHS[m - 1][:3], d, y)
    return "%d/%d/%02d" % (m, d, y % 100)


DOB_CONTEXT = ["DOB: ", "DOB ", "D.O.B. ", "Date of birth: ", "date of birth ", "born ", "born on ", "Born: ", "birthday: ", "Birth date: ", "dob=", "b. ", "Geburtsdatum: ", "DoB - "]


def gen_dob():
    date = a_date()
    shown = evasion(date, allow_fullwidth=True) if R.random() < 0.15 else date
    before = pick(["", "", "Patient ", pick(FIRST) + " " + pick(LAST) + ", ", "Applicant "])
    return sentence(pick(DOB_CONTEXT) + wrap(shown), before=before), shown


PASSPORT_CONTEXT = ["Passport No. ", "passport number: ", "Passport #", "passport ", "Passport: ", "passport no ", "Reisepass-Nr. ", "passport num ", "PASSPORT NO: "]


def gen_passport():
    num = pick([
        R.choice(string.ascii_uppercase) + digits(8),
        digits(9),
        "".join(R.choice(string.ascii_uppercase) for _ in range(2)) + digits(7),
        R.choice("CFGHJK") + alnum(8, "CFGHJKLMNPRTVWXYZ0123456789"),
        digits(2) + "".join(R.choice(string.ascii_uppercase) for _ in range(2)) + digits(5),
        "E" + digits(8),
    ])
    shown = evasion(num, allow_nbsp=False) if R.random() < 0.15 else num
    return sentence(pick(PASSPORT_CONTEXT) + wrap(shown), before=pick(["", "", "Traveller ", "Scan of "])), shown


def ipv4():
    first = pick([10, 172, 192, 8, 34, 52, 81, 203, 100, R.randint(1, 223)])
    return "%d.%d.%d.%d" % (first, R.randint(0, 255), R.randint(0, 255), R.randint(1, 254))


def ipv6_full():
    return ":".join("%x" % R.randint(0, 0xFFFF) for _ in range(8))


def ipv6_compressed():
    groups = ["%x" % R.randint(1, 0xFFFF) for _ in range(8)]
    # Keep at least one group: the bare unspecified address `::` identifies nothing.
    i = R.randint(0, 6)
    j = R.randint(i + 1, 8 if i > 0 else 7)
    left = ":".join(groups[:i])
    right = ":".join(groups[j:])
    return left + "::" + right


def gen_ip():
    v = R.randrange(12)
    if v < 4:
        ip = ipv4()
        text = pick(["from ", "client ", "IP ", "src=", "X-Forwarded-For: ", "login from ", "", "host "]) + wrap(ip)
        return sentence(text, before=""), ip
    if v == 4:
        ip = ipv4()
        text = "http://" + ip + pick(["", ":8080", ":443"]) + "/admin"
        return text, ip
    if v == 5:
        ip = ipv6_full()
        if R.random() < 0.3:
            ip = ip.upper()
        return sentence(pick(["addr ", "IPv6 ", "", "from "]) + wrap(ip), before=""), ip
    if v in (6, 7):
        ip = ipv6_compressed()
        return sentence(pick(["addr ", "IPv6 ", "", "peer "]) + wrap(ip), before=""), ip
    if v == 8:
        ip = pick(["fe80::", "fe80::1:"]) + "%x:%x" % (R.randint(1, 0xFFFF), R.randint(1, 0xFFFF)) + "%" + pick(["eth0", "en0", "wlan0", "3", "12"])
        return sentence("link-local " + ip, before=""), ip
    if v == 9:
        ip = ipv6_compressed()
        text = "https://[" + ip + "]" + pick(["", ":8443"]) + "/status"
        return text, ip
    if v == 10:
        ip = "::ffff:" + ipv4()
        return sentence("mapped " + ip, before=""), ip
    ip = evasion(ipv4(), allow_nbsp=False)
    return sentence("from " + ip, before=""), ip


B62 = string.ascii_letters + string.digits


def gen_secret_prefixed():
    v = R.randrange(12)
    if v == 0:
        tok = pick(["AKIA", "ASIA"]) + alnum(16, string.ascii_uppercase + "234567")
    elif v == 1:
        tok = pick(["ghp_", "gho_", "ghu_", "ghs_", "ghr_"]) + alnum(36)
    elif v == 2:
        tok = "github_pat_" + alnum(22) + "_" + alnum(59)
    elif v == 3:
        tok = pick(["xoxb-", "xoxp-", "xoxa-", "xoxr-"]) + digits(R.randint(10, 12)) + "-" + digits(R.randint(10, 13)) + "-" + alnum(24)
    elif v == 4:
        tok = pick(["sk_live_", "rk_live_", "sk_test_", "pk_live_"]) + alnum(R.choice([24, 32, 99]))
    elif v == 5:
        tok = "AIza" + alnum(35, B62 + "_-")
    elif v == 6:
        tok = "glpat-" + alnum(20, B62 + "_-")
    elif v == 7:
        tok = "npm_" + alnum(36)
    elif v == 8:
        tok = "xapp-1-" + alnum(11, string.ascii_uppercase + string.digits) + "-" + digits(13) + "-" + alnum(64, "0123456789abcdef")
    elif v == 9:
        tok = "whsec_" + alnum(32)
    elif v == 10:
        tok = "SG." + alnum(22, B62 + "_-") + "." + alnum(43, B62 + "_-")
    else:
        tok = pick(["AKIA", "ghp_", "sk_live_"])
        tok = tok + (alnum(16, string.ascii_uppercase + "234567") if tok == "AKIA" else alnum(36 if tok == "ghp_" else 24))
    shown = tok
    ctx = pick(["", "", "key ", "export AWS_ACCESS_KEY_ID=", "GITHUB_TOKEN=", "config: ", "leaked ", "use "])
    if R.random() < 0.08:
        shown = sprinkle_zw(tok)
    return sentence(ctx + wrap(shown), before=""), shown


def b64url(n):
    return alnum(n, B62 + "-_")


def gen_jwt():
    import base64
    import json
    header = base64.urlsafe_b64encode(json.dumps({"alg": pick(["HS256", "RS256", "ES256"]), "typ": "JWT"}).encode()).decode().rstrip("=")
    payload = base64.urlsafe_b64encode(json.dumps({"sub": digits(8), "name": pick(FIRST), "iat": R.randint(1600000000, 1800000000)}).encode()).decode().rstrip("=")
    tok = header + "." + payload + "." + b64url(R.choice([43, 86, 342]))
    ctx = pick(["", "Authorization: Bearer ", "jwt=", "id_token ", "Cookie: session=", "token: "])
    return sentence(ctx + wrap(tok) if R.random() < 0.3 else ctx + tok, before=""), tok


def gen_pem():
    kind = pick(["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "DSA PRIVATE KEY"])
    lines = [alnum(64, B62 + "+/") for _ in range(R.randint(2, 6))]
    lines.append(alnum(R.randint(8, 60), B62 + "+/") + pick(["", "=", "=="]))
    nl = pick(["\n", "\n", "\r\n", "\\n"])
    block = "-----BEGIN " + kind + "-----" + nl + nl.join(lines) + nl + "-----END " + kind + "-----"
    before = pick(["", "key:\n", "Here is the deploy key ", "cat id_rsa\n", '{"private_key": "'])
    after = pick(["", "\n", " thanks", '"}'])
    return before + block + after, block


def gen_secret_keyword():
    kw = pick([
        "password", "Password", "PASSWORD", "passwd", "pwd", "pass", "token", "secret", "api_key",
        "apiKey", "API-KEY", "client_secret", "access_token", "auth_token", "private_key", "secret_key",
        "Authorization", "bearer", "Bearer", "refresh_token", "db_password", "SMTP_PASSWORD",
    ])
    value = pick([
        alnum(R.randint(12, 40)),
        alnum(R.randint(8, 14), B62 + "!@#$%^&*"),
        alnum(32, "0123456789abcdef"),
        pick(["hunter2!", "Tr0ub4dor&3", "correct-horse-battery-staple9", "Summer2024!", "P@ssw0rd123", "letmein#42", "qwerty!9Z"]),
        alnum(20, B62) + "==",
    ])
    if kw.lower() in ("bearer",):
        value = alnum(R.randint(24, 48), B62 + "-._")
        return sentence(pick(["Authorization: ", "header ", ""]) + kw + " " + value, before=""), value
    if kw == "Authorization":
        value = alnum(R.randint(24, 48), B62 + "-._")
        return sentence(kw + ": " + pick(["Bearer ", "Basic ", "token "]) + value, before=""), value
    sep = pick(["=", ": ", ":", " = ", '="', "='", '": "', " is ", " => ", ":= "])
    text = kw + sep + value
    if sep.endswith('"'):
        text += '"'
    elif sep.endswith("'"):
        text += "'"
    before = pick(["", "", "config ", "export ", "my ", "new ", "set ", "{\"", "env: "])
    if before == "{\"":
        text = '{"' + kw + '": "' + value + '"}'
        before = ""
    if before == "export ":
        text = kw.upper() + "=" + value
    return sentence(text, before=before, after=pick(["", "", " (temporary)", " ok?", ";"])), value


def gen_url_credentials():
    user = pick(["admin", "root", "deploy", pick(FIRST).lower().encode("ascii", "ignore").decode() or "svc", "app", "ci-bot", "backup"])
    pw = pick([alnum(R.randint(6, 24)), alnum(10, B62 + "!$*-"), "s3cr3t", "hunter2", "p%40ss" + digits(3)])
    host = pick(["db.internal.example", "10.0.3.17", "example.com", "git.example.org", "cache-01.example.net", "localhost"])
    scheme = pick(["https", "http", "ftp", "postgres", "postgresql", "mysql", "redis", "mongodb+srv", "amqp", "sftp", "ssh"])
    v = R.randrange(5)
    if v == 0:
        cred = ":" + pw
    else:
        cred = user + ":" + pw
    url = scheme + "://" + cred + "@" + host + pick(["", ":5432", ":6379"]) + pick(["/", "/db", "/repo.git", "/path?x=1", ""])
    return sentence(pick(["", "DATABASE_URL=", "clone ", "connect to ", "url: "]) + wrap(url), before=""), cred


def gen_url_query():
    key = pick(["email", "e-mail", "mail", "token", "access_token", "session", "sessionid", "sid", "key", "api_key", "apikey", "user_id", "userId", "uid", "customer_id", "account_id", "auth", "code", "sig", "signature", "password", "phone", "ssn", "username", "login", "id"])
    if key in ("email", "e-mail", "mail"):
        value = pick(FIRST).lower().encode("ascii", "ignore").decode() + pick(["%40", "@"]) + pick(DOMAINS)
    elif key in ("user_id", "userId", "uid", "customer_id", "account_id", "id"):
        value = pick([digits(R.randint(4, 10)), alnum(12, "0123456789abcdef"), "u_" + alnum(10)])
    elif key == "phone":
        value = "%2B1" + digits(10)
    elif key == "ssn":
        a, g, s = ssn_parts()
        value = a + g + s
    elif key in ("username", "login"):
        value = pick(FIRST).lower().encode("ascii", "ignore").decode() + "." + pick(LAST).lower().encode("ascii", "ignore").decode().replace("'", "")
        if value.endswith("."):
            value += "x"
    else:
        value = alnum(R.randint(16, 40), B62 + "-_")
    host = pick(["app.example.com", "example.org", "portal.example.net", "sso.example.io"])
    path = pick(["/", "/reset", "/login", "/api/v2/items", "/callback", "/unsubscribe", "/track"])
    pre = pick(["", "utm_source=mail&", "lang=en&", "page=2&"])
    post = pick(["", "&lang=de", "&utm_medium=email", "#top"])
    url = "https://" + host + path + "?" + pre + key + "=" + value + post
    return sentence(pick(["", "open ", "link: ", "GET "]) + url, before=""), value


def gen_url_path():
    noun = pick(["users", "user", "customers", "customer", "people", "profile", "profiles", "members", "accounts", "account", "employees", "patients", "u", "contacts", "clients"])
    first = pick(FIRST).lower().encode("ascii", "ignore").decode() or "ana"
    last = pick(LAST).lower().encode("ascii", "ignore").decode().replace("'", "") or "berg"
    ident = pick([first + "." + last, first + last, first + "-" + last + digits(2), digits(R.randint(4, 9)), alnum(12, "0123456789abcdef"), first + "_" + last])
    host = pick(["crm.example.com", "example.org", "intranet.example.net", "app.example.io"])
    tail = pick(["", "/orders", "/edit", "/settings?tab=2", "/"])
    if R.random() < 0.15:
        url = "https://" + host + "/~" + first + last + tail
        return sentence(pick(["", "see ", "homepage "]) + url, before=""), first + last
    url = "https://" + host + "/" + noun + "/" + ident + tail
    return sentence(pick(["", "see ", "open ", "link "]) + url, before=""), ident


def gen_name():
    first, last = pick(FIRST), pick(LAST)
    v = R.randrange(7)
    if v == 0:
        name = first + " " + last
        return pick(["Name: ", "Full name: ", "name=", "Customer name: ", "Name - "]) + name + pick(["", "\n", ", age 40"]), name
    if v == 1:
        name = first
        return pick(["Hi ", "Hello ", "Dear ", "Hey "]) + name + pick([",", "!", " -"]) + pick(["", " thanks for the update", " your order shipped"]), name
    if v == 2:
        name = pick(["Mr. ", "Ms. ", "Mrs. ", "Dr. "]) + last
        return "Dear " + name + ",", last
    if v == 3:
        name = first + " " + last
        return pick(["Signed, ", "Regards,\n", "Best,\n", "Thanks,\n"]) + name, name
    if v == 4:
        name = first + " " + last
        return pick(["Patient: ", "Employee: ", "Contact: ", "Assignee: ", "Applicant: "]) + name, name
    if v == 5:
        name = last + ", " + first
        return "Name: " + name, name
    name = first + " " + pick(["A.", "J.", "M."]) + " " + last
    return "Name: " + name, name


def gen_address():
    v = R.randrange(5)
    num = str(R.randint(1, 9999)) + pick(["", "", "", "B", "a"])
    street = pick(STREETS)
    line = num + " " + street
    if v == 0:
        return sentence(line + ", " + pick(CITIES), before=pick(["", "Ship to ", "Address: ", "lives at "])), line
    if v == 1:
        return "Address: " + line + pick(["", ", Apt 4", ", Suite 200"]), line
    if v == 2:
        de = pick(["Hauptstraße", "Bahnhofstr.", "Lindenweg", "Schillerstraße", "Gartenstraße"]) + " " + str(R.randint(1, 120))
        return pick(["Adresse: ", "Lieferadresse ", ""]) + de + ", " + pick(["10115 Berlin", "80331 München", "50667 Köln"]), de
    if v == 3:
        return "Deliver to " + line + ".", line
    return pick(["Home address: ", "address=", "Billing address: "]) + line + ", " + pick(CITIES), line


POSITIVES = {
    "email": gen_email,
    "phone": gen_phone,
    "card": gen_card,
    "iban": gen_iban,
    "ssn": gen_ssn,
    "dob": gen_dob,
    "passport": gen_passport,
    "ip": gen_ip,
    "secret_prefixed": gen_secret_prefixed,
    "jwt": gen_jwt,
    "pem": gen_pem,
    "secret_keyword": gen_secret_keyword,
    "url_credentials": gen_url_credentials,
    "url_query": gen_url_query,
    "url_path": gen_url_path,
    "name": gen_name,
    "address": gen_address,
}

# ---------------------------------------------------------------------------- negatives


def neg_order_number():
    return pick([
        "Order #" + digits(R.randint(5, 10)) + " has shipped",
        "order no. " + digits(4) + "-" + digits(4),
        "PO-" + str(R.randint(2019, 2026)) + "-" + digits(5),
        "Your order " + pick(["A", "B", "W"]) + digits(9) + " is ready",
        "Order ID: " + digits(3) + "-" + digits(7) + "-" + digits(7),
        "ref " + digits(8) + " confirmed",
        "Tracking: 1Z" + alnum(6, string.ascii_uppercase + string.digits) + digits(10),
        "Ticket #" + digits(6) + " closed",
        "case " + digits(8),
        "Order " + digits(12) + " refunded",
        "Reservation " + alnum(6, string.ascii_uppercase + string.digits) + ", confirmation " + digits(10),
        "shipment " + digits(3) + " " + digits(3) + " " + digits(4) + " left the depot",
    ])


def neg_invoice():
    return pick([
        "Invoice INV-" + str(R.randint(2019, 2026)) + "-" + digits(6),
        "invoice " + str(R.randint(2019, 2026)) + "/" + digits(5),
        "Rechnung Nr. " + digits(8),
        "Invoice No: " + digits(10) + " due " + "%04d-%02d-%02d" % (R.randint(2020, 2026), R.randint(1, 12), R.randint(1, 28)),
        "Credit note CN" + digits(7),
        "Bill " + digits(4) + "-" + digits(4) + "-" + digits(4),
        "Invoice number " + digits(3) + "." + digits(3) + "." + digits(3),
        "Receipt " + digits(4) + "-" + digits(6),
    ])


def iso_date():
    return "%04d-%02d-%02d" % (R.randint(1990, 2030), R.randint(1, 12), R.randint(1, 28))


def neg_iso_date():
    d = R.randint(1, 28)
    m = R.randint(1, 12)
    y = R.randint(1990, 2030)
    return pick([
        "Due " + iso_date(),
        "Released on " + iso_date() + ".",
        "Meeting %02d/%02d/%04d at 10am" % (d, m, y),
        "Shipped %02d.%02d.%04d" % (d, m, y),
        "Starts %s %d, %d" % (MONTHS[m - 1], d, y),
        "Deadline: %d %s %d" % (d, MONTHS[m - 1], y),
        "Q%d %d report" % (R.randint(1, 4), y),
        "from " + iso_date() + " to " + iso_date(),
        "valid until %02d/%02d" % (m, y % 100),
        "Created " + iso_date() + " by the system",
    ])


def neg_timestamp():
    return pick([
        iso_date() + "T%02d:%02d:%02dZ" % (R.randint(0, 23), R.randint(0, 59), R.randint(0, 59)),
        iso_date() + " %02d:%02d:%02d.%03d" % (R.randint(0, 23), R.randint(0, 59), R.randint(0, 59), R.randint(0, 999)),
        iso_date() + "T%02d:%02d:%02d+01:00" % (R.randint(0, 23), R.randint(0, 59), R.randint(0, 59)),
        "ts=" + str(R.randint(1500000000, 1800000000)),
        "epoch ms " + str(R.randint(1500000000000, 1800000000000)),
        "[%02d:%02d:%02d] INFO worker started" % (R.randint(0, 23), R.randint(0, 59), R.randint(0, 59)),
        "took %d ms at %02d:%02d" % (R.randint(1, 999), R.randint(0, 23), R.randint(0, 59)),
        "%s %02d %02d:%02d:%02d host sshd[%d]: session opened" % (pick(["Jan", "Feb", "Mar", "Oct"]), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59), R.randint(100, 99999)),
        "Last-Modified: Tue, %02d Mar %d %02d:%02d:%02d GMT" % (R.randint(1, 28), R.randint(2000, 2030), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59)),
        "duration 00:%02d:%02d.%d" % (R.randint(0, 59), R.randint(0, 59), R.randint(0, 9)),
    ])


def neg_version():
    return pick([
        "v%d.%d.%d" % (R.randint(0, 30), R.randint(0, 99), R.randint(0, 999)),
        "version %d.%d.%d.%d" % (R.randint(1, 20), R.randint(0, 20), R.randint(0, 255), R.randint(0, 9999)),
        "Chrome/%d.0.%d.%d" % (R.randint(90, 160), R.randint(1000, 9999), R.randint(10, 300)),
        "upgrade to %d.%d.%d-beta.%d" % (R.randint(0, 9), R.randint(0, 9), R.randint(0, 9), R.randint(1, 9)),
        "Windows 10.0.%d.%d" % (R.randint(10000, 26000), R.randint(100, 9999)),
        "node %d.%d.%d" % (R.randint(10, 24), R.randint(0, 20), R.randint(0, 9)),
        "rustc 1.%d.0 (%s %s)" % (R.randint(60, 99), alnum(9, "0123456789abcdef"), iso_date()),
        "build %d.%d.%d+%s" % (R.randint(0, 9), R.randint(0, 9), R.randint(0, 9), alnum(7, "0123456789abcdef")),
        "libc6 (>= %d.%d)" % (R.randint(2, 3), R.randint(10, 40)),
        "Android %d, API %d, build %s.%d.%03d" % (R.randint(8, 15), R.randint(26, 35), alnum(4, string.ascii_uppercase + string.digits), R.randint(100000, 999999), R.randint(1, 999)),
    ])


def neg_price():
    return pick([
        "$%d,%03d.%02d" % (R.randint(1, 99), R.randint(0, 999), R.randint(0, 99)),
        "\u20ac %d,%02d" % (R.randint(1, 999), R.randint(0, 99)),
        "%d %03d,%02d \u20ac" % (R.randint(1, 99), R.randint(0, 999), R.randint(0, 99)),
        "USD %d,%03d,%03d.%02d" % (R.randint(1, 9), R.randint(0, 999), R.randint(0, 999), R.randint(0, 99)),
        "Total: \u00a3%d.%02d incl. VAT" % (R.randint(1, 9999), R.randint(0, 99)),
        "price %d.%02d CHF" % (R.randint(1, 9999), R.randint(0, 99)),
        "\u00a5%d,%03d" % (R.randint(1, 999), R.randint(0, 999)),
        "budget of $%d.%dM" % (R.randint(1, 99), R.randint(0, 9)),
        "%d,%03d,%03d.%02d JPY" % (R.randint(1, 99), R.randint(0, 999), R.randint(0, 999), R.randint(0, 99)),
        "INR %d,%02d,%03d" % (R.randint(1, 99), R.randint(0, 99), R.randint(0, 999)),
    ])


def neg_percentage():
    return pick([
        "%d.%d%%" % (R.randint(0, 100), R.randint(0, 9)),
        "up %d%% year on year" % R.randint(1, 300),
        "+%d.%d %% vs last week" % (R.randint(0, 99), R.randint(0, 9)),
        "%d.%02d%% uptime" % (R.randint(90, 99), R.randint(0, 99)),
        "discount: %d%% off orders over %d" % (R.randint(5, 70), R.randint(20, 500)),
        "CPU %d%%, mem %d%%, disk %d.%d%%" % (R.randint(0, 100), R.randint(0, 100), R.randint(0, 99), R.randint(0, 9)),
        "APR %d.%03d%%" % (R.randint(1, 30), R.randint(0, 999)),
    ])


def ean13():
    body = pick(["400", "401", "40", "50", "54", "76", "80", "87", "90", "978", "979"]) 
    body = body + digits(12 - len(body))
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
    return body + str((10 - total % 10) % 10)


def neg_sku():
    return pick([
        "SKU " + alnum(3, string.ascii_uppercase) + "-" + digits(4) + "-" + pick(["BLK", "RED", "XL", "S"]),
        "EAN " + ean13(),
        "UPC " + digits(12),
        "GTIN: " + ean13(),
        "ISBN 978-" + digits(1) + "-" + digits(2) + "-" + digits(6) + "-" + digits(1),
        "item " + alnum(2, string.ascii_uppercase) + digits(6),
        "part no. " + digits(3) + "-" + digits(5) + "-" + digits(2),
        "SKU: " + digits(10),
        "model " + alnum(3, string.ascii_uppercase) + digits(4) + alnum(2, string.ascii_uppercase),
        "barcode " + ean13() + " scanned",
        "ASIN B0" + alnum(8, string.ascii_uppercase + string.digits),
    ])


def luhn_fail_number():
    pfx, lengths = pick(CARD_BRANDS)
    n = card_number(pfx(), pick(lengths))
    last = int(n[-1])
    return n[:-1] + str((last + R.randint(1, 9)) % 10)


def neg_luhn_fail():
    n = luhn_fail_number()
    assert not luhn_ok(n)
    style = R.randrange(3)
    shown = n if style == 0 else (" " if style == 1 else "-").join(group_card(n))
    return pick(["", "number ", "ref ", "id ", "acct "]) + shown + pick(["", " on file", "."])


def uuid4():
    h = "".join(R.choice("0123456789abcdef") for _ in range(32))
    return "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16], R.choice("89ab"), h[17:20], h[20:32])


def neg_uuid():
    u = uuid4()
    return pick([u, "request " + u + " failed", "trace_id=" + u.replace("-", ""), "{" + u.upper() + "}", "correlation-id: " + u, "urn:uuid:" + u])


def hexs(n):
    return "".join(R.choice("0123456789abcdef") for _ in range(n))


def neg_git_hash():
    return pick([
        "fixed in " + hexs(7),
        "commit " + hexs(40),
        "Merge " + hexs(7) + " into " + hexs(7),
        "git checkout " + hexs(12),
        "revert \"" + hexs(8) + "\"",
        hexs(40) + " refs/heads/main",
        "build from " + hexs(10) + "-dirty",
        "cherry-picked from commit " + hexs(40) + ")",
    ])


def neg_checksum():
    return pick([
        "sha256:" + hexs(64),
        hexs(64) + "  release.tar.gz",
        "md5 " + hexs(32),
        "SHA1 " + hexs(40).upper(),
        "crc32 0x" + hexs(8),
        "integrity sha512-" + alnum(86, B62 + "+/") + "==",
        "etag \"" + hexs(32) + "\"",
        "digest: sha256:" + hexs(64),
    ])


def neg_hex_colour():
    return pick([
        "color: #" + hexs(3) + ";",
        "background #" + hexs(6),
        "border-color: #" + hexs(8).upper(),
        "theme primary=#" + hexs(6) + " secondary=#" + hexs(6),
        "rgb(%d, %d, %d)" % (R.randint(0, 255), R.randint(0, 255), R.randint(0, 255)),
        "fill=\"#" + hexs(6) + "\"",
        "0x" + hexs(6).upper() + " in the palette",
        "hsl(%d, %d%%, %d%%)" % (R.randint(0, 360), R.randint(0, 100), R.randint(0, 100)),
    ])


def neg_file_path():
    return pick([
        "/var/log/" + pick(["nginx", "app", "syslog"]) + "/access-" + iso_date() + ".log",
        "C:\\Users\\Public\\Documents\\report_" + digits(4) + ".docx",
        "./src/" + pick(["main", "lib", "redact"]) + ".rs:%d:%d" % (R.randint(1, 999), R.randint(1, 80)),
        "/home/build/.cache/pip/wheels/" + hexs(2) + "/" + hexs(2) + "/" + hexs(20),
        "~/Downloads/IMG_" + digits(4) + ".JPG",
        "/usr/lib/x86_64-linux-gnu/libssl.so.3",
        "s3://bucket-" + digits(3) + "/exports/" + iso_date() + "/part-" + digits(5) + ".parquet",
        "../assets/icons/" + pick(["user", "card", "phone"]) + "-" + digits(2) + "px.svg",
        "/api/v2/orders/:id/items",
        "\\\\fileserver\\share\\Q" + str(R.randint(1, 4)) + "\\budget.xlsx",
        "/tmp/tmp" + alnum(8, string.ascii_lowercase + string.digits) + "/out.json",
    ])


def neg_code():
    return pick([
        "let x = arr[%d] + %d;" % (R.randint(0, 9), R.randint(0, 999)),
        "if (a && b) return 0x%s;" % hexs(4),
        "for i in range(%d):" % R.randint(1, 100),
        "SELECT id, total FROM orders WHERE id = %d LIMIT %d;" % (R.randint(1, 99999), R.randint(1, 100)),
        "const PORT = %d; server.listen(PORT);" % R.randint(1024, 65535),
        "assert_eq!(parse(\"%d\"), Some(%d));" % (R.randint(0, 999), R.randint(0, 999)),
        "std::collections::HashMap<u32, Vec<String>>",
        "x := map[string]int{\"a\": %d, \"b\": %d}" % (R.randint(0, 99), R.randint(0, 99)),
        "matrix = [[%d, %d], [%d, %d]]" % tuple(R.randint(0, 99) for _ in range(4)),
        "password_hash = bcrypt(password)",
        "fn token_count(text: &str) -> usize { text.len() / 4 }",
        "if user.password is None: raise ValueError(\"missing\")",
        "git clone git@github.example:org/repo.git",
        "SELECT name FROM users WHERE email = $1",
        "timeout: %dms, retries: %d" % (R.randint(10, 9999), R.randint(0, 9)),
        "#define BUF_SIZE %d" % R.choice([1024, 4096, 65536]),
        "a = b::c::d(%d)" % R.randint(0, 9),
        "regex: ^\\d{3}-\\d{4}$",
    ])


PROSE = [
    "Please review the attached proposal before Friday.",
    "The meeting moved to the large room on the third floor.",
    "Reset your password from the account settings page.",
    "Your session token expired, please sign in again.",
    "She was born in a small town by the sea.",
    "Bring your passport to the airport.",
    "Enter a name for the new project.",
    "The secret to good documentation is examples.",
    "We shipped 3 releases this quarter and closed 42 tickets.",
    "Hi team, quick update on the migration.",
    "Dear customer, your parcel is on its way.",
    "Thanks all for the great work on the launch!",
    "The API key field is optional for local development.",
    "Call the function twice to warm the cache.",
    "Temperature was 21.5 degrees at noon.",
    "Room 4B is booked from 2 to 4 pm.",
    "Chapter 11 covers error handling in depth.",
    "Add 2 cups of flour and 1.5 cups of milk.",
    "Gate B22 closes 20 minutes before departure.",
    "Phone calls are logged in the CRM, not here.",
    "The bearer of this note may enter the lab.",
    "Name the file after the feature, not the ticket.",
    "Address the reviewer's comments before merging.",
    "Our token economy workshop starts at 9:30.",
    "Date of release: to be announced.",
    "The password policy requires 12 characters.",
    "Use the IBAN field on the payment form.",
    "Main Street is closed for the parade.",
    "Hello world, this is a test message.",
    "Sprint 14 ends on Thursday; demo at 3.",
    "Levels 1 through 7 are unlocked.",
    "Mix 3 parts water with 1 part vinegar.",
    "The 2024 roadmap has 5 themes and 18 epics.",
    "Build #1234 passed all 987 tests in 42.7 s.",
    "The dog ran 5 km at 6:15 pace.",
    "Contact support via the help menu.",
    "Email is the preferred channel for escalations.",
    "I'll be out of office from Monday to Wednesday.",
    "Street food market on the corner of 5th and Pine.",
    "Top 10 tips for writing clear commit messages.",
]


def neg_prose():
    s = pick(PROSE)
    if R.random() < 0.3:
        s = s + " " + pick(PROSE)
    if R.random() < 0.1:
        s = s.replace(" ", "\u00a0", 1)
    return s


NEGATIVES = {
    "order_number": neg_order_number,
    "invoice": neg_invoice,
    "iso_date": neg_iso_date,
    "timestamp": neg_timestamp,
    "version": neg_version,
    "price": neg_price,
    "percentage": neg_percentage,
    "sku": neg_sku,
    "luhn_fail": neg_luhn_fail,
    "uuid": neg_uuid,
    "git_hash": neg_git_hash,
    "checksum": neg_checksum,
    "hex_colour": neg_hex_colour,
    "file_path": neg_file_path,
    "code": neg_code,
    "prose": neg_prose,
}

# ---------------------------------------------------------------------------- output


def escape(s):
    out = []
    for ch in s:
        o = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif o < 0x20 or o == 0x7F or ch in "\u00a0\u00ad\u2007\u2009\u202f\ufeff" or 0x200B <= o <= 0x200F or 0x2060 <= o <= 0x2064:
            out.append("\\u{%04X}" % o)
        else:
            out.append(ch)
    return "".join(out)


def main():
    parser = argparse.ArgumentParser(description="Generate the redactor's labelled corpus.")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", default=None, help="output folder (default: crates/core/tests/data)")
    args = parser.parse_args()
    R.seed(args.seed)
    rows = []
    for kind, gen in POSITIVES.items():
        seen = set()
        while len([r for r in rows if r[0] == kind]) < PER_POSITIVE_KIND:
            text, secret = gen()
            assert secret in text, (kind, text, secret)
            if text in seen:
                continue
            seen.add(text)
            rows.append((kind, "redact", text, secret))
    for kind, gen in NEGATIVES.items():
        seen = set()
        count = 0
        while count < PER_NEGATIVE_KIND:
            text = gen()
            if text in seen and kind != "prose":
                continue
            seen.add(text)
            rows.append((kind, "keep", text, "-"))
            count += 1
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = args.out or os.path.join(here, "..", "crates", "core", "tests", "data")
    os.makedirs(out_dir, exist_ok=True)
    halves = {"dev": [], "heldout": []}
    counters = {}
    for row in rows:
        # Alternate within each kind so both halves hold every kind and variant mix.
        n = counters.get(row[0], 0)
        counters[row[0]] = n + 1
        halves["dev" if n % 2 == 0 else "heldout"].append(row)
    for name, half in halves.items():
        path = os.path.join(out_dir, "redact_corpus_%s.tsv" % name)
        pos = sum(1 for r in half if r[1] == "redact")
        neg = len(half) - pos
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write("# Generated by scripts/gen_redact_corpus.py (seed %d); do not edit by hand.\n" % args.seed)
            f.write("# Half: %s. Positives: %d. Negatives: %d. Synthetic values only.\n" % (name, pos, neg))
            f.write("kind\texpect\tinput\tsecret\n")
            for kind, expect, text, secret in half:
                f.write("%s\t%s\t%s\t%s\n" % (kind, expect, escape(text), escape(secret) if secret != "-" else "-"))
        print("%s: %d positives, %d negatives -> %s" % (name, pos, neg, os.path.relpath(path)))


if __name__ == "__main__":
    main()
