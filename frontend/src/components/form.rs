//! Accessible form building blocks: labelled fields with hints and errors tied to
//! them (`aria-describedby`, `aria-invalid`), an error summary linking to each field,
//! and the CSRF field. Forms post to server functions, so they work without JavaScript;
//! with it, they submit in place and show errors without a reload.

use crate::context::{t, use_page};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Where a successful form goes next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Done {
    pub to: String,
    /// Reload the whole page (who is signed in changed) instead of navigating in the app.
    pub reload: bool,
}

/// The current error of a form's action, if its last submission failed.
pub type FormError = Signal<Option<AppError>>;

/// Watches an action: exposes its error, and goes where `Done` says on success.
pub fn form_outcome<S>(action: ServerAction<S>) -> FormError
where
    S: leptos::server_fn::ServerFn<Output = Done, Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    form_outcome_then(action, None)
}

/// Like [`form_outcome`], and also bumps `refresh` on success so the page reloads its
/// data (when the next URL is the page itself).
pub fn form_outcome_then<S>(action: ServerAction<S>, refresh: Option<RwSignal<u32>>) -> FormError
where
    S: leptos::server_fn::ServerFn<Output = Done, Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    let value = action.value();
    let navigate = leptos_router::hooks::use_navigate();
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        // A refused form: an earlier form's success notice (`?notice=`) must not stand
        // beside the new error, so it leaves the address (in place, without a reload).
        if let Some(Err(_)) = value.get() {
            let query = location.query.get_untracked();
            if query.get("notice").is_some() {
                let mut kept = Vec::new();
                for (k, v) in query.into_iter() {
                    if k != "notice" && k != "n" {
                        kept.push(format!("{}={}", k, url_encode(&v)));
                    }
                }
                let path = location.pathname.get_untracked();
                let to = if kept.is_empty() { path } else { format!("{path}?{}", kept.join("&")) };
                navigate(&to, leptos_router::NavigateOptions { replace: true, scroll: false, ..Default::default() });
            }
            return;
        }
        if let Some(Ok(done)) = value.get() {
            if done.reload {
                let location = window().location();
                let here =
                    format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
                let _ = location.set_href(&done.to);
                // Only the fragment differs: the browser would just scroll, so load it.
                if done.to.split('#').next() == Some(here.as_str()) {
                    let _ = location.reload();
                }
            } else {
                navigate(&done.to, Default::default());
                if let Some(r) = refresh {
                    r.update(|n| *n += 1);
                }
            }
        }
    });
    Signal::derive(move || value.get().and_then(|r| r.err()))
}

