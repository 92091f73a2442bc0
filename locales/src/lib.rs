//! Translations. Every user-facing string lives in `locales/<lang>/*.ftl` (Fluent);
//! this crate embeds them and formats messages for the server and the browser alike.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::BTreeSet;
use std::sync::LazyLock;
pub use yoriai_domain::Locale;

mod resources {
    include!(concat!(env!("OUT_DIR"), "/resources.rs"));
}

type Bundle = FluentBundle<FluentResource>;

struct Catalog {
    bundle: Bundle,
    keys: BTreeSet<String>,
}

/// The variables (`{ $name }`) a message refers to, for the consistency test.
pub fn variables(locale: Locale, key: &str) -> BTreeSet<String> {
    use fluent_syntax::ast::{Expression, InlineExpression, Pattern, PatternElement};
    fn walk_pattern(p: &Pattern<&str>, out: &mut BTreeSet<String>) {
        for element in &p.elements {
            if let PatternElement::Placeable { expression } = element {
                walk_expression(expression, out);
            }
        }
    }
    fn walk_expression(e: &Expression<&str>, out: &mut BTreeSet<String>) {
        match e {
            Expression::Inline(i) => walk_inline(i, out),
            Expression::Select { selector, variants } => {
                walk_inline(selector, out);
                for v in variants {
                    walk_pattern(&v.value, out);
                }
            }
        }
    }
    fn walk_inline(i: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
        match i {
            InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_owned());
            }
            InlineExpression::Placeable { expression } => walk_expression(expression, out),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    let files = match locale {
        Locale::Ja => resources::JA,
        Locale::En => resources::EN,
    };
    for (_, text) in files {
        let Ok(ast) = fluent_syntax::parser::parse(*text) else {
            continue;
        };
        for entry in &ast.body {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                if m.id.name == key {
                    if let Some(p) = &m.value {
                        walk_pattern(p, &mut out);
                    }
                }
            }
        }
    }
    out
}

#[allow(clippy::expect_used, reason = "the catalogs are embedded at build time and a test loads every one")]
fn load(locale: Locale, files: &[(&str, &str)]) -> Catalog {
    let lang: unic_langid::LanguageIdentifier = locale.as_str().parse().expect("valid language id");
    let mut bundle = FluentBundle::new_concurrent(vec![lang]);
    // Unicode isolation marks would end up inside emails and attribute values.
    bundle.set_use_isolating(false);
    let mut keys = BTreeSet::new();
    for (name, text) in files {
        let resource = FluentResource::try_new((*text).to_owned())
            .unwrap_or_else(|(_, errors)| panic!("syntax error in locales/{}/{name}: {errors:?}", locale.as_str()));
        for entry in resource.entries() {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                keys.insert(m.id.name.to_owned());
            }
        }
        bundle
            .add_resource(resource)
            .unwrap_or_else(|errors| panic!("duplicate key in locales/{}/{name}: {errors:?}", locale.as_str()));
    }
    Catalog { bundle, keys }
}

static JA: LazyLock<Catalog> = LazyLock::new(|| load(Locale::Ja, resources::JA));
static EN: LazyLock<Catalog> = LazyLock::new(|| load(Locale::En, resources::EN));

fn catalog(locale: Locale) -> &'static Catalog {
    match locale {
        Locale::Ja => &JA,
        Locale::En => &EN,
    }
}

/// A message argument.
#[derive(Debug, Clone)]
pub enum Arg {
    Str(String),
    Num(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_owned())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Num(n)
    }
}

/// The message `key` in `locale`. A missing key renders as the key itself (and the
/// completeness test fails), never as a panic.
pub fn t(locale: Locale, key: &str) -> String {
    t_args(locale, key, &[])
}

pub fn t_args(locale: Locale, key: &str, args: &[(&str, Arg)]) -> String {
    let bundle = &catalog(locale).bundle;
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        return key.to_owned();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Str(s) => fluent_args.set(*name, FluentValue::from(s.as_str())),
            Arg::Num(n) => fluent_args.set(*name, FluentValue::from(*n)),
        }
    }
    let mut errors = Vec::new();
    bundle.format_pattern(pattern, Some(&fluent_args), &mut errors).into_owned()
}

/// Whether `key` exists in `locale`.
pub fn has(locale: Locale, key: &str) -> bool {
    catalog(locale).keys.contains(key)
}

