//! Route templating on the device: the path of the current page becomes a template such as
//! `/tickets/:id` before anything else sees it. Host-declared templates win; otherwise a segment
//! survives only if it is a plain route word (lower-case letters and dashes) from the built-in
//! vocabulary or the host's list, and every other segment becomes `:id`. Query strings and
//! fragments never survive (with hash routing, the fragment's path is templated the same way).

use crate::redact::{redact, Redacted};

/// Common words of internal tools' paths, kept as they are.
const VOCABULARY: &[&str] = &[
    "about",
    "account",
    "accounts",
    "activity",
    "add",
    "admin",
    "alerts",
    "analytics",
    "api",
    "app",
    "approvals",
    "archive",
    "assets",
    "audit",
    "billing",
    "board",
    "boards",
    "bookings",
    "calendar",
    "cart",
    "cases",
    "catalog",
    "categories",
    "changes",
    "chat",
    "checkout",
    "clients",
    "comments",
    "companies",
    "compose",
    "config",
    "contacts",
    "contracts",
    "create",
    "customers",
    "dashboard",
    "dashboards",
    "deals",
    "delete",
    "deployments",
    "details",
    "devices",
    "docs",
    "documents",
    "download",
    "drafts",
    "edit",
    "employees",
    "events",
    "expenses",
    "export",
    "faq",
    "feedback",
    "files",
    "forms",
    "groups",
    "help",
    "history",
    "home",
    "import",
    "inbox",
    "incidents",
    "integrations",
    "inventory",
    "invoices",
    "issues",
    "items",
    "jobs",
    "knowledge",
    "leads",
    "list",
    "login",
    "logout",
    "logs",
    "manage",
    "messages",
    "metrics",
    "new",
    "notifications",
    "orders",
    "organizations",
    "overview",
    "payments",
    "people",
    "permissions",
    "pipeline",
    "policies",
    "preferences",
    "products",
    "profile",
    "projects",
    "queue",
    "queues",
    "releases",
    "reports",
    "requests",
    "reviews",
    "roles",
    "schedule",
    "search",
    "security",
    "servers",
    "services",
    "sessions",
    "settings",
    "setup",
    "shipments",
    "signin",
    "signout",
    "status",
    "suppliers",
    "support",
    "tasks",
    "team",
    "teams",
    "templates",
    "tickets",
    "timesheets",
    "tools",
    "upload",
    "users",
    "vendors",
    "view",
    "wiki",
    "workflows",
    "workspace",
    "workspaces",
];

/// At most this many segments are kept; deeper paths are cut and marked with `:more`.
const MAX_SEGMENTS: usize = 12;

/// How routes are templated for one app.
#[derive(Clone, Debug, Default)]
pub struct RouteRules {
    templates: Vec<Vec<String>>,
    words: Vec<String>,
}

fn split(path: &str) -> Vec<&str> {
    crate::text::split_byte(path, b'/')
        .filter(|s| !s.is_empty())
        .collect()
}

fn is_route_word(segment: &str) -> bool {
    !segment.is_empty()
        && segment.len() <= 40
        && segment.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
}

impl RouteRules {
    /// Rules from host-declared templates (already validated by `config`) and extra words.
    pub fn new(templates: &[String], words: &[String]) -> RouteRules {
        RouteRules {
            templates: templates
                .iter()
                .map(|t| split(t).into_iter().map(str::to_owned).collect())
                .collect(),
            words: words.to_vec(),
        }
    }

    fn known_word(&self, segment: &str) -> bool {
        is_route_word(segment)
            && (VOCABULARY.binary_search(&segment).is_ok()
                || self.words.iter().any(|w| w == segment))
    }

