//! The staff console's action log (filter by who, what, when) and accounts with roles.

use crate::api::staff::*;
use crate::components::form::{form_outcome, CsrfField, ErrorSummary};
use crate::components::notice::Notice;
use crate::context::t;
use crate::pages::common::{field_errors, query_value, Loading, PageError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use yoriai_domain::Role;
use yoriai_views::staff::LogQuery;

#[component]
pub fn ActionLogPageView() -> impl IntoView {
    let query = use_query_map();
    let get = move |k: &str| query.read().get(k).unwrap_or_default();
    let params = move || LogQuery {
        who: get("who"),
        action: get("action"),
        target_type: get("target_type"),
        from: get("from"),
        until: get("until"),
        before: get("before").parse().ok(),
    };
    let data = Resource::new_blocking(params, get_action_log);
    let q = query.read_untracked();
    let (who, action, target, from, until) = (
        q.get("who").unwrap_or_default(),
        q.get("action").unwrap_or_default(),
        q.get("target_type").unwrap_or_default(),
        q.get("from").unwrap_or_default(),
        q.get("until").unwrap_or_default(),
    );
    drop(q);
    view! {
        <Title text=t("log-title") />
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href="/admin">{t("admin-title")}</a>
        </nav>
        <h1>{t("log-title")}</h1>
        <p>{t("log-intro")}</p>
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => field_errors(&e).unwrap_or_else(|| view! { <PageError error=e /> }.into_any()),
                        Ok(p) => {
                            let (who, action, target, from, until) = (
                                who.clone(),
                                action.clone(),
                                target.clone(),
                                from.clone(),
                                until.clone(),
                            );
                            let base = format!(
                                "/admin/log?who={}&action={}&target_type={}&from={}&until={}",
                                query_value(&who),
                                query_value(&action),
                                query_value(&target),
                                query_value(&from),
                                query_value(&until),
                            );
                            view! {
                                <form method="get" action="/admin/log" class="filters log-filters">
                                    <div class="field">
                                        <label for="log-who">{t("log-who")}</label>
                                        <input type="text" id="log-who" name="who" value=who maxlength=100 />
                                    </div>
                                    <div class="field">
                                        <label for="log-action">{t("log-action")}</label>
                                        <select id="log-action" name="action">
                                            <option value="">{t("log-any")}</option>
                                            {p
                                                .actions
                                                .iter()
                                                .map(|a| {
                                                    let sel = *a == action;
                                                    view! {
                                                        <option value=a.clone() selected=sel>
                                                            {log_label("log-action", a)}
                                                        </option>
                                                    }
                                                })
                                                .collect_view()}
                                        </select>
                                    </div>
                                    <div class="field">
                                        <label for="log-target">{t("log-target")}</label>
                                        <input
                                            type="text"
                                            id="log-target"
                                            name="target_type"
                                            value=target
                                            maxlength=40
                                        />
                                    </div>
                                    <div class="field">
                                        <label for="log-from">{t("log-from")}</label>
                                        <input type="date" id="log-from" name="from" value=from />
                                    </div>
                                    <div class="field">
                                        <label for="log-until">{t("log-until")}</label>
                                        <input type="date" id="log-until" name="until" value=until />
                                    </div>
                                    <button type="submit" class="button secondary">
                                        {t("filter-apply")}
                                    </button>
                                </form>
                                {if p.entries.is_empty() { Some(view! { <p>{t("log-empty")}</p> }) } else { None }}
                                <div class="table-wrap">
                                    <table class="table log">
                                        <caption>{t("log-title")}</caption>
                                        <thead>
                                            <tr>
                                                <th scope="col">{t("log-col-when")}</th>
                                                <th scope="col">{t("log-who")}</th>
                                                <th scope="col">{t("log-action")}</th>
                                                <th scope="col">{t("log-target")}</th>
                                                <th scope="col">{t("log-col-details")}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {p
                                                .entries
                                                .iter()
                                                .map(|e| {
                                                    view! {
                                                        <tr>
                                                            <td>{e.at.clone()}</td>
                                                            <td>
                                                                {e.actor.clone().unwrap_or_else(|| t("log-system"))}
                                                            </td>
                                                            <td>
                                                                {log_label("log-action", &e.action)}
                                                                {(e.visibility == "staff")
                                                                    .then(|| {
                                                                        view! {
                                                                            " "
                                                                            <span class="tag">{t("log-staff-only")}</span>
                                                                        }
                                                                    })}
                                                            </td>
                                                            <td>{target_view(&e.target_type, e.target_id)}</td>
                                                            <td>
                                                                {e.reason.clone().map(|r| view! { <p>{r}</p> })}
                                                                {details_view(&e.details)}
                                                            </td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                {p
                                    .next
                                    .map(|n| {
                                        view! {
                                            <p>
                                                <a href=format!("{base}&before={n}")>{t("list-older")}</a>
                                            </p>
                                        }
                                    })}
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

/// A logged code in words (`log-action-answer-proposal`), or the code itself for one
/// recorded by a newer or older version that has no words for it.
fn log_label(family: &str, code: &str) -> String {
    let key = format!("{family}-{}", code.replace('_', "-"));
    if yoriai_i18n::has(crate::context::use_page().locale, &key) {
        t(&key)
    } else {
        code.to_owned()
    }
}

/// What an entry was about, linked to its page where it has one.
fn target_view(target_type: &str, id: Option<i64>) -> impl IntoView {
    let label = log_label("log-target", target_type);
    let href = id.and_then(|id| {
        let path = match target_type {
            "proposal" => "/proposals",
            "report" => "/reports",
            "decision" => "/decisions",
            "result" => "/results",
            "budget" => "/admin/budgets",
            "budget_project" => "/admin/projects",
            "process" => "/admin/processes",
            _ => return None,
        };
        Some(format!("{path}/{id}"))
    });
    match (href, id) {
        (Some(h), Some(id)) => view! { <a href=h>{format!("{label} #{id}")}</a> }.into_any(),
        (None, Some(id)) => view! { <span>{format!("{label} #{id}")}</span> }.into_any(),
        _ => view! { <span>{label}</span> }.into_any(),
    }
}

/// The recorded details as "name: value" lines, and the record itself one click away.
fn details_view(raw: &str) -> impl IntoView {
    let pairs: Vec<(String, String)> = match serde_json::from_str::<serde_json::Value>(raw) {
        Ok(serde_json::Value::Object(map)) => map
            .into_iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| {
                let value = match v {
                    serde_json::Value::String(s) => s,
                    serde_json::Value::Array(items) => items
                        .iter()
                        .map(|i| i.as_str().map(str::to_owned).unwrap_or_else(|| i.to_string()))
                        .collect::<Vec<_>>()
                        .join(", "),
                    other => other.to_string(),
                };
                (k.replace('_', " "), value)
            })
            .collect(),
        _ => Vec::new(),
    };
    (!raw.is_empty() && raw != "{}").then(|| {
        view! {
            <ul class="log-details">
                {pairs.into_iter().map(|(k, v)| view! { <li>{k} ": " {v}</li> }).collect_view()}
            </ul>
            <details>
                <summary>{t("log-technical")}</summary>
                <code class="details">{raw.to_owned()}</code>
            </details>
        }
    })
}

#[component]
pub fn UsersPageView() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let role = move || query.read().get("role").unwrap_or_default();
    let data = Resource::new_blocking(move || (q(), role()), |(q, r)| get_users(Some(q), Some(r)));
    let set = ServerAction::<SetUserRole>::new();
    let error = form_outcome(set);
    let roles: Vec<(String, String)> = Role::ALL
        .iter()
        .map(|r| (r.as_str().to_owned(), t(&format!("role-{}", r.as_str().replace('_', "-")))))
        .collect();
    view! {
        <Title text=t("users-title") />
        <nav aria-label=t("breadcrumb-label") class="breadcrumb">
            <a href="/admin">{t("admin-title")}</a>
        </nav>
        <Notice />
        <h1>{t("users-title")}</h1>
        <ErrorSummary error form_id="users" />
        <form method="get" action="/admin/users" class="filters">
            <div class="field">
                <label for="users-q">{t("users-search")}</label>
                <input type="search" id="users-q" name="q" value=q() maxlength=100 />
            </div>
            <div class="field">
                <label for="users-role">{t("users-role")}</label>
                <select id="users-role" name="role">
                    <option value="">{t("log-any")}</option>
                    {roles
                        .clone()
                        .into_iter()
                        .map(|(v, l)| {
                            let sel = v == role();
                            view! {
                                <option value=v selected=sel>
                                    {l}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <button type="submit" class="button secondary">
                {t("filter-apply")}
            </button>
        </form>
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => field_errors(&e).unwrap_or_else(|| view! { <PageError error=e /> }.into_any()),
                        Ok(p) => {
                            let roles = roles.clone();
                            view! {
                                {if p.users.is_empty() { Some(view! { <p>{t("users-empty")}</p> }) } else { None }}
                                <div class="table-wrap">
                                    <table class="table">
                                        <caption>{t("users-title")}</caption>
                                        <thead>
                                            <tr>
                                                <th scope="col">{t("users-col-name")}</th>
                                                <th scope="col">{t("users-col-email")}</th>
                                                <th scope="col">{t("users-role")}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {p
                                                .users
                                                .into_iter()
                                                .map(|u| {
                                                    let uid = u.id;
                                                    let label_id = format!("user-{uid}-role");
                                                    let roles = roles.clone();
                                                    view! {
                                                        <tr id=format!("user-{uid}")>
                                                            <th scope="row">
                                                                {u.display_name.clone()}
                                                                {(!u.confirmed)
                                                                    .then(|| {
                                                                        view! {
                                                                            " "
                                                                            <span class="tag">{t("users-unconfirmed")}</span>
                                                                        }
                                                                    })}
                                                                {u
                                                                    .blocked
                                                                    .then(|| {
                                                                        view! {
                                                                            " "
                                                                            <span class="tag">{t("users-blocked")}</span>
                                                                        }
                                                                    })} <br />
                                                                <a class="meta" href=format!("/admin/users/{uid}/personal")>
                                                                    {t("personal-link")}
                                                                </a>
                                                            </th>
                                                            <td>{u.email.clone()}</td>
                                                            <td>
                                                                {if uid == p.me {
                                                                    view! {
                                                                        {t(&format!("role-{}", u.role.kebab()))}
                                                                        " "
                                                                        <span class="meta">{t("users-you")}</span>
                                                                    }
                                                                        .into_any()
                                                                } else {
                                                                    view! {
                                                                        <ActionForm action=set attr:class="inline-form">
                                                                            <CsrfField />
                                                                            <input type="hidden" name="user_id" value=uid.to_string() />
                                                                            <label for=label_id.clone() class="visually-hidden">
                                                                                {format!("{} — {}", t("users-role"), u.display_name)}
                                                                            </label>
                                                                            <select id=label_id name="role">
                                                                                {roles
                                                                                    .into_iter()
                                                                                    .map(|(v, l)| {
                                                                                        let sel = v == u.role.as_str();
                                                                                        view! {
                                                                                            <option value=v selected=sel>
                                                                                                {l}
                                                                                            </option>
                                                                                        }
                                                                                    })
                                                                                    .collect_view()}
                                                                            </select>
                                                                            " "
                                                                            <button type="submit" class="button secondary">
                                                                                {t("users-set-role")}
                                                                            </button>
                                                                        </ActionForm>
                                                                    }
                                                                        .into_any()
                                                                }}
                                                            </td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}
