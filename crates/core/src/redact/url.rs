//! URLs: credentials in the authority (`user:pass@`), identifying query values (e-mail,
//! token, session, key, id-like keys) and path segments that name a person or account
//! (`/customers/jane.doe`, `/~jdoe`).

use super::bytes::find_bytes;
use super::context::{has_class, word_list, WordList, URL};
use super::{Finding, Kind};

/// Path words after which the next segment identifies someone.
const PERSON_SEGMENTS: WordList = word_list![
    b"users",
    b"user",
    b"customers",
    b"customer",
    b"people",
    b"person",
    b"profile",
    b"profiles",
    b"members",
    b"member",
    b"accounts",
    b"account",
    b"employees",
    b"employee",
    b"patients",
    b"patient",
    b"u",
    b"contacts",
    b"contact",
    b"clients",
    b"client",
    b"staff",
    b"students",
    b"student",
    b"persons",
    b"candidates",
    b"candidate",
    b"applicants",
    b"applicant",
    b"@",
];

/// Segments that are route words, not identifiers.
const ROUTE_WORDS: WordList = word_list![
    b"new",
    b"edit",
    b"me",
    b"self",
    b"search",
    b"list",
    b"all",
    b"index",
    b"settings",
    b"create",
    b"export",
    b"import",
    b"login",
    b"logout",
    b"signup",
    b"register",
    b"profile",
    b"admin",
    b"current",
    b"mine",
];

/// Query keys (lower case, `-` and `_` removed) whose values are secrets.
const SECRET_KEYS: WordList = word_list![
    b"token",
    b"accesstoken",
    b"idtoken",
    b"refreshtoken",
    b"authtoken",
    b"session",
    b"sessionid",
    b"sid",
    b"sessid",
    b"key",
    b"apikey",
    b"auth",
    b"code",
    b"sig",
    b"signature",
    b"password",
    b"pwd",
    b"pass",
    b"secret",
    b"clientsecret",
    b"jwt",
    b"otp",
    b"ticket",
    b"xamzsignature",
    b"xamzcredential",
    b"xamzsecuritytoken",
    b"credential",
    b"phpsessid",
    b"jsessionid",
    b"state",
];

/// Query keys whose values identify a person or account.
const ID_KEYS: WordList = word_list![
    b"email",
    b"mail",
    b"emailaddress",
    b"id",
    b"uid",
    b"user",
    b"username",
    b"login",
    b"phone",
    b"tel",
    b"mobile",
    b"ssn",
    b"name",
    b"firstname",
    b"lastname",
    b"fullname",
    b"dob",
    b"address",
    b"account",
    b"customer",
    b"member",
    b"u",
];

fn is_placeholder(v: &[u8]) -> bool {
    v.first() == Some(&b'[')
        || v.first() == Some(&b':')
        || v.first() == Some(&b'{')
        || v.starts_with(b"%7B")
}

/// Runs the URL pass over `t`, anchored on `://`.
#[inline(never)]
pub(super) fn find(t: &[u8], out: &mut Vec<Finding>) {
    let mut from = 0;
    while let Some(c) = find_bytes(t, b"://", from) {
        from = c + 3;
        // The scheme: a letter, then letters, digits, `+`, `-`, `.`.
        let mut s = c;
        while s > 0 && (t[s - 1].is_ascii_alphanumeric() || matches!(t[s - 1], b'+' | b'-' | b'.'))
        {
            s -= 1;
        }
        if s == c || !t[s].is_ascii_alphabetic() {
            continue;
        }
        let mut e = c + 3;
        while e < t.len() && has_class(t[e], URL) {
            e += 1;
        }
        while e > c + 3
            && matches!(
                t[e - 1],
                b'.' | b',' | b')' | b';' | b':' | b'!' | b'?' | b']'
            )
        {
            e -= 1;
        }
        url(t, c + 3, e, out);
        from = e.max(from);
    }
}

