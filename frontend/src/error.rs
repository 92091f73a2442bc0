//! The error every server function returns: a domain rejection (translated on the
//! page) or an opaque internal error with a reference, plus the values to put back into
//! the form when the browser had no JavaScript and came back through a redirect.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use yoriai_domain::{ErrorCode, FieldError, Rejection};
use yoriai_i18n::{Arg, Locale};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{code}")]
pub struct AppError {
    pub code: ErrorCode,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(String, i64)>,
    /// What the person typed (never passwords), to refill the form.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<(String, String)>,
    /// For internal errors: the reference to quote to support.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl AppError {
    pub fn new(code: ErrorCode) -> Self {
        AppError { code, fields: Vec::new(), args: Vec::new(), values: Vec::new(), request_id: None }
    }

    pub fn from_rejection(r: Rejection) -> Self {
        AppError { code: r.code, fields: r.fields, args: r.args, values: Vec::new(), request_id: None }
    }

    pub fn with_values(mut self, values: Vec<(String, String)>) -> Self {
        self.values = values;
        self
    }

    pub fn field(&self, name: &str) -> Option<&FieldError> {
        self.fields.iter().find(|f| f.field == name)
    }

    pub fn value(&self, name: &str) -> Option<&str> {
        self.values.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    fn args_for(args: &[(String, i64)]) -> Vec<(&str, Arg)> {
        args.iter().map(|(k, v)| (k.as_str(), Arg::Num(*v))).collect()
    }

    /// The whole request's message, translated.
    pub fn message(&self, locale: Locale) -> String {
        yoriai_i18n::t_args(locale, &self.code.message_key(), &Self::args_for(&self.args))
    }

    /// A field's message, translated.
    pub fn field_message(locale: Locale, error: &FieldError) -> String {
        yoriai_i18n::t_args(locale, &error.code.message_key(), &Self::args_for(&error.args))
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let code = match value {
            // A body over the size limit (actix's "payload reached size limit").
            ServerFnErrorErr::Deserialization(m) if m.contains("size limit") => ErrorCode::RequestTooLarge,
            // Malformed or missing fields, a body that is not a form, a wrong method:
            // the request's fault. (In the browser, an answer it cannot decode is ours.)
            ServerFnErrorErr::Deserialization(_) if !cfg!(feature = "ssr") => ErrorCode::Internal,
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Serialization(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::UnsupportedRequestMethod(_) => ErrorCode::InvalidInput,
            // The browser could not reach us.
            ServerFnErrorErr::Request(_) => ErrorCode::Unavailable,
            _ => ErrorCode::Internal,
        };
        AppError::new(code)
    }
}