/// A query value, percent-encoded as a URL component.
fn url_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The `aria-describedby` of a field: its hint and, when there is one, its error.
fn described_by(
    hint_id: Option<String>,
    error_id: String,
    has_error: impl Fn() -> bool + Send + Sync + 'static,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    move || {
        let mut ids = Vec::new();
        if let Some(h) = &hint_id {
            ids.push(h.clone());
        }
        if has_error() {
            ids.push(error_id.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// The label, hint and error parts every field shares.
#[component]
fn FieldFrame(
    id: String,
    name: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    required: bool,
    error: FormError,
    children: Children,
) -> impl IntoView {
    let locale = use_page().locale;
    let field_error = move || error.get().and_then(|e| e.field(name).cloned());
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:has-error=move || field_error().is_some()>
            <label for=id
                .clone()>
                {t(label)} {required.then(|| view! { <span class="required">" (" {t("form-required")} ")"</span> })}
            </label>
            {hint
                .map(|h| {
                    view! {
                        <p id=format!("{id}-hint") class="hint">
                            {t(h)}
                        </p>
                    }
                })}
            {move || {
                field_error()
                    .map(|f| {
                        view! {
                            <p id=error_id.clone() class="field-error-message">
                                {AppError::field_message(locale, &f)}
                            </p>
                        }
                    })
            }}
            {children()}
        </div>
    }
}

/// What was typed into field `name` of a form that was refused: from the error itself
/// (JavaScript), or, after a refused no-JavaScript post, from what the server kept for
/// the page (`PageContext::echo`), which belongs to the form whose error this is.
pub fn typed_value(error: &AppError, name: &str) -> Option<String> {
    error
        .value(name)
        .map(str::to_owned)
        .or_else(|| use_page().echo.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
}

fn echoed(error: FormError, name: &str, fallback: Option<String>) -> Option<String> {
    error.get_untracked().and_then(|e| typed_value(&e, name)).or(fallback)
}

/// A multi-line text field.
#[component]
pub fn TextArea(
    #[prop(into)] form_id: String,
    name: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(default = true)] required: bool,
    #[prop(default = 6)] rows: u32,
    #[prop(optional, into)] value: Option<String>,
    error: FormError,
) -> impl IntoView {
    let id = format!("{}-{}", form_id, name.replace('_', "-"));
    let initial = echoed(error, name, value).unwrap_or_default();
    let has_error = move || error.get().is_some_and(|e| e.field(name).is_some());
    let describe = described_by(hint.map(|_| format!("{id}-hint")), format!("{id}-error"), has_error);
    view! {
        <FieldFrame id=id.clone() name label hint required error>
            <textarea
                id=id.clone()
                name=name
                rows=rows
                required=required
                maxlength=maxlength
                aria-describedby=describe
                aria-invalid=move || has_error().then_some("true")
            >
                {initial}
            </textarea>
        </FieldFrame>
    }
}

/// The options of a choice among named things (districts, categories, departments),
/// after an optional first "none" option with the value `""`.
pub fn named_options<I: std::fmt::Display>(
    items: &[yoriai_views::Named<I>],
    locale: yoriai_domain::Locale,
    none: Option<String>,
) -> Vec<(String, String)> {
    none.map(|n| (String::new(), n))
        .into_iter()
        .chain(items.iter().map(|n| (n.id.to_string(), n.name.get(locale).to_owned())))
        .collect()
}

/// A choice among options (`(value, label)`); the first option may be "none" (`""`).
#[component]
pub fn Select(
    #[prop(into)] form_id: String,
    name: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    options: Vec<(String, String)>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(default = false)] required: bool,
    error: FormError,
) -> impl IntoView {
    let id = format!("{}-{}", form_id, name.replace('_', "-"));
    let selected = echoed(error, name, value).unwrap_or_default();
    let has_error = move || error.get().is_some_and(|e| e.field(name).is_some());
    let describe = described_by(hint.map(|_| format!("{id}-hint")), format!("{id}-error"), has_error);
    let options = options
        .into_iter()
        .map(|(v, l)| {
            let is = v == selected;
            view! {
                <option value=v selected=is>
                    {l}
                </option>
            }
        })
        .collect_view();
    view! {
        <FieldFrame id=id.clone() name label hint required error>
            <select
                id=id.clone()
                name=name
                required=required
                aria-describedby=describe
                aria-invalid=move || has_error().then_some("true")
            >
                {options}
            </select>
        </FieldFrame>
    }
}

/// A yes/no switch. Unchecked boxes send nothing, which the server reads as "no".
#[component]
pub fn Checkbox(
    #[prop(into)] form_id: String,
    name: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    checked: bool,
) -> impl IntoView {
    let id = format!("{}-{}", form_id, name.replace('_', "-"));
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field checkbox">
            <input
                type="checkbox"
                id=id.clone()
                name=name
                checked=checked
                aria-describedby=hint.map(|_| hint_id.clone())
            />
            <label for=id.clone()>{t(label)}</label>
            {hint
                .map(|h| {
                    view! {
                        <p id=hint_id.clone() class="hint">
                            {t(h)}
                        </p>
                    }
                })}
        </div>
    }
}