/// Inspects one URL's authority, path and query (`a` is just past `://`, `e` its end).
fn url(t: &[u8], a: usize, e: usize, out: &mut Vec<Finding>) {
    let auth_end = a + t[a..e]
        .iter()
        .position(|&b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(e - a);
    if let Some(at) = t[a..auth_end].iter().rposition(|&b| b == b'@') {
        let user = &t[a..a + at];
        if !user.is_empty() && !user.contains(&b'[') {
            out.push(Finding {
                kind: Kind::UrlCredentials,
                start: a,
                end: a + at,
            });
        }
    }
    let query = t[auth_end..e]
        .iter()
        .position(|&b| b == b'?')
        .map(|q| auth_end + q);
    let fragment = t[auth_end..e]
        .iter()
        .position(|&b| b == b'#')
        .map(|q| auth_end + q);
    let path_end = query.or(fragment).unwrap_or(e).min(fragment.unwrap_or(e));
    path(t, auth_end, path_end, out);
    if let Some(q) = query {
        let q_end = fragment.filter(|&f| f > q).unwrap_or(e);
        query_values(t, q + 1, q_end, out);
    }
}

fn path(t: &[u8], s: usize, e: usize, out: &mut Vec<Finding>) {
    let mut prev_person = false;
    let mut at = s;
    while at < e {
        if t[at] == b'/' {
            at += 1;
            continue;
        }
        let seg_end = at + t[at..e].iter().position(|&b| b == b'/').unwrap_or(e - at);
        let seg = &t[at..seg_end];
        if seg.first() == Some(&b'~') && seg.len() > 1 && !is_placeholder(&seg[1..]) {
            out.push(Finding {
                kind: Kind::Identifier,
                start: at + 1,
                end: seg_end,
            });
        } else if prev_person && !is_placeholder(seg) && !ROUTE_WORDS.contains(seg) {
            out.push(Finding {
                kind: Kind::Identifier,
                start: at,
                end: seg_end,
            });
        }
        prev_person = PERSON_SEGMENTS.contains(seg);
        at = seg_end;
    }
}

/// The query key lower-cased with `-`, `_` and `.` removed, into `buf`.
fn squash<'b>(key: &[u8], buf: &'b mut [u8; 32]) -> &'b [u8] {
    let mut n = 0;
    for &b in key {
        if matches!(b, b'-' | b'_' | b'.') {
            continue;
        }
        if n == buf.len() {
            return &[];
        }
        buf[n] = b.to_ascii_lowercase();
        n += 1;
    }
    &buf[..n]
}

fn query_values(t: &[u8], s: usize, e: usize, out: &mut Vec<Finding>) {
    let mut at = s;
    while at < e {
        let pair_end = at
            + t[at..e]
                .iter()
                .position(|&b| b == b'&' || b == b';')
                .unwrap_or(e - at);
        if let Some(eq) = t[at..pair_end].iter().position(|&b| b == b'=') {
            let mut buf = [0u8; 32];
            let key = squash(&t[at..at + eq], &mut buf);
            let vs = at + eq + 1;
            let value = &t[vs..pair_end];
            if !value.is_empty() && !is_placeholder(value) {
                let kind = if SECRET_KEYS.contains(key)
                    || key.ends_with(b"token")
                    || key.ends_with(b"secret")
                {
                    Some(Kind::Secret)
                } else if ID_KEYS.contains(key)
                    || key.len() > 2 && key.ends_with(b"id") && key != b"uuid"
                {
                    Some(Kind::Identifier)
                } else {
                    None
                };
                if let Some(kind) = kind {
                    out.push(Finding {
                        kind,
                        start: vs,
                        end: pair_end,
                    });
                }
            }
        }
        at = pair_end + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &[&str]) {
        let mut out = Vec::new();
        find(input.as_bytes(), &mut out);
        let got: Vec<&str> = out.iter().map(|f| &input[f.start..f.end]).collect();
        assert_eq!(got, expected, "input: {input:?}");
    }

    #[test]
    fn finds_identifying_url_parts() {
        check(
            "https://admin:s3cret@db.example:5432/app",
            &["admin:s3cret"],
        );
        check("redis://:pw@cache", &[":pw"]);
        check(
            "https://crm.example.com/customers/jane.doe/edit",
            &["jane.doe"],
        );
        check("https://example.org/~jdoe", &["jdoe"]);
        check("https://x.io/reset?token=abc123&lang=en#top", &["abc123"]);
        check("https://x.io/a?userId=42&utm_medium=email", &["42"]);
        check("https://x.io/api/v2/orders/:id/items?page=2", &[]);
        check("https://[URL_CREDENTIALS]@host/users/[ID]", &[]);
        check("s3://bucket-123/exports/2024-03-14/part-00001.parquet", &[]);
    }
}