    /// Templates a path (`/customers/jane.doe?tab=1` → `/customers/:id`). Anything after `?` or
    /// `#` is dropped first.
    pub fn template(&self, path: &str) -> Redacted {
        let path = path.split(['?', '#']).next().unwrap_or("");
        let segments = split(path);
        // The most specific matching template wins (most literal segments), whatever the order
        // the host listed them in: `/tickets/new` beats `/tickets/:id` for `/tickets/new`.
        let literals = |t: &Vec<String>| t.iter().filter(|s| !s.starts_with(':')).count();
        let mut best: Option<&Vec<String>> = None;
        for t in &self.templates {
            let matches = t.len() == segments.len()
                && t.iter()
                    .zip(&segments)
                    .all(|(t, s)| t.starts_with(':') || t == s);
            if matches && best.is_none_or(|b| literals(t) > literals(b)) {
                best = Some(t);
            }
        }
        if let Some(t) = best {
            let mut out = String::new();
            for s in t {
                out.push('/');
                out.push_str(s);
            }
            if out.is_empty() {
                out.push('/');
            }
            return redact(&out);
        }
        let mut out = String::with_capacity(path.len().min(256));
        for (n, s) in segments.iter().enumerate() {
            if n == MAX_SEGMENTS {
                out.push_str("/:more");
                break;
            }
            out.push('/');
            out.push_str(if self.known_word(s) { s } else { ":id" });
        }
        if out.is_empty() {
            out.push('/');
        }
        redact(&out)
    }

    /// Templates a fragment for hash-routed apps (`#/tickets/42?x` → `/tickets/:id`).
    pub fn template_fragment(&self, fragment: &str) -> Redacted {
        let f = fragment.strip_prefix("#").unwrap_or(fragment);
        let f = f.strip_prefix("!").unwrap_or(f);
        self.template(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vocabulary_is_sorted_route_words() {
        assert!(
            VOCABULARY.windows(2).all(|w| w[0] < w[1]),
            "keep VOCABULARY sorted for binary search"
        );
        assert!(VOCABULARY.iter().all(|w| is_route_word(w)));
    }

    fn check(rules: &RouteRules, path: &str, expected: &str) {
        assert_eq!(rules.template(path).as_str(), expected, "path {path:?}");
    }

    #[test]
    fn paths_become_templates() {
        let plain = RouteRules::default();
        check(&plain, "/", "/");
        check(&plain, "", "/");
        check(&plain, "/tickets", "/tickets");
        check(&plain, "/tickets/4711", "/tickets/:id");
        check(&plain, "/tickets/4711/", "/tickets/:id");
        check(&plain, "/customers/jane.doe", "/customers/:id");
        check(
            &plain,
            "/customers/jane.doe@example.com/edit",
            "/customers/:id/edit",
        );
        check(&plain, "/customers/jane/edit", "/customers/:id/edit");
        check(&plain, "/customers/Jane-Doe", "/customers/:id");
        check(&plain, "/customers/jane%40example.com", "/customers/:id");
        check(&plain, "/search?q=jane.doe%40example.com", "/search");
        check(&plain, "/tickets/new#section-2", "/tickets/new");
        check(&plain, "/u/4111111111111111", "/:id/:id");
        check(
            &plain,
            &"/a".repeat(20),
            &format!("{}/:more", "/:id".repeat(12)),
        );
        let host = RouteRules::new(
            &[
                "/customers/:name".into(),
                "/teams/:team/people/:person".into(),
            ],
            &["queue-view".into(), "jane".into()],
        );
        check(&host, "/customers/jane.doe", "/customers/:name");
        check(
            &host,
            "/teams/blue/people/jane",
            "/teams/:team/people/:person",
        );
        check(&host, "/queue-view/7", "/queue-view/:id");
        // A host word is kept only where no template matches; the host chose to allow it.
        check(&host, "/people/jane", "/people/jane");
        let specific = RouteRules::new(&["/tickets/:id".into(), "/tickets/new".into()], &[]);
        check(&specific, "/tickets/new", "/tickets/new");
        check(&specific, "/tickets/4711", "/tickets/:id");
    }

    #[test]
    fn fragments_are_templated_for_hash_routing() {
        let rules = RouteRules::new(&["/tickets/:id".into()], &[]);
        assert_eq!(
            rules.template_fragment("#/tickets/42?tab=notes").as_str(),
            "/tickets/:id"
        );
        assert_eq!(
            rules.template_fragment("#!/customers/jane").as_str(),
            "/customers/:id"
        );
        assert_eq!(rules.template_fragment("").as_str(), "/");
    }
}