#[component]
pub fn CsrfField() -> impl IntoView {
    view! { <input type="hidden" name="csrf" value=use_page().csrf /> }
}

/// Lists the form's problems at the top, each linking to its field (GOV.UK pattern);
/// errors not about one field (wrong password, too many attempts) are shown here alone.
#[component]
pub fn ErrorSummary(error: FormError, #[prop(into)] form_id: String) -> impl IntoView {
    let locale = use_page().locale;
    move || {
        error.get().map(|e| {
            let items = if e.fields.is_empty() {
                vec![view! { <li>{e.message(locale)}</li> }.into_any()]
            } else {
                e.fields
                    .iter()
                    .map(|f| {
                        let href = format!("#{}-{}", form_id, f.field.replace('_', "-"));
                        let msg = AppError::field_message(locale, f);
                        // The browser follows it and focuses the field (the router would only scroll).
                        view! {
                            <li>
                                <a href=href target="_self">
                                    {msg}
                                </a>
                            </li>
                        }.into_any()
                    })
                    .collect()
            };
            let reference = e
                .request_id
                .clone()
                .map(|id| view! { <p class="reference">{crate::context::t_args("page-error-reference", &[("id", id.into())])}</p> });
            view! {
                <div class="error-summary" role="alert" tabindex="-1" aria-labelledby=format!("{form_id}-error-title")>
                    <h2 id=format!("{form_id}-error-title")>{t("form-error-summary")}</h2>
                    <ul>{items}</ul>
                    {reference}
                </div>
            }
        })
    }
}

/// A labelled input. `name` is the form field (and server-function argument); the
/// element id is `<form_id>-<name>` so the error summary can link to it.
#[component]
pub fn Field(
    #[prop(into)] form_id: String,
    name: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(default = true)] required: bool,
    #[prop(optional, into)] value: Option<String>,
    /// Called with the text as it is typed (JavaScript only).
    #[prop(default = None)]
    on_input: Option<Callback<String>>,
    error: FormError,
) -> impl IntoView {
    let locale = use_page().locale;
    let id = format!("{}-{}", form_id, name.replace('_', "-"));
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    // Refill what was typed when the page came back from a failed no-JS submission.
    // Passwords are never echoed.
    let initial = if input_type == "password" { None } else { echoed(error, name, value) };
    let field_error = move || error.get().and_then(|e| e.field(name).cloned());
    let described_by = {
        let hint_id = hint_id.clone();
        let error_id = error_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if field_error().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let error_view = {
        let error_id = error_id.clone();
        move || {
            field_error().map(|f| {
                view! {
                    <p id=error_id.clone() class="field-error-message">
                        {AppError::field_message(locale, &f)}
                    </p>
                }
            })
        }
    };
    view! {
        <div class="field" class:has-error=move || field_error().is_some()>
            <label for=id
                .clone()>
                {t(label)} {required.then(|| view! { <span class="required">" (" {t("form-required")} ")"</span> })}
            </label>
            {hint
                .map(|h| {
                    view! {
                        <p id=hint_id.clone() class="hint">
                            {t(h)}
                        </p>
                    }
                })}
            {error_view}
            <input
                id=id.clone()
                name=name
                type=input_type
                autocomplete=autocomplete
                required=required
                maxlength=maxlength
                value=initial
                aria-describedby=described_by
                aria-invalid=move || field_error().map(|_| "true")
                on:input=move |ev| {
                    if let Some(cb) = on_input {
                        cb.run(event_target_value(&ev));
                    }
                }
            />
        </div>
    }
}

/// The submit button; says "Sending…" while a JavaScript submission is under way.
#[component]
pub fn SubmitButton(label: &'static str, pending: Signal<bool>) -> impl IntoView {
    view! {
        <button type="submit" class="button" aria-disabled=move || pending.get().then_some("true")>
            {move || if pending.get() { t("form-sending") } else { t(label) }}
        </button>
    }
}
