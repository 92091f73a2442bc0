//! The OpenAPI 3.1 document of `/api/v1`, served at `/api/v1/openapi.json`.
//! A test requests every path and method listed here, so the document cannot list
//! routes that do not exist.

use actix_web::HttpResponse;
use serde_json::{json, Map, Value};
use yoriai_domain::{email::EMAIL_MAX_LEN, password};

/// A reference to one of the shared error answers in `components.responses`.
fn err(name: &str) -> Value {
    json!({ "$ref": format!("#/components/responses/{name}") })
}

/// The answers of an operation: its own successes, the shared errors named, and
/// `503 Unavailable`, which any operation gives while the database cannot be reached.
fn responses(success: Value, errors: &[(&str, &str)]) -> Value {
    let mut all: Map<String, Value> = success.as_object().cloned().unwrap_or_default();
    for (status, name) in errors {
        all.insert((*status).to_owned(), err(name));
    }
    all.insert("503".into(), err("Unavailable"));
    Value::Object(all)
}

/// A JSON success answer with `schema`.
fn ok(description: &str, schema: Value) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": schema } } })
}

/// An integer as the server reads it (a signed 64-bit number).
fn int64() -> Value {
    json!({ "type": "integer", "format": "int64", "minimum": i64::MIN, "maximum": i64::MAX })
}

fn nullable_int64(description: &str) -> Value {
    json!({ "type": ["integer", "null"], "format": "int64", "minimum": i64::MIN, "maximum": i64::MAX, "description": description })
}

fn id_param(description: &str) -> Value {
    let mut schema = int64();
    schema["example"] = json!(1);
    json!({ "name": "id", "in": "path", "required": true, "description": description, "schema": schema })
}

fn key_param(description: &str) -> Value {
    json!({ "name": "id", "in": "path", "required": true, "description": description,
            "schema": { "type": "string", "minLength": 1, "example": "1" } })
}

fn query_param(name: &str, description: &str, schema: Value) -> Value {
    json!({ "name": name, "in": "query", "required": false, "description": description, "schema": schema })
}

fn json_body(schema: Value) -> Value {
    json!({ "required": true, "content": { "application/json": { "schema": schema } } })
}

const AUTH: &[(&str, &str)] = &[("401", "Unauthorized"), ("403", "Forbidden")];

fn with(
    base: &[(&'static str, &'static str)],
    more: &[(&'static str, &'static str)],
) -> Vec<(&'static str, &'static str)> {
    base.iter().chain(more).copied().collect()
}

fn retry_after() -> Value {
    json!({ "Retry-After": { "required": true, "description": "Seconds to wait before trying again",
                             "schema": { "type": "string", "pattern": "^[0-9]+$" } } })
}

fn error_answer(description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
}

