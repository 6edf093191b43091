//! Person names and street addresses, best effort: names only where a field label, greeting
//! or sign-off marks them (`Name:`, `Hi Jane,`, `Regards,\nJane Doe`), addresses only in the
//! shape of a street line (`221B Baker Street`, `Hauptstraße 5`).

use super::context::{has_class, is_word, word_list, WordList, NAME};
use super::normalise::OTHER;
use super::Span;

const LABELS: WordList = word_list![
    b"name",
    b"fullname",
    b"patient",
    b"employee",
    b"contact",
    b"assignee",
    b"applicant",
    b"recipient",
    b"attn",
    b"customer",
    b"owner",
    b"sender",
    b"addressee",
    b"traveller",
    b"traveler",
    b"passenger",
    b"guest",
    b"student",
    b"tenant",
    b"signatory",
];
const GREETINGS: WordList = word_list![
    b"morning",
    b"afternoon",
    b"evening",
    b"hi",
    b"hello",
    b"dear",
    b"hey",
    b"hiya",
    b"howdy",
    b"greetings",
];
const SIGN_OFFS: WordList = word_list![
    b"regards",
    b"best",
    b"thanks",
    b"cheers",
    b"sincerely",
    b"signed",
    b"yours",
    b"cordially",
    b"respectfully",
];
const PARTICLES: WordList = word_list![
    b"van", b"von", b"der", b"den", b"de", b"del", b"della", b"da", b"di", b"du", b"la", b"le",
    b"bin", b"ibn", b"al", b"el", b"dos", b"das", b"ter", b"ten",
];
const TITLES: WordList = word_list![b"mr", b"mrs", b"ms", b"miss", b"dr", b"prof", b"mx", b"sir"];
/// Capitalised words that follow greetings but are not names.
const NOT_NAMES: WordList = word_list![
    b"team",
    b"all",
    b"everyone",
    b"everybody",
    b"there",
    b"folks",
    b"customer",
    b"customers",
    b"sir",
    b"madam",
    b"world",
    b"support",
    b"the",
    b"i",
    b"we",
    b"you",
    b"guys",
    b"friends",
    b"colleagues",
    b"both",
    b"again",
    b"again",
    b"thanks",
    b"thank",
    b"please",
    b"regards",
    b"to",
    b"from",
    b"and",
    b"for",
    b"hiring",
    b"manager",
    b"user",
    b"users",
    b"admin",
    b"valued",
    b"applicant",
    b"candidate",
    b"members",
    b"member",
    b"partner",
    b"partners",
    b"sirs",
    b"name",
    b"n",
    b"a",
    b"an",
    b"this",
    b"that",
    b"it",
    b"my",
    b"our",
    b"your",
    b"team's",
];

/// Street suffixes that are also words, which keep no dot after them.
const WORD_SUFFIXES: WordList = word_list![b"way", b"row", b"walk", b"hill"];

fn name_byte(b: u8) -> bool {
    has_class(b, NAME)
}

/// One capitalised name word at `at` (`Jane`, `O'Neill`, `Zoë`, `Åberg`, an initial `J.`);
/// returns its end.
fn name_word(t: &[u8], at: usize, capitals: bool) -> Option<usize> {
    let first = *t.get(at)?;
    if !(first.is_ascii_uppercase() || first >= OTHER) {
        return None;
    }
    let mut e = at + 1;
    while e < t.len() && name_byte(t[e]) {
        e += 1;
    }
    while e > at + 1 && matches!(t[e - 1], b'\'' | b'-') {
        e -= 1;
    }
    if e - at == 1 && first.is_ascii_uppercase() {
        // An initial needs its dot.
        return (t.get(e) == Some(&b'.')).then_some(e + 1);
    }
    let w = &t[at..e];
    // All-capital words are labels or acronyms, not names (except in a labelled field).
    if !capitals
        && w.len() > 3
        && w.iter().all(|b| !b.is_ascii_lowercase())
        && w.iter().any(u8::is_ascii_uppercase)
    {
        return None;
    }
    if e < t.len() && (t[e].is_ascii_digit() || t[e] == b'_') {
        return None;
    }
    Some(e)
}

