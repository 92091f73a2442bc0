//! The shape of the code, counted (issue 14): each number may only go down. When a
//! change lowers one, lower its limit here in the same commit, so it cannot creep back.

use std::path::{Path, PathBuf};

/// Product code: what ships (tests and benchmarks are not counted).
const PRODUCT: &[&str] = &[
    "server/src",
    "server/domain/src",
    "server/store/src",
    "server/services/src",
    "server/views/src",
    "frontend/src",
    "locales/src",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// (path relative to the repository, text) of every product source file, without
/// `#[cfg(test)]` modules at the end of a file and without `tests.rs` files.
fn product_sources() -> Vec<(String, String)> {
    let root = root();
    let mut files = Vec::new();
    for d in PRODUCT {
        rust_files(&root.join(d), &mut files);
    }
    assert!(files.len() > 100, "found only {} files", files.len());
    files.sort();
    files
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n != "tests.rs"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let text = match text.find("#[cfg(test)]\nmod tests") {
                Some(at) => text[..at].to_owned(),
                None => text,
            };
            (p.strip_prefix(&root).unwrap().to_string_lossy().into_owned(), text)
        })
        .collect()
}

fn count(pattern: &str) -> usize {
    product_sources().iter().map(|(_, t)| t.matches(pattern).count()).sum()
}

#[test]
fn no_state_is_compared_as_a_string() {
    let mut found = Vec::new();
    for (path, text) in product_sources() {
        for (n, line) in text.lines().enumerate() {
            for word in ["state", "feasibility", "role", "status", "outcome", "stance", "kind", "reason", "what"] {
                for op in ["==", "!="] {
                    if line.contains(&format!(".{word} {op} \"")) {
                        found.push(format!("{path}:{}: {}", n + 1, line.trim()));
                    }
                }
            }
        }
    }
    assert!(found.is_empty(), "compare the domain enum, not its word:\n{}", found.join("\n"));
}

#[test]
fn the_counted_shapes_only_go_down() {
    let limits = [
        // Server functions taking loose arguments (one input struct per command is the target).
        ("#[allow(clippy::too_many_arguments)]", 0),
    ];
    for (pattern, max) in limits {
        let n = count(pattern);
        assert!(n <= max, "`{pattern}`: {n} > {max}; this number may only go down");
        assert!(n == max, "`{pattern}`: {n} < {max}; lower the limit in tests/api/shape.rs to {n}");
    }
}