fn components() -> Value {
    let mut too_many = error_answer("Too many attempts; wait as long as Retry-After says");
    too_many["headers"] = retry_after();
    let mut unavailable =
        error_answer("The service cannot answer now (database unreachable, pool busy); try again after Retry-After");
    unavailable["headers"] = retry_after();
    json!({
        "securitySchemes": {
            "bearer": { "type": "http", "scheme": "bearer" },
            "session": { "type": "apiKey", "in": "cookie", "name": "yoriai_session" }
        },
        "responses": {
            "BadRequest": error_answer("The request could not be read: malformed JSON, a value of the wrong type or an unknown value (code invalid_input)"),
            "Unauthorized": error_answer("Not signed in, or wrong credentials"),
            "Forbidden": error_answer("Signed in but not allowed (role, phase, blocked account, unconfirmed email, missing CSRF token)"),
            "NotFound": error_answer("No such item, or not visible to the caller"),
            "Conflict": error_answer("Already done (already supported, already reported)"),
            "TooLarge": error_answer("The body is over 64 KiB (code request_too_large)"),
            "Unprocessable": error_answer("Well formed but refused: `fields` says which field and why"),
            "TooMany": too_many,
            "Unavailable": unavailable
        },
        "schemas": {
            "Byline": {
                "type": "object",
                "description": "How the author of a proposal or comment appears (the `author` field): their display name, or a pseudonym of this process when they chose one (`Participant <pseudonym>`); neither means a deleted participant. `verified` only when they chose to show it.",
                "required": ["verified"],
                "properties": {
                    "name": { "type": ["string", "null"] },
                    "pseudonym": { "type": ["string", "null"], "description": "Eight letters and digits, the same within one process, unrelated across processes." },
                    "verified": { "type": "boolean" }
                }
            },
            "Error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": { "type": "string", "description": "Stable machine-readable code, e.g. invalid_credentials." },
                    "message": { "type": "string", "description": "Human-readable, translated." },
                    "fields": { "type": "array", "items": { "type": "object", "required": ["field", "code", "message"],
                        "properties": { "field": { "type": "string" }, "code": { "type": "string" }, "message": { "type": "string" } } } },
                    "request_id": { "type": "string", "description": "Reference for internal errors." }
                }
            },
            "Role": { "type": "string", "enum": ["resident", "moderator", "department_staff", "valuator", "council_secretary", "admin"] },
            "Locale": { "type": "string", "enum": ["ja", "en"] },
            "Me": {
                "type": "object",
                "required": ["id", "email", "display_name", "role", "locale", "email_confirmed"],
                "properties": {
                    "id": { "type": "integer" },
                    "email": { "type": "string" },
                    "display_name": { "type": "string" },
                    "role": { "$ref": "#/components/schemas/Role" },
                    "locale": { "$ref": "#/components/schemas/Locale" },
                    "email_confirmed": { "type": "boolean" }
                }
            },
            "SignedIn": {
                "type": "object",
                "required": ["id", "display_name", "role"],
                "properties": {
                    "id": { "type": "integer" },
                    "display_name": { "type": "string" },
                    "role": { "$ref": "#/components/schemas/Role" },
                    "locale": { "oneOf": [{ "$ref": "#/components/schemas/Locale" }, { "type": "null" }] }
                }
            },
            "Status": { "type": "object", "required": ["status"], "properties": { "status": { "type": "string" } } },
            "Created": { "type": "object", "required": ["id"], "properties": { "id": { "type": "integer" } } },
            "ProposalInput": {
                "type": "object", "required": ["title", "body"],
                "description": "Texts are counted after trimming spaces at either end. The process's categories, districts, open phase and map area decide the rest (422 with `fields` otherwise).",
                "properties": {
                    "title": { "type": "string", "minLength": 1, "description": "5 to 150 characters" },
                    "body": { "type": "string", "minLength": 1, "description": "15 to 10,000 characters" },
                    "category_id": nullable_int64("A category of the process"),
                    "district_id": nullable_int64("A district of the city"),
                    "address": { "type": ["string", "null"], "description": "Up to 300 characters" },
                    "latitude": { "type": ["number", "null"], "description": "With longitude, inside the city's map area" },
                    "longitude": { "type": ["number", "null"], "description": "With latitude" },
                    "publish": { "type": "boolean", "description": "Publish at once (one transaction: nothing is left behind if publishing is refused)" }
                }
            }
        }
    })
}