/// A name of one to four words at `at`, optionally after a title (`Dr. `), optionally in
/// `Last, First` form when `comma_form` is set.
fn name_at(t: &[u8], at: usize, comma_form: bool) -> Option<Span> {
    // A labelled field (`comma_form`) also takes capitals and particles (`van der`, `de la`).
    let labelled = comma_form;
    let mut k = at;
    // A title belongs to the span so that `Mr. [NAME]` never appears.
    let tw = k + t[k..]
        .iter()
        .take(5)
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    if tw > k && TITLES.contains(&t[k..tw]) {
        let mut j = tw;
        if t.get(j) == Some(&b'.') {
            j += 1;
        }
        if t.get(j) == Some(&b' ') {
            k = j + 1;
        }
    }
    let first_end = name_word(t, k, labelled)?;
    if NOT_NAMES.contains(&t[k..first_end]) || TITLES.contains(&t[k..first_end]) {
        return None;
    }
    let mut end = first_end;
    let mut words = 1;
    loop {
        let (gap, allowed) = if t.get(end) == Some(&b' ') {
            (1, true)
        } else if comma_form && words == 1 && t.get(end..end + 2) == Some(b", ") {
            (2, true)
        } else {
            (0, false)
        };
        if !allowed || words == 4 {
            break;
        }
        let mut next = end + gap;
        if labelled && gap == 1 {
            // Up to two lower-case particles, if a name word follows them.
            for _ in 0..2 {
                let pe = next
                    + t[next..]
                        .iter()
                        .take(5)
                        .take_while(|b| b.is_ascii_lowercase())
                        .count();
                if pe > next && PARTICLES.contains(&t[next..pe]) && t.get(pe) == Some(&b' ') {
                    next = pe + 1;
                } else {
                    break;
                }
            }
        }
        match name_word(t, next, labelled) {
            Some(e) if !NOT_NAMES.contains(&t[next..e]) => {
                end = e;
                words += 1;
            }
            _ => break,
        }
    }
    Some((at, end))
}

/// A name marked by the word at `ws..we`: a field label followed by `:` or `=`, a greeting,
/// or a sign-off followed by a comma.
pub(super) fn name_after(t: &[u8], ws: usize, we: usize) -> Option<Span> {
    let word = &t[ws..we];
    let first = word[0].to_ascii_lowercase();
    if !matches!(
        first,
        b'a' | b'b'
            | b'c'
            | b'd'
            | b'e'
            | b'f'
            | b'g'
            | b'h'
            | b'n'
            | b'o'
            | b'p'
            | b'r'
            | b's'
            | b't'
            | b'y'
            | b'm'
    ) {
        return None;
    }
    // The shape first (cheap), then the word lists: a label is followed by `:`, `=` or ` -`,
    // a greeting by a space, a sign-off by a comma.
    let mut k = we;
    // A JSON key's closing quote, and an HTML tag closing the label (`<b>Name:</b>`).
    if matches!(t.get(k), Some(b'"' | b'\'')) {
        k += 1;
    }
    while t.get(k) == Some(&b' ') && k - we < 3 {
        k += 1;
    }
    let label_sep = match t.get(k) {
        Some(b':' | b'=') => true,
        Some(b'-') => k > we,
        _ => false,
    };
    if label_sep && LABELS.contains(word) {
        k += 1;
        for _ in 0..3 {
            while matches!(t.get(k), Some(b' ' | b'"' | b'\'')) && k - we < 12 {
                k += 1;
            }
            if t.get(k) == Some(&b'<') {
                let close = t[k..].iter().take(12).position(|&b| b == b'>')?;
                k += close + 1;
            }
        }
        let (s, e) = name_at(t, k, true)?;
        // A single word after a label must not be glued to more text (`Name: Enter...`).
        return Some((s, e));
    }
    let follow = t.get(we).copied();
    if follow == Some(b' ') && GREETINGS.contains(word) {
        let (s, e) = name_at(t, we + 1, false)?;
        let ok = match t.get(e) {
            None | Some(b',' | b'!' | b'\n' | b'\r' | b':' | b';') => true,
            Some(b' ') => t.get(e + 1) == Some(&b'-'),
            _ => false,
        };
        return ok.then_some((s, e));
    }
    if follow == Some(b',') && SIGN_OFFS.contains(word) {
        let mut k = we + 1;
        while matches!(t.get(k), Some(b' ' | b'\n' | b'\r')) && k - we < 4 {
            k += 1;
        }
        if k == we + 1 {
            return None;
        }
        let (s, e) = name_at(t, k, false)?;
        let ok = matches!(t.get(e), None | Some(b'\n' | b'\r' | b',' | b'.'));
        return ok.then_some((s, e));
    }
    None
}

