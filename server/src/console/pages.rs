//! The console's pages: plain, server-written HTML with the site's stylesheet, the same
//! field and error-summary markup as the city pages, every text from `console.ftl`.

use super::Figures;
use std::collections::HashMap;
use yoriai_domain::Locale;
use yoriai_i18n::{t, t_args, Arg};
use yoriai_store::control::TenantState;

use crate::errors::escape as esc;

/// What went wrong with a form: the message's key, the field it belongs to, and (for a
/// failure the checks did not foresee) the operator-facing detail.
#[derive(Debug, Clone)]
pub struct Problem {
    pub field: Option<&'static str>,
    pub key: &'static str,
    pub detail: Option<String>,
}

impl Problem {
    pub fn key(key: &'static str) -> Problem {
        Problem { field: None, key, detail: None }
    }

    pub fn field(field: &'static str, key: &'static str) -> Problem {
        Problem { field: Some(field), key, detail: None }
    }

    pub fn failed(detail: String) -> Problem {
        Problem { field: None, key: "console-failed", detail: Some(detail) }
    }
}

pub struct Page<'a> {
    locale: Locale,
    csrf: &'a str,
    title: String,
    body: String,
    operator: Option<String>,
}

impl<'a> Page<'a> {
    pub fn new(locale: Locale, csrf: &'a str) -> Page<'a> {
        Page { locale, csrf, title: String::new(), body: String::new(), operator: None }
    }

    fn t(&self, key: &str) -> String {
        esc(&t(self.locale, key))
    }

    fn hidden_csrf(&self) -> String {
        format!("<input type=\"hidden\" name=\"csrf\" value=\"{}\">", esc(self.csrf))
    }

    /// A one-message page (an error or a refusal).
    pub fn message(mut self, title_key: &str, body_key: &str) -> Self {
        self.title = self.t(title_key);
        self.body = format!(
            "<h1>{}</h1><p>{}</p><p><a href=\"/\">{}</a></p>",
            self.title,
            self.t(body_key),
            self.t("console-back")
        );
        self
    }

    fn summary(&self, problem: Option<&Problem>, form_id: &str) -> String {
        let Some(p) = problem else { return String::new() };
        let target = p.field.map(|f| format!("#{form_id}-{f}")).unwrap_or_else(|| format!("#{form_id}"));
        let detail = p.detail.as_ref().map(|d| format!(" ({})", esc(d))).unwrap_or_default();
        format!(
            "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" aria-labelledby=\"{form_id}-error-title\">\
             <h2 id=\"{form_id}-error-title\">{}</h2><ul><li><a href=\"{target}\">{}</a>{detail}</li></ul></div>",
            self.t("form-error-summary"),
            self.t(p.key)
        )
    }

    /// A labelled input, marked invalid when the problem is about it.
    fn field(
        &self,
        form_id: &str,
        name: &str,
        label_key: &str,
        kind: &str,
        value: &str,
        problem: Option<&Problem>,
    ) -> String {
        let id = format!("{form_id}-{name}");
        let error = problem.filter(|p| p.field == Some(name) && p.key != "console-failed");
        let (class, invalid, message) = match error {
            Some(p) => (
                "field has-error",
                format!(" aria-invalid=\"true\" aria-describedby=\"{id}-error\""),
                format!("<p id=\"{id}-error\" class=\"field-error-message\">{}</p>", self.t(p.key)),
            ),
            None => ("field", String::new(), String::new()),
        };
        let input = if kind == "textarea" {
            format!("<textarea id=\"{id}\" name=\"{name}\" rows=\"2\"{invalid}>{}</textarea>", esc(value))
        } else {
            // The two-step code: a number pad on phones, and the app's code offered by the browser.
            let extra = if name == "code" { " inputmode=\"numeric\" autocomplete=\"one-time-code\"" } else { "" };
            format!("<input id=\"{id}\" name=\"{name}\" type=\"{kind}\" value=\"{}\"{invalid}{extra}>", esc(value))
        };
        format!("<div class=\"{class}\"><label for=\"{id}\">{}</label>{message}{input}</div>", self.t(label_key))
    }

    pub fn sign_in(mut self, problem: Option<Problem>, email: &str) -> Self {
        self.title = self.t("console-sign-in-title");
        let p = problem.as_ref();
        self.body = format!(
            "<h1>{title}</h1><p>{intro}</p>{summary}<form id=\"console-sign-in\" method=\"post\" action=\"/sign-in\">{csrf}{email}{password}{code}\
             <button class=\"button\" type=\"submit\">{submit}</button></form>",
            title = self.title,
            intro = self.t("console-sign-in-intro"),
            summary = self.summary(p, "console-sign-in"),
            csrf = self.hidden_csrf(),
            email = self.field("console-sign-in", "email", "console-email", "email", email, p),
            password = self.field("console-sign-in", "password", "console-password", "password", "", p),
            code = self.field("console-sign-in", "code", "console-code", "text", "", p),
            submit = self.t("console-sign-in"),
        );
        self
    }

    pub fn dashboard(
        mut self,
        operator: &str,
        cities: &[Figures],
        notice: Option<&str>,
        problem: Option<Problem>,
        typed: &HashMap<String, String>,
    ) -> Self {
        self.title = self.t("console-cities-title");
        self.operator = Some(operator.to_owned());
        let notice = notice
            .filter(|n| n.starts_with("console-") && n.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
            .map(|n| format!("<p class=\"notice\" role=\"status\">{}</p>", self.t(n)))
            .unwrap_or_default();
        let typed_value = |k: &str| typed.get(k).map(String::as_str).unwrap_or("");
        let p = problem.as_ref();
        let creating = typed.contains_key("name_en");
        let create_problem = p.filter(|_| creating);
        let other_problem = p.filter(|_| !creating);
        let mut cards = String::new();
        for city in cities {
            cards.push_str(&self.city_card(city));
        }
        self.body = format!(
            "<h1>{title}</h1>{notice}{summary}<p>{intro}</p><div class=\"cards\">{cards}</div>\
             <h2 id=\"create\">{create_title}</h2>{create_summary}\
             <form id=\"console-create\" method=\"post\" action=\"/cities\">{csrf}{name_ja}{name_en}{id}{hosts}\
             <button class=\"button\" type=\"submit\">{create}</button></form>",
            title = self.title,
            summary = self.summary(other_problem, "console-cities"),
            intro = self.t("console-cities-intro"),
            create_title = self.t("console-create-title"),
            create_summary = self.summary(create_problem, "console-create"),
            csrf = self.hidden_csrf(),
            name_ja = self.field(
                "console-create",
                "name_ja",
                "console-name-ja",
                "text",
                typed_value("name_ja"),
                create_problem
            ),
            name_en = self.field(
                "console-create",
                "name_en",
                "console-name-en",
                "text",
                typed_value("name_en"),
                create_problem
            ),
            id = self.field("console-create", "id", "console-id", "text", typed_value("id"), create_problem),
            hosts = self.field(
                "console-create",
                "hosts",
                "console-hosts",
                "textarea",
                typed_value("hosts"),
                create_problem
            ),
            create = self.t("console-create"),
        );
        self
    }

    fn city_card(&self, c: &Figures) -> String {
        let name = if c.id == "main" {
            self.t("console-main-name")
        } else {
            esc(&if self.locale == Locale::Ja { c.name_ja.clone() } else { c.name_en.clone() })
        };
        let state_key = if c.state == TenantState::Active { "console-state-active" } else { "console-state-suspended" };
        let accounts = c.accounts.map(|n| n.to_string()).unwrap_or_else(|| "–".into());
        let facts = esc(&t_args(
            self.locale,
            "console-figures",
            &[
                ("accounts", Arg::from(accounts)),
                ("storage", Arg::from(c.storage_kib as i64)),
                ("requests", Arg::from(c.requests as i64)),
            ],
        ));
        let hosts = c.hosts.iter().map(|h| format!("<li>{}</li>", esc(h))).collect::<String>();
        let id = esc(&c.id);
        let form = |action: &str, fields: String, button_key: &str| {
            format!(
                "<form class=\"city-action\" method=\"post\" action=\"/cities/{id}/{action}\">{}{fields}\
                 <button class=\"button\" type=\"submit\">{}</button></form>",
                self.hidden_csrf(),
                self.t(button_key)
            )
        };
        let labelled = |name: &str, key: &str| {
            let fid = format!("city-{id}-{name}");
            format!(
                "<div class=\"field\"><label for=\"{fid}\">{}</label><input id=\"{fid}\" name=\"{name}\" type=\"text\"></div>",
                self.t(key)
            )
        };
        let state_form = if c.state == TenantState::Active {
            form("suspend", labelled("reason", "console-reason"), "console-suspend")
        } else {
            form("resume", String::new(), "console-resume")
        };
        let delete = if c.id == "main" {
            String::new()
        } else {
            form("delete", labelled("confirm", "console-confirm"), "console-delete")
        };
        format!(
            "<section class=\"card\" aria-labelledby=\"city-{id}\"><h2 id=\"city-{id}\">{name} <span class=\"tag\">{state}</span></h2>\
             <p class=\"meta\">{id_label}: {id} · {facts}</p><ul class=\"links\">{hosts}</ul>{state_form}{hosts_form}{delete}</section>",
            state = self.t(state_key),
            id_label = self.t("console-id"),
            hosts_form = form(
                "hosts",
                format!("{}{}", labelled("add", "console-host-add"), labelled("remove", "console-host-remove")),
                "console-hosts-save"
            ),
        )
    }

    pub fn render(&self) -> String {
        let console = self.t("console-title");
        let sign_out = self
            .operator
            .as_ref()
            .map(|op| {
                format!(
                    "<form class=\"inline-form\" method=\"post\" action=\"/sign-out\">{}<span class=\"signed-in-as\">{}</span> \
                     <button class=\"link-button\" type=\"submit\">{}</button></form>",
                    self.hidden_csrf(),
                    esc(op),
                    self.t("console-sign-out")
                )
            })
            .unwrap_or_default();
        format!(
            "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title} – {console}</title>\
             <link rel=\"stylesheet\" href=\"/assets/main.css\"></head><body>\
             <a class=\"skip-link\" href=\"#main\">{skip}</a>\
             <header class=\"site-header\"><div class=\"wrap header-row\"><span class=\"brand\">{console}</span>{sign_out}</div></header>\
             <main id=\"main\" class=\"wrap\">{body}</main></body></html>",
            lang = self.locale.as_str(),
            title = self.title,
            skip = self.t("skip-to-content"),
            body = self.body,
        )
    }
}