pub fn spec() -> Value {
    let id_errors: &[(&str, &str)] = &[("400", "BadRequest"), ("404", "NotFound")];
    let body_errors: &[(&str, &str)] = &[("400", "BadRequest"), ("413", "TooLarge"), ("422", "Unprocessable")];
    let proposal_op = |more: &[(&'static str, &'static str)]| with(&with(AUTH, id_errors), more);
    let datasets: Vec<&str> = yoriai_services::features::datasets().map(|d| d.name).collect();
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Yoriai API",
            "version": "1",
            "description": "Citizen participation platform. Authenticate with the browser session cookie (state-changing requests with a cookie must send JSON or an X-CSRF-Token header) or with `Authorization: Bearer <personal access token>` (`yoriai admin create-token`). Errors carry a stable `code` and a `message` in the language of Accept-Language. A method a path does not take is answered 405 with `Allow`."
        },
        "servers": [{ "url": "/api/v1" }],
        "components": components(),
        "paths": {
            "/users": { "post": {
                "operationId": "sign_up",
                "summary": "Sign up",
                "description": "Creates an account and emails a confirmation link. Answers 202 whether or not the address already has an account. The password must also not be easy to guess or made of the address or name (422).",
                "requestBody": json_body(json!({
                    "type": "object", "required": ["email", "display_name", "password"],
                    "properties": {
                        "email": { "type": "string", "format": "email", "maxLength": EMAIL_MAX_LEN },
                        "display_name": { "type": "string", "minLength": 1, "description": "Up to 50 characters once runs of spaces are collapsed; no control characters, < or >" },
                        "password": { "type": "string", "minLength": password::PASSWORD_MIN_CHARS, "maxLength": password::PASSWORD_MAX_CHARS } } })),
                "responses": responses(json!({ "202": ok("Confirmation sent", json!({ "$ref": "#/components/schemas/Status" })) }),
                    &with(body_errors, &[("429", "TooMany")]))
            } },
            "/session": {
                "post": {
                "operationId": "sign_in",
                    "summary": "Sign in",
                    "description": "Accounts with two-step sign-in send the authenticator app's `code` in the same request.",
                    "requestBody": json_body(json!({
                        "type": "object", "required": ["email", "password"],
                        "properties": { "email": { "type": "string", "format": "email", "maxLength": EMAIL_MAX_LEN },
                                        "password": { "type": "string", "minLength": 1 },
                                        "code": { "type": ["string", "null"] } } })),
                    "responses": responses(
                        json!({ "200": ok("Signed in; the session cookie is set", json!({ "$ref": "#/components/schemas/SignedIn" })) }),
                        &with(body_errors, &[("401", "Unauthorized"), ("403", "Forbidden"), ("429", "TooMany")]))
                },
                "delete": {
                    "operationId": "sign_out", "summary": "Sign out (ends the cookie session; a bearer token has none to end)",
                    "responses": responses(json!({ "204": { "description": "Signed out" } }), &[("401", "Unauthorized")])
                }
            },
            "/me": { "get": {
                "operationId": "me",
                "summary": "The current account",
                "security": [{ "bearer": [] }, { "session": [] }],
                "responses": responses(json!({ "200": ok("The account", json!({ "$ref": "#/components/schemas/Me" })) }), &[("401", "Unauthorized")])
            } },
            "/password-reset": { "post": {
                "operationId": "password_reset",
                "summary": "Ask for a password reset link",
                "requestBody": json_body(json!({
                    "type": "object", "required": ["email"],
                    "properties": { "email": { "type": "string", "format": "email", "maxLength": EMAIL_MAX_LEN } } })),
                "responses": responses(json!({ "202": ok("Sent if the address has an account", json!({ "$ref": "#/components/schemas/Status" })) }),
                    &with(body_errors, &[("429", "TooMany")]))
            } },
            "/openapi.json": { "get": { "operationId": "openapi", "summary": "This document",
                "responses": responses(json!({ "200": ok("OpenAPI document", json!({ "type": "object" })) }), &[]) } },
            "/open-data/{dataset}": { "get": {
                "operationId": "open_data",
                "summary": "One page of an open-data set (the same rows as the CSV archive)",
                "parameters": [
                    { "name": "dataset", "in": "path", "required": true, "schema": { "type": "string", "enum": datasets } },
                    query_param("after", "The `next` page starts after this row number (0 by default; below 0 counts as 0)", int64()),
                    query_param("limit", "Rows per page, 1 to 1,000 (100 by default; values outside are brought inside)", int64())
                ],
                "responses": responses(json!({ "200": ok("A page of rows", json!({
                    "type": "object", "required": ["dataset", "data", "next"],
                    "properties": { "dataset": { "type": "string" }, "data": { "type": "array", "items": { "type": "object" } },
                                    "next": { "type": ["string", "null"], "description": "Path of the next page" } } })) }),
                    &[("400", "BadRequest"), ("404", "NotFound")])
            } },
            "/processes": { "get": { "operationId": "list_processes", "summary": "Participatory processes",
                "responses": responses(json!({ "200": ok("Published processes (all, for administrators)", json!({ "type": "array", "items": { "type": "object" } })) }), &[]) } },
            "/processes/{id}": { "get": {
                "operationId": "get_process",
                "summary": "A process with its phases, categories and what the caller may do",
                "parameters": [key_param("Process id or slug")],
                "responses": responses(json!({ "200": ok("The process", json!({ "type": "object" })) }), &[("404", "NotFound")])
            } },
            "/processes/{id}/proposals": {
                "get": {
                "operationId": "list_proposals",
                    "summary": "Proposals of a process, one page at a time (keyset pagination)",
                    "parameters": [
                        key_param("Process id or slug"),
                        query_param("sort", "Order (recent by default)", json!({ "type": "string", "enum": ["recent", "supported", "commented", "random"] })),
                        query_param("state", "Only proposals in this state (every published one by default)",
                            json!({ "type": "string", "enum": ["not_answered", "evaluating", "accepted", "rejected", "withdrawn", "reached"] })),
                        query_param("category", "Category id", int64()),
                        query_param("district", "District id", int64()),
                        query_param("mine", "Only the caller's", json!({ "type": "boolean" })),
                        query_param("supported", "Only those the caller supports", json!({ "type": "boolean" })),
                        query_param("cursor", "next_cursor of the previous page, as given (anything else starts from the first page)", json!({ "type": "string" })),
                        query_param("seed", "Seed of the random order", json!({ "type": "integer", "format": "int32", "minimum": i32::MIN, "maximum": i32::MAX }))
                    ],
                    "responses": responses(json!({ "200": ok("A page of proposals", json!({
                        "type": "object", "required": ["proposals", "next_cursor"],
                        "properties": { "proposals": { "type": "array", "items": { "type": "object" } }, "next_cursor": { "type": ["string", "null"] } } })) }),
                        &[("400", "BadRequest"), ("404", "NotFound")])
                },
                "post": {
                    "operationId": "create_proposal", "summary": "Create a proposal (a draft unless \"publish\": true)",
                    "parameters": [key_param("Process id or slug")],
                    "requestBody": json_body(json!({ "$ref": "#/components/schemas/ProposalInput" })),
                    "responses": {
                        "201": { "description": "Created", "headers": { "Location": { "required": true, "schema": { "type": "string" } } },
                                 "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Created" } } } },
                        "400": err("BadRequest"), "401": err("Unauthorized"), "403": err("Forbidden"), "404": err("NotFound"),
                        "413": err("TooLarge"), "422": err("Unprocessable"), "503": err("Unavailable")
                    }
                }
            },
            "/proposals/{id}": {
                "get": { "operationId": "get_proposal", "summary": "A proposal with its answer, comments and what the caller may do", "parameters": [id_param("Proposal id")],
                    "responses": responses(json!({ "200": ok("The proposal; `author` and each comment's `author` are a Byline", json!({ "type": "object" })) }), id_errors) },
                "patch": { "operationId": "update_proposal", "summary": "Edit a draft, or a published proposal within its edit window", "parameters": [id_param("Proposal id")],
                    "requestBody": json_body(json!({ "$ref": "#/components/schemas/ProposalInput" })),
                    "responses": responses(json!({ "204": { "description": "Saved" } }), &proposal_op(&[("413", "TooLarge"), ("422", "Unprocessable")])) }
            },
            "/proposals/{id}/publish": { "post": { "operationId": "publish_proposal", "summary": "Publish a draft", "parameters": [id_param("Proposal id")],
                "responses": responses(json!({ "204": { "description": "Published" } }), &proposal_op(&[("422", "Unprocessable")])) } },
            "/proposals/{id}/withdraw": { "post": { "operationId": "withdraw_proposal", "summary": "Withdraw a published proposal", "parameters": [id_param("Proposal id")],
                "responses": responses(json!({ "204": { "description": "Withdrawn" } }), &proposal_op(&[("422", "Unprocessable")])) } },
            "/proposals/{id}/support": {
                "put": { "operationId": "support", "summary": "Support", "parameters": [id_param("Proposal id")],
                    "responses": responses(json!({ "200": ok("Supported", json!({ "type": "object", "required": ["support_count", "counted"],
                        "properties": { "support_count": { "type": "integer" }, "supports_left": { "type": ["integer", "null"] }, "counted": { "type": "boolean" } } })) }),
                        &proposal_op(&[("409", "Conflict"), ("422", "Unprocessable")])) },
                "delete": { "operationId": "unsupport", "summary": "Withdraw the support", "parameters": [id_param("Proposal id")],
                    "responses": responses(json!({ "200": ok("Support withdrawn", json!({ "type": "object", "required": ["support_count"],
                        "properties": { "support_count": { "type": "integer" }, "supports_left": { "type": ["integer", "null"] } } })) }),
                        &proposal_op(&[("422", "Unprocessable")])) }
            },
            "/proposals/{id}/follow": {
                "put": { "operationId": "follow", "summary": "Follow", "parameters": [id_param("Proposal id")],
                    "responses": responses(json!({ "204": { "description": "Following" } }), &proposal_op(&[("422", "Unprocessable")])) },
                "delete": { "operationId": "unfollow", "summary": "Stop following", "parameters": [id_param("Proposal id")],
                    "responses": responses(json!({ "204": { "description": "Not following" } }), &proposal_op(&[("422", "Unprocessable")])) }
            },
            "/proposals/{id}/comments": {
                "get": { "operationId": "list_comments", "summary": "Comments, in id order", "parameters": [id_param("Proposal id")],
                    "responses": responses(json!({ "200": ok("Comments", json!({ "type": "array", "items": { "type": "object" } })) }), id_errors) },
                "post": { "operationId": "comment", "summary": "Comment, or reply with parent_id", "parameters": [id_param("Proposal id")],
                    "requestBody": json_body(json!({ "type": "object", "required": ["body"],
                        "properties": { "body": { "type": "string", "minLength": 1, "description": "Up to 4,000 characters" },
                                        "stance": { "type": ["string", "null"], "enum": ["in_favour", "against", "neutral", "", null] },
                                        "parent_id": nullable_int64("The comment replied to (replies nest three deep)") } })),
                    "responses": responses(json!({ "201": ok("Created", json!({ "$ref": "#/components/schemas/Created" })) }),
                        &proposal_op(&[("413", "TooLarge"), ("422", "Unprocessable")])) }
            },
            "/proposals/{id}/answer": { "post": { "operationId": "answer", "summary": "Official answer (administrators and valuators)", "parameters": [id_param("Proposal id")],
                "requestBody": json_body(json!({ "type": "object", "required": ["state", "text"],
                    "properties": { "state": { "type": "string", "pattern": "^(evaluating|accepted|rejected|custom:[0-9]+)$",
                                               "description": "evaluating, accepted, rejected or custom:<id> (a state the administrators defined)" },
                        "text": { "type": "string" },
                        "cost": nullable_int64("Estimated cost in yen"), "publish": { "type": "boolean" } } })),
                "responses": responses(json!({ "204": { "description": "Saved" } }), &proposal_op(&[("413", "TooLarge"), ("422", "Unprocessable")])) } },
            "/proposals/{id}/report": { "post": { "operationId": "report", "summary": "Report the proposal, or one of its comments", "parameters": [id_param("Proposal id")],
                "requestBody": json_body(json!({ "type": "object", "required": ["reason"],
                    "properties": { "reason": { "type": "string", "enum": ["spam", "offensive", "personal", "other"] },
                        "details": { "type": ["string", "null"] }, "comment_id": nullable_int64("A comment of this proposal") } })),
                "responses": responses(json!({ "200": ok("Reported", json!({ "type": "object", "required": ["hidden"], "properties": { "hidden": { "type": "boolean" } } })) }),
                    &proposal_op(&[("409", "Conflict"), ("413", "TooLarge"), ("422", "Unprocessable")])) } }
        }
    })
}

pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(spec())
}
