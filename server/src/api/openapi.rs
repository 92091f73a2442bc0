//! The OpenAPI 3.1 document of `/api/v1`, served at `/api/v1/openapi.json`.
//! A test requests every path and method listed here, so the document cannot list
//! routes that do not exist.

use actix_web::HttpResponse;
use serde_json::{json, Value};

fn error_response(description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
}

fn id_param(description: &str) -> Value {
    json!({ "name": "id", "in": "path", "required": true, "description": description, "schema": { "type": "string" } })
}

fn query_param(name: &str, description: &str) -> Value {
    json!({ "name": name, "in": "query", "required": false, "description": description, "schema": { "type": "string" } })
}

pub fn spec() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Yoriai API",
            "version": "1",
            "description": "Citizen participation platform. Authenticate with the browser session cookie (state-changing requests with a cookie must send JSON or an X-CSRF-Token header) or with `Authorization: Bearer <personal access token>` (`yoriai admin create-token`). Errors carry a stable `code` and a `message` in the language of Accept-Language."
        },
        "servers": [{ "url": "/api/v1" }],
        "components": {
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer" },
                "session": { "type": "apiKey", "in": "cookie", "name": "yoriai_session" }
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
                "Me": {
                    "type": "object",
                    "required": ["id", "email", "display_name", "role", "locale", "email_confirmed"],
                    "properties": {
                        "id": { "type": "integer" },
                        "email": { "type": "string" },
                        "display_name": { "type": "string" },
                        "role": { "$ref": "#/components/schemas/Role" },
                        "locale": { "type": "string", "enum": ["ja", "en"] },
                        "email_confirmed": { "type": "boolean" }
                    }
                }
            }
        },
        "paths": {
            "/users": { "post": {
                "summary": "Sign up",
                "description": "Creates an account and emails a confirmation link. Answers 202 whether or not the address already has an account.",
                "requestBody": { "required": true, "content": { "application/json": { "schema": {
                    "type": "object", "required": ["email", "display_name", "password"],
                    "properties": { "email": { "type": "string" }, "display_name": { "type": "string" }, "password": { "type": "string" } } } } } },
                "responses": { "202": { "description": "Confirmation sent" }, "400": error_response("Malformed body"), "422": error_response("Invalid fields") }
            } },
            "/session": {
                "post": {
                    "summary": "Sign in",
                    "requestBody": { "required": true, "content": { "application/json": { "schema": {
                        "type": "object", "required": ["email", "password"],
                        "properties": { "email": { "type": "string" }, "password": { "type": "string" } } } } } },
                    "responses": {
                        "200": { "description": "Signed in; the session cookie is set" },
                        "401": error_response("Wrong email or password"),
                        "403": error_response("Email not confirmed"),
                        "429": error_response("Too many attempts")
                    }
                },
                "delete": {
                    "summary": "Sign out",
                    "responses": { "204": { "description": "Signed out" }, "401": error_response("Not signed in") }
                }
            },
            "/me": { "get": {
                "summary": "The current account",
                "security": [{ "bearer": [] }, { "session": [] }],
                "responses": { "200": { "description": "The account", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Me" } } } },
                               "401": error_response("Not signed in") }
            } },
            "/password-reset": { "post": {
                "summary": "Ask for a password reset link",
                "requestBody": { "required": true, "content": { "application/json": { "schema": {
                    "type": "object", "required": ["email"], "properties": { "email": { "type": "string" } } } } } },
                "responses": { "202": { "description": "Sent if the address has an account" }, "422": error_response("Invalid email") }
            } },
            "/openapi.json": { "get": { "summary": "This document", "responses": { "200": { "description": "OpenAPI document" } } } },
            "/processes": { "get": { "summary": "Participatory processes", "responses": { "200": { "description": "Published processes (all, for administrators)" } } } },
            "/processes/{id}": { "get": {
                "summary": "A process with its phases, categories and what the caller may do",
                "parameters": [id_param("Process id or slug")],
                "responses": { "200": { "description": "The process" }, "404": error_response("No such process") }
            } },
            "/processes/{id}/proposals": {
                "get": {
                    "summary": "Proposals of a process, one page at a time (keyset pagination)",
                    "parameters": [
                        id_param("Process id or slug"),
                        query_param("sort", "recent (default), supported, commented or random"),
                        query_param("state", "not_answered, evaluating, accepted, rejected, withdrawn or reached"),
                        query_param("category", "Category id"),
                        query_param("district", "District id"),
                        query_param("mine", "true: only the caller's"),
                        query_param("supported", "true: only those the caller supports"),
                        query_param("cursor", "next_cursor of the previous page"),
                        query_param("seed", "Seed of the random order")
                    ],
                    "responses": { "200": { "description": "{ proposals, next_cursor }" }, "404": error_response("No such process") }
                },
                "post": {
                    "summary": "Create a proposal (a draft unless \"publish\": true)",
                    "parameters": [id_param("Process id or slug")],
                    "requestBody": { "required": true, "content": { "application/json": { "schema": {
                        "type": "object", "required": ["title", "body"],
                        "properties": { "title": { "type": "string" }, "body": { "type": "string" }, "category_id": { "type": "integer" },
                            "district_id": { "type": "integer" }, "address": { "type": "string" }, "latitude": { "type": "number" },
                            "longitude": { "type": "number" }, "publish": { "type": "boolean" } } } } } },
                    "responses": { "201": { "description": "{ id }" }, "403": error_response("Proposals are closed"), "422": error_response("Invalid fields") }
                }
            },
            "/proposals/{id}": {
                "get": { "summary": "A proposal with its answer, comments and what the caller may do", "parameters": [id_param("Proposal id")],
                    "responses": { "200": { "description": "The proposal; `author` and each comment's `author` are a Byline" }, "404": error_response("No such proposal") } },
                "patch": { "summary": "Edit a draft, or a published proposal within its edit window", "parameters": [id_param("Proposal id")],
                    "responses": { "204": { "description": "Saved" }, "422": error_response("Invalid fields or edit window closed") } }
            },
            "/proposals/{id}/publish": { "post": { "summary": "Publish a draft", "parameters": [id_param("Proposal id")], "responses": { "204": { "description": "Published" } } } },
            "/proposals/{id}/withdraw": { "post": { "summary": "Withdraw a published proposal", "parameters": [id_param("Proposal id")], "responses": { "204": { "description": "Withdrawn" } } } },
            "/proposals/{id}/support": {
                "put": { "summary": "Support", "parameters": [id_param("Proposal id")],
                    "responses": { "200": { "description": "{ support_count, supports_left, counted }" }, "409": error_response("Already supported"), "422": error_response("Limit, threshold or phase") } },
                "delete": { "summary": "Withdraw the support", "parameters": [id_param("Proposal id")],
                    "responses": { "200": { "description": "{ support_count, supports_left }" }, "422": error_response("Not supported") } }
            },
            "/proposals/{id}/follow": {
                "put": { "summary": "Follow", "parameters": [id_param("Proposal id")], "responses": { "204": { "description": "Following" } } },
                "delete": { "summary": "Stop following", "parameters": [id_param("Proposal id")], "responses": { "204": { "description": "Not following" } } }
            },
            "/proposals/{id}/comments": {
                "get": { "summary": "Comments, in id order", "parameters": [id_param("Proposal id")], "responses": { "200": { "description": "Comments" } } },
                "post": { "summary": "Comment (stance in_favour, against or neutral; parent_id to reply)", "parameters": [id_param("Proposal id")],
                    "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["body"],
                        "properties": { "body": { "type": "string" }, "stance": { "type": "string" }, "parent_id": { "type": "integer" } } } } } },
                    "responses": { "201": { "description": "{ id }" }, "422": error_response("Comments closed or invalid") } }
            },
            "/proposals/{id}/answer": { "post": { "summary": "Official answer (administrators and valuators)", "parameters": [id_param("Proposal id")],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["state", "text"],
                    "properties": { "state": { "type": "string", "description": "evaluating, accepted, rejected or custom:<id>" }, "text": { "type": "string" },
                        "cost": { "type": "integer" }, "publish": { "type": "boolean" } } } } } },
                "responses": { "204": { "description": "Saved" }, "403": error_response("Not allowed") } } },
            "/proposals/{id}/report": { "post": { "summary": "Report the proposal, or one of its comments", "parameters": [id_param("Proposal id")],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["reason"],
                    "properties": { "reason": { "type": "string", "enum": ["spam", "offensive", "personal", "other"] }, "details": { "type": "string" },
                        "comment_id": { "type": "integer" } } } } } },
                "responses": { "200": { "description": "{ hidden }" }, "409": error_response("Already reported") } } }
        }
    })
}

pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(spec())
}