/// Every message key of `locale`.
pub fn keys(locale: Locale) -> &'static BTreeSet<String> {
    &catalog(locale).keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_exists_in_every_language() {
        let mut missing = Vec::new();
        for a in Locale::ALL {
            for b in Locale::ALL {
                for key in keys(*a).difference(keys(*b)) {
                    missing.push(format!("{key} is in {} but not in {}", a.as_str(), b.as_str()));
                }
            }
        }
        assert!(missing.is_empty(), "untranslated keys:\n{}", missing.join("\n"));
    }

    #[test]
    fn every_error_code_has_a_message_in_every_language() {
        for locale in Locale::ALL {
            for code in yoriai_domain::ErrorCode::ALL {
                assert!(has(*locale, &code.message_key()), "{} lacks {}", locale.as_str(), code.message_key());
            }
        }
    }

    #[test]
    fn every_role_has_a_name_in_every_language() {
        for locale in Locale::ALL {
            for role in yoriai_domain::Role::ALL {
                let key = format!("role-{}", role.as_str().replace('_', "-"));
                assert!(has(*locale, &key), "{} lacks {key}", locale.as_str());
            }
        }
    }

    #[test]
    fn messages_format_their_arguments() {
        let text = t_args(Locale::En, "error-too-many-attempts", &[("minutes", Arg::Num(15))]);
        assert!(text.contains("15"), "{text}");
        let text = t_args(Locale::Ja, "error-too-many-attempts", &[("minutes", Arg::Num(15))]);
        assert!(text.contains("15"), "{text}");
    }

    #[test]
    fn the_census_error_counts_the_lines_it_could_not_read() {
        let one = t_args(Locale::En, "error-census-line-invalid", &[("line", Arg::Num(3)), ("count", Arg::Num(1))]);
        assert!(one.starts_with("Line 3 of the census file cannot be read. Nothing was changed."), "{one}");
        let two = t_args(Locale::En, "error-census-line-invalid", &[("line", Arg::Num(3)), ("count", Arg::Num(2))]);
        assert!(two.starts_with("2 lines of the census file cannot be read; the first is line 3."), "{two}");
        let ja = t_args(Locale::Ja, "error-census-line-invalid", &[("line", Arg::Num(3)), ("count", Arg::Num(2))]);
        assert!(ja.contains("2 行") && ja.contains("3 行目"), "{ja}");
    }

    /// Every key the front end names literally (`t("…")`, `t_args("…"`, `label="…"`,
    /// `hint="…"`) exists: a typo would otherwise show the raw key to residents.
    #[test]
    fn every_key_the_pages_use_exists() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontend/src");
        let mut files = vec![root];
        let mut missing = Vec::new();
        let mut checked = 0;
        while let Some(path) = files.pop() {
            if path.is_dir() {
                for entry in std::fs::read_dir(&path).unwrap() {
                    files.push(entry.unwrap().path());
                }
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for prefix in ["t(\"", "t_args(\"", "label=\"", "hint=\"", "label: \""] {
                for (i, _) in text.match_indices(prefix) {
                    // Skip identifiers that merely end in `t(` (e.g. `select(`).
                    let before = text[..i].chars().last().unwrap_or(' ');
                    if prefix.starts_with('t') && (before.is_alphanumeric() || before == '_') {
                        continue;
                    }
                    let rest = &text[i + prefix.len()..];
                    let key: String = rest.chars().take_while(|c| *c != '"').collect();
                    let looks_like_key = !key.is_empty()
                        && key.contains('-')
                        && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                    if looks_like_key {
                        checked += 1;
                        if !has(Locale::En, &key) {
                            missing.push(format!("{key} ({})", path.display()));
                        }
                    }
                }
            }
        }
        assert!(checked > 300, "the scan found only {checked} keys: is the front end still at ../frontend/src?");
        missing.sort();
        missing.dedup();
        assert!(missing.is_empty(), "keys used by the pages but not translated:\n{}", missing.join("\n"));
    }

    /// Every action the services write to the action log, and every kind of thing it
    /// is about, has words in every language (the log page shows them).
    #[test]
    fn every_logged_action_and_target_has_words() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/services/src");
        let mut files = vec![root];
        let mut missing = Vec::new();
        let mut found = 0;
        while let Some(path) = files.pop() {
            if path.is_dir() {
                for entry in std::fs::read_dir(&path).unwrap() {
                    files.push(entry.unwrap().path());
                }
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (i, _) in text.match_indices("audit::log(") {
                // audit::log(conn, actor, "action", ("target", id), …)
                let call: String = text[i..].chars().take(400).collect();
                // Actions are the quoted names before the target tuple (`if hide { "a" }
                // else { "b" }` names two); the target is the first name inside it.
                let Some(tuple) = call.find("(\"").or_else(|| call.find("(&")) else { continue };
                let actions: Vec<&str> = call[..tuple].split('"').skip(1).step_by(2).collect();
                let target: Option<&str> = call[tuple..].split('"').nth(1).filter(|_| call[tuple..].starts_with("(\""));
                found += 1;
                let mut keys: Vec<String> =
                    actions.iter().map(|a| format!("log-action-{}", a.replace('_', "-"))).collect();
                keys.extend(target.map(|t| format!("log-target-{}", t.replace('_', "-"))));
                {
                    for key in keys {
                        for locale in Locale::ALL {
                            if !has(*locale, &key) {
                                missing.push(format!("{key} ({}, {})", locale.as_str(), path.display()));
                            }
                        }
                    }
                }
            }
        }
        assert!(found > 60, "the scan found only {found} log calls");
        missing.sort();
        missing.dedup();
        assert!(missing.is_empty(), "logged without words:\n{}", missing.join("\n"));
    }

    /// Keys the pages build from data (`budget-state-{state}`, …).
    #[test]
    fn every_key_family_built_from_data_exists() {
        use yoriai_domain::budget::{BallotRule, BudgetState, TallyRule};
        let mut keys = Vec::new();
        for s in BudgetState::ALL {
            for suffix in ["", "-explain", "-staff"] {
                keys.push(format!("budget-state-{}{suffix}", s.as_str()));
            }
            if s != BudgetState::Preparing {
                keys.push(format!("notice-budget-{}", s.as_str()));
            }
        }
        for r in TallyRule::ALL {
            let r = r.as_str().replace('_', "-");
            keys.push(format!("budget-tally-{r}"));
            keys.push(format!("budget-tally-{r}-explain"));
        }
        for r in BallotRule::ALL {
            keys.push(format!("budget-ballot-{}", r.as_str().replace('_', "-")));
        }
        for s in yoriai_domain::report::ReportState::ALL {
            keys.push(format!("report-state-{}", s.as_str().replace('_', "-")));
        }
        for k in yoriai_domain::report::QuestionKind::ALL {
            keys.push(format!("report-question-kind-{}", k.as_str().replace('_', "-")));
        }
        for p in yoriai_domain::privacy::Purpose::ALL {
            let p = p.as_str().replace('_', "-");
            keys.push(format!("purpose-{p}"));
            keys.push(format!("purpose-{p}-retention"));
            for a in yoriai_domain::privacy::Purpose::parse(&p.replace('-', "_")).into_iter().flat_map(|p| p.uses()) {
                keys.push(format!("attribute-{}", a.as_str().replace('_', "-")));
            }
        }
        for r in yoriai_domain::Role::ALL {
            let name = r.as_str().replace('_', "-");
            keys.push(format!("role-{name}"));
            if r.is_staff() {
                keys.push(format!("process-role-{name}"));
            }
        }
        for k in yoriai_domain::notification::NotificationKind::ALL {
            keys.push(k.message_key());
        }
        for r in yoriai_domain::notification::NotificationReason::ALL {
            keys.push(r.why_key());
        }
        for k in yoriai_domain::security::SecurityEventKind::ALL {
            keys.push(format!("security-event-{}", k.as_str().replace('_', "-")));
        }
        for b in yoriai_domain::privacy::AGE_BANDS {
            keys.push(format!("age-band-{}", b.replace('_', "-")));
        }
        for a in ["name", "pseudonym"] {
            keys.push(format!("appearance-{a}"));
            keys.push(format!("appearance-{a}-hint"));
        }
        for k in ["created", "confirmed", "update", "note", "reopened", "assigned", "moved", "merged", "state"] {
            keys.push(format!("report-timeline-{k}"));
        }
        for f in ["pending", "feasible", "unfeasible"] {
            keys.push(format!("project-feasibility-{f}"));
        }
        let pb_codes = [
            "invalid_utf8",
            "unterminated_quote",
            "row_outside_section",
            "missing_section",
            "duplicate_section",
            "section_order",
            "missing_column",
            "duplicate_column",
            "row_length",
            "missing_meta",
            "duplicate_meta_key",
            "bad_number",
            "unknown_vote_type",
            "negative_or_zero_budget",
            "bad_project_id",
            "duplicate_project_id",
            "negative_or_zero_cost",
            "empty_voter_id",
            "duplicate_voter_id",
            "unknown_project_in_vote",
            "duplicate_project_in_vote",
            "points_length_mismatch",
            "negative_points",
            "empty_ballot",
            "count_mismatch",
            "limit_violation",
            "votes_column_mismatch",
            "too_many_problems",
            "unsupported_vote_type",
            "fractional_amount",
            "fractional_points",
        ];
        for c in pb_codes {
            keys.push(format!("pb-problem-{}", c.replace('_', "-")));
        }
        let missing: Vec<&String> = keys.iter().filter(|k| !has(Locale::En, k) || !has(Locale::Ja, k)).collect();
        assert!(missing.is_empty(), "missing: {missing:?}");
    }

    #[test]
    fn a_missing_key_renders_as_itself() {
        assert_eq!(t(Locale::En, "no-such-key"), "no-such-key");
    }

    #[test]
    fn every_message_uses_the_same_variables_in_every_language() {
        let mut differences = Vec::new();
        for key in keys(Locale::En) {
            let en = variables(Locale::En, key);
            let ja = variables(Locale::Ja, key);
            if en != ja {
                differences.push(format!("{key}: en uses {en:?}, ja uses {ja:?}"));
            }
        }
        assert!(differences.is_empty(), "{}", differences.join("\n"));
    }
}
