//! API tests: the real application on port 0, a fresh database per test, on SQLite and
//! on PostgreSQL. One binary, so it links once.

mod accountability;
mod accounts;
mod budgets;
mod city_moves;
mod city_settings;
mod city_sign_in;
mod console;
mod external;
mod faults;
mod hardening;
mod json_api;
mod language;
mod migrations;
mod notice;
mod openapi;
mod platform;
mod privacy;
mod process_roles;
mod proposals;
mod reports;
mod security;
mod shape;
mod tenancy;
mod throttles;
mod two_factor;