const STREET_SUFFIXES: WordList = word_list![
    b"street",
    b"st",
    b"avenue",
    b"ave",
    b"av",
    b"road",
    b"rd",
    b"drive",
    b"dr",
    b"lane",
    b"ln",
    b"boulevard",
    b"blvd",
    b"way",
    b"court",
    b"ct",
    b"place",
    b"pl",
    b"parkway",
    b"pkwy",
    b"terrace",
    b"close",
    b"crescent",
    b"square",
    b"sq",
    b"highway",
    b"hwy",
    b"row",
    b"alley",
    b"circle",
    b"cir",
    b"trail",
    b"plaza",
    b"gardens",
    b"grove",
    b"mews",
    b"walk",
    b"hill",
];

/// A street line starting with the house number at `p`: `221B Baker Street`,
/// `1600 Amphitheatre Parkway`.
pub(super) fn street_after_number(t: &[u8], p: usize) -> Option<Span> {
    let mut k = p;
    while k < t.len() && t[k].is_ascii_digit() {
        k += 1;
    }
    if k - p > 5 {
        return None;
    }
    if t.get(k).is_some_and(u8::is_ascii_alphabetic) && !t.get(k + 1).is_some_and(|&b| is_word(b)) {
        k += 1;
    }
    if t.get(k) != Some(&b' ') {
        return None;
    }
    let mut at = k + 1;
    // French and similar: `12 rue de l'Exemple`, the street type first, lower case allowed.
    let tw = at
        + t[at..]
            .iter()
            .take(12)
            .take_while(|&&b| b.is_ascii_alphabetic() || b >= OTHER)
            .count();
    if tw > at && t.get(tw) == Some(&b' ') && NUMBER_FIRST_TYPES.contains(&t[at..tw]) {
        let mut e = tw;
        for _ in 0..4 {
            let ws = e + 1;
            let we = ws
                + t[ws..]
                    .iter()
                    .take(30)
                    .take_while(|&&b| name_byte(b) || b == b'\'')
                    .count();
            if we == ws {
                break;
            }
            e = we;
            if t.get(e) != Some(&b' ') {
                break;
            }
        }
        return (e > tw).then_some((p, e));
    }
    for _ in 0..4 {
        let first = *t.get(at)?;
        if !(first.is_ascii_uppercase() || first >= OTHER) {
            return None;
        }
        let mut e = at + 1;
        while e < t.len() && (name_byte(t[e]) || t[e] == b'\'') {
            e += 1;
        }
        if STREET_SUFFIXES.contains(&t[at..e]) && at > k + 1 {
            // An abbreviated suffix keeps its dot (`Main St.`).
            if e - at <= 4 && t.get(e) == Some(&b'.') && !WORD_SUFFIXES.contains(&t[at..e]) {
                return Some((p, e + 1));
            }
            return Some((p, e));
        }
        if t.get(e) != Some(&b' ') {
            return None;
        }
        at = e + 1;
    }
    None
}

/// Street types written before the name: `rue`, `Calle`, `Via`.
const STREET_TYPES: WordList = word_list![
    b"rue",
    b"avenue",
    b"boulevard",
    b"bd",
    b"chemin",
    b"impasse",
    b"quai",
    b"route",
    b"calle",
    b"avenida",
    b"via",
    b"viale",
    b"piazza",
    b"corso",
    b"rua",
    b"carrer",
    b"strada",
    b"plaza",
];

/// Street types that follow a house number and are not English words (`12 rue de ...`).
const NUMBER_FIRST_TYPES: WordList = word_list![
    b"rue", b"chemin", b"impasse", b"quai", b"calle", b"avenida", b"rua", b"carrer", b"strada",
    b"viale", b"corso", b"piazza",
];

