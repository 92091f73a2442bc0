//! The `yoriai` server: configuration, the HTTP application (Leptos pages, server
//! functions, the JSON API, probes), middleware, the background worker and the CLI.

pub mod accountability_files;
pub mod api;
pub mod app;
pub mod budget_files;
pub mod city_css;
pub mod cli;
pub mod config;
pub mod console;
pub mod errors;
pub mod exports;
pub mod external_sign_in;
pub mod forms;
pub mod metrics;
pub mod middleware;
pub mod open311;
pub mod pb_cli;
pub mod privacy_files;
pub mod render_guard;
pub mod report_files;
pub mod routes;
pub mod seed;
pub mod server_fns;
pub mod state;
pub mod telemetry;
pub mod tenant_cli;
pub mod tenants;
pub mod uploads;
pub mod worker;

pub use app::{Application, BuildOptions};
pub use config::Config;