/// The arguments of a server function's parameter list, split at top-level commas.
fn arguments(list: &str) -> Vec<String> {
    let (mut depth, mut current, mut out) = (0i32, String::new(), Vec::new());
    for c in list.chars() {
        match c {
            '(' | '<' | '[' => depth += 1,
            ')' | '>' | ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    out.push(current);
    out.into_iter().map(|a| a.trim().to_owned()).filter(|a| !a.is_empty()).collect()
}

/// Server functions take the command's input as one struct (`#[server(flatten)]` or
/// `#[server(default)]`) beside the typed ids that address the thing (`delete_phase(process_id,
/// phase_id)` is a path, not a form). The ones taking a loose value beside other arguments
/// (`follow_report(id, follow: String)`, `save_department(id: Option<String>, ..)`) are
/// counted; the number may only go down.
#[test]
fn server_functions_take_one_input() {
    const MAX: usize = LOOSE_SERVER_FUNCTIONS;
    let mut loose = Vec::new();
    let mut files = Vec::new();
    rust_files(&root().join("frontend/src/api"), &mut files);
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        // `#[server(flatten)]` inside an argument list is not the start of another function.
        let mut parts: Vec<String> = Vec::new();
        for part in text.split("#[server(").skip(1) {
            match parts.last_mut() {
                Some(last) if part.starts_with("flatten)]") || part.starts_with("default)]") => {
                    last.push_str("#[server(");
                    last.push_str(part);
                }
                _ => parts.push(part.to_owned()),
            }
        }
        for part in &parts {
            let Some(start) = part.find("pub async fn ") else { continue };
            let sig = &part[start + "pub async fn ".len()..];
            let (Some(open), Some(close)) = (sig.find('('), sig.find(") -> ")) else { continue };
            let args = arguments(&sig[open + 1..close]);
            // A typed id (also an optional one) or a process's slug addresses the thing.
            let is_id = |a: &String| {
                let ty = a.rsplit(':').next().unwrap_or("").trim().trim_start_matches("Option<").trim_end_matches('>');
                ty.ends_with("Id") || a.starts_with("slug:")
            };
            let is_input = |a: &String| a.contains("#[server(flatten)]") || a.contains("#[server(default)]");
            if args.len() >= 2 && args.iter().any(|a| !is_id(a) && !is_input(a)) {
                loose.push(format!("{}({})", &sig[..open], args.len()));
            }
        }
    }
    let n = loose.len();
    assert!(n <= MAX, "{n} server functions take loose arguments > {MAX}; take one input struct:\n{loose:?}");
    assert!(n == MAX, "{n} server functions take loose arguments < {MAX}: lower LOOSE_SERVER_FUNCTIONS to {n}");
}

const LOOSE_SERVER_FUNCTIONS: usize = 33;

/// Entity ids are typed (`ResultId`, `ProcessId`, … in `yoriai_domain::ids`, mapped
/// through diesel): a raw `i64` id is only for the store's SQL helpers. The rest are
/// being converted feature by feature; the count may only go down.
#[test]
fn raw_ids_stay_in_the_store() {
    const MAX: usize = RAW_IDS_OUTSIDE_THE_STORE;
    let patterns = ["id: i64", "id: Option<i64>", "ids: &[i64]", "ids: Vec<i64>"];
    let mut per_file: Vec<(usize, String)> = product_sources()
        .into_iter()
        .filter(|(path, _)| !path.starts_with("server/store/"))
        .map(|(path, text)| (patterns.iter().map(|p| text.matches(p).count()).sum(), path))
        .filter(|(n, _)| *n > 0)
        .collect();
    per_file.sort_by(|a, b| b.cmp(a));
    let n: usize = per_file.iter().map(|(n, _)| n).sum();
    let top: Vec<String> = per_file.iter().take(10).map(|(n, p)| format!("{n} {p}")).collect();
    assert!(n <= MAX, "{n} raw ids outside the store > {MAX}; use the typed id. Most in:\n{}", top.join("\n"));
    assert!(n == MAX, "{n} raw ids outside the store < {MAX}: lower RAW_IDS_OUTSIDE_THE_STORE to {n}");
}

/// Raw `i64` ids outside `server/store` (395 when this test came, in issue 14). The
/// seven left are links that may point at several kinds of thing, so the kind travels
/// beside the number: a moderation item's and an action-log entry's target, a linked
/// item of a decision or result (its type, its parsed id list and the ids of one type),
/// a search hit, and the staff log's target link.
const RAW_IDS_OUTSIDE_THE_STORE: usize = 7;

/// CSRF is the middleware's job: no state-changing server function takes the token as
/// an argument, and each names the client that sends it in the `X-CSRF-Token` header
/// (without it the hydrated page's call would be refused). The two GET functions that
/// write an access log compare the token themselves and are the only ones to take it.
#[test]
fn server_functions_leave_csrf_to_the_middleware() {
    let mut found = Vec::new();
    let mut posts = 0;
    for (path, text) in product_sources() {
        let lines: Vec<&str> = text.lines().collect();
        for (n, line) in lines.iter().enumerate() {
            // The function's attribute (not an argument's `#[server(flatten)]`).
            let attr = line.trim_start();
            if !(attr.starts_with("#[server(endpoint") || attr == "#[server]" || attr.starts_with("#[leptos::server")) {
                continue;
            }
            // The attribute, then the signature up to its return type.
            let end = lines[n..].iter().position(|l| l.contains("-> Result<")).map_or(n, |i| n + i);
            let takes_csrf = lines[n..=end].iter().any(|l| l.contains("csrf: String"));
            let is_get = line.contains("input = GetUrl");
            if !is_get {
                posts += 1;
                if !line.contains("client = crate::api::CsrfHeader") {
                    found.push(format!("{path}:{}: a POST server function without the CSRF-header client", n + 1));
                }
            }
            if takes_csrf
                && !(is_get && (line.contains("\"reporter_contact\"") || line.contains("\"personal_record\"")))
            {
                found.push(format!("{path}:{}: a server function taking `csrf`", n + 1));
            }
        }
    }
    assert!(posts > 90, "found only {posts} state-changing server functions");
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// One command runner at the web edge (`ssr::on_pool`): it runs on the blocking pool and
/// logs our own faults with their cause chain and the request id. Other uses of the
/// blocking pool are not commands: the readiness probe's ping, reading a stored picture,
/// opening the database at start-up, and the worker's jobs, which have no request.
#[test]
fn commands_run_through_the_one_runner() {
    const MAY_BLOCK: &[(&str, usize)] = &[
        ("frontend/src/ssr.rs", 1),
        ("server/src/routes.rs", 1),
        ("server/src/uploads.rs", 1),
        // Building the app: opening the database, then the cities (migrations included).
        ("server/src/app.rs", 2),
        // The system console's control-plane work (it runs no city's commands).
        ("server/src/console/mod.rs", 1),
        // Re-reading the list of cities (a query on the control plane).
        ("server/src/tenants/mod.rs", 1),
        ("server/src/worker.rs", 4),
    ];
    let mut found = Vec::new();
    for (path, text) in product_sources() {
        let n = text.matches("web::block(").count();
        let allowed = MAY_BLOCK.iter().find(|(p, _)| *p == path).map_or(0, |(_, n)| *n);
        if n != allowed {
            found.push(format!("{path}: {n} uses of web::block (expected {allowed}); run commands with ssr::command"));
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// Files a newcomer can read in one sitting: none over 500 lines, except generated
/// schema and pure rule and table code. (A module's unit tests live in a `tests.rs`
/// beside it, which is not counted.)
#[test]
fn no_file_is_over_500_lines() {
    const MAY_BE_LONG: &[&str] =
        &["server/store/src/schema.rs", "server/domain/src/pb/", "server/domain/src/policy.rs"];
    let mut long = Vec::new();
    for (path, _) in product_sources() {
        let lines = std::fs::read_to_string(root().join(&path)).unwrap().lines().count();
        if lines > 500 && !MAY_BE_LONG.iter().any(|p| path.starts_with(p)) {
            long.push(format!("{path} ({lines})"));
        }
    }
    assert!(long.is_empty(), "over 500 lines: {long:?}; split by route or by command");
}