const STREET_ENDINGS: &[&[u8]] = &[
    b"strasse",
    b"stra\x80e",
    b"str",
    b"weg",
    b"gasse",
    b"allee",
    b"platz",
    b"ring",
    b"damm",
    b"ufer",
    b"chaussee",
    b"straat",
    b"laan",
    b"gracht",
    b"steig",
    b"pfad",
];

/// A street line whose number follows the street name at `p`: `Hauptstraße 5`,
/// `Bahnhofstr. 110`.
pub(super) fn street_before_number(t: &[u8], p: usize) -> Option<Span> {
    if p < 4 || t[p - 1] != b' ' {
        return None;
    }
    let mut we = p - 1;
    if t[we - 1] == b'.' {
        we -= 1;
    }
    let mut ws = we;
    while ws > 0 && (t[ws - 1].is_ascii_alphabetic() || t[ws - 1] >= OTHER) && we - ws < 40 {
        ws -= 1;
    }
    if ws == we || ws > 0 && is_word(t[ws - 1]) || !(t[ws].is_ascii_uppercase() || t[ws] >= OTHER) {
        return None;
    }
    let word = &t[ws..we];
    let lower_end =
        |s: &[u8]| word.len() > s.len() && word[word.len() - s.len()..].eq_ignore_ascii_case(s);
    if word.eq_ignore_ascii_case(b"box") {
        // `PO Box 4417`, `P.O. Box 12`.
        let before = &t[ws.saturating_sub(5)..ws];
        let po: &[&[u8]] = &[b"PO ", b"P.O. ", b"P.O "];
        ws -= po.iter().find(|p| before.ends_with(p))?.len();
    } else if !STREET_ENDINGS.iter().any(|s| lower_end(s)) {
        // `Calle Mayor 15`, `Via Roma 42`: a street type up to three words back.
        let mut s = ws;
        let mut found = false;
        for _ in 0..3 {
            if s < 2 || t[s - 1] != b' ' {
                break;
            }
            let e = s - 1;
            let mut b = e;
            while b > 0 && (t[b - 1].is_ascii_alphabetic() || t[b - 1] >= OTHER) && e - b < 12 {
                b -= 1;
            }
            if b == e || !(t[b].is_ascii_uppercase()) {
                break;
            }
            s = b;
            if STREET_TYPES.contains(&t[b..e]) && (b == 0 || !is_word(t[b - 1])) {
                found = true;
                break;
            }
        }
        if !found {
            return None;
        }
        ws = s;
    }
    let mut e = p;
    while e < t.len() && t[e].is_ascii_digit() && e - p < 4 {
        e += 1;
    }
    if t.get(e).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    if t.get(e).is_some_and(u8::is_ascii_alphabetic) && !t.get(e + 1).is_some_and(|&b| is_word(b)) {
        e += 1;
    }
    (!t.get(e).is_some_and(|&b| is_word(b))).then_some((ws, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_name(input: &str, expected: Option<&str>) {
        let t = input.as_bytes();
        let we = t
            .iter()
            .position(|&b| !b.is_ascii_alphabetic())
            .unwrap_or(t.len());
        assert_eq!(
            name_after(t, 0, we).map(|(s, e)| &input[s..e]),
            expected,
            "input: {input:?}"
        );
    }

    #[test]
    fn finds_marked_names() {
        check_name("Name: Jane Doe, age 40", Some("Jane Doe"));
        check_name("Name: Doe, Jane", Some("Doe, Jane"));
        check_name("Hi Jane, thanks", Some("Jane"));
        check_name("Dear Mr. Smith,", Some("Mr. Smith"));
        check_name("Regards,\nJane Doe", Some("Jane Doe"));
        check_name("Hi team, update", None);
        check_name("Hi All,", None);
        check_name("Hello World program", None);
        check_name("Name the file", None);
    }

    #[test]
    fn finds_street_lines() {
        let t = b"Ship to 221B Baker Street, London";
        assert_eq!(street_after_number(t, 8), Some((8, 25)));
        assert_eq!(street_after_number(b"Room 4B is booked", 5), None);
        let t = b"Bahnhofstr. 110, 50667";
        assert_eq!(street_before_number(t, 12), Some((0, 15)));
    }
}
