// figment::Jail's closures return its large error type; that is its API, not ours.
#![allow(clippy::result_large_err)]

use super::*;

#[test]
fn the_defaults_are_valid_and_need_no_file() {
    let c = Config::default();
    c.validate().unwrap();
    assert_eq!(c.bind_addr().unwrap().to_string(), "127.0.0.1:8080");
    assert!(c.database_url().ends_with("yoriai.db"));
}

#[test]
fn production_without_a_secret_key_is_refused_with_a_clear_message() {
    let c = Config {
        environment: Environment::Production,
        public_url: Some("https://city.example".into()),
        ..Config::default()
    };
    let err = c.validate().unwrap_err();
    assert!(err.contains("secret_key: required in production"), "{err}");
}

#[test]
fn a_short_secret_and_a_bad_bind_are_both_reported() {
    let c = Config { secret_key: Some(Secret::new("short")), bind: "nowhere".into(), ..Config::default() };
    let err = c.validate().unwrap_err();
    assert!(err.contains("secret_key: too short"), "{err}");
    assert!(err.contains("bind:"), "{err}");
}

#[test]
fn secrets_never_appear_in_debug_output() {
    let c = Config { secret_key: Some(Secret::new("x".repeat(40))), ..Config::default() };
    assert!(!format!("{c:?}").contains("xxxx"));
}

#[test]
fn oidc_providers_come_from_the_environment_with_presets() {
    figment::Jail::expect_with(|jail| {
        jail.set_env("YORIAI_OIDC__LINE__CLIENT_ID", "1650000000");
        jail.set_env("YORIAI_OIDC__LINE__CLIENT_SECRET", "90210");
        jail.set_env("YORIAI_OIDC__CITY__ISSUER", "https://id.city.example/");
        jail.set_env("YORIAI_OIDC__CITY__CLIENT_ID", "yoriai");
        jail.set_env("YORIAI_OIDC__CITY__LABEL", "City ID");
        let c = Config::load(&Overrides::default()).unwrap();
        c.validate().unwrap();
        let providers = c.external_providers().unwrap();
        let city = providers.iter().find(|p| p.id == "city").unwrap();
        assert_eq!((city.issuer.as_str(), city.label.as_str()), ("https://id.city.example", "City ID"));
        assert_eq!(city.scopes, ["email", "profile"]);
        let line = providers.iter().find(|p| p.id == "line").unwrap();
        assert_eq!((line.issuer.as_str(), line.label.as_str()), ("https://access.line.me", "LINE"));
        assert_eq!(line.client_secret.as_deref(), Some("90210"));
        assert!(!format!("{c:?}").contains("90210"));
        Ok(())
    });
}

#[test]
fn an_oidc_provider_without_issuer_or_client_is_refused() {
    figment::Jail::expect_with(|jail| {
        jail.set_env("YORIAI_OIDC__CITY__LABEL", "City ID");
        jail.set_env("YORIAI_OIDC__PLAIN__ISSUER", "http://id.example");
        jail.set_env("YORIAI_OIDC__PLAIN__CLIENT_ID", "x");
        let err = Config::load(&Overrides::default()).unwrap().validate().unwrap_err();
        assert!(err.contains("oidc.city.issuer: required"), "{err}");
        assert!(err.contains("oidc.city.client_id: required"), "{err}");
        assert!(err.contains("oidc.plain.issuer: must be an https:// URL"), "{err}");
        Ok(())
    });
}

#[test]
fn public_url_defaults_to_the_bound_address() {
    let c = Config::default();
    assert_eq!(c.public_url_for("0.0.0.0:8080".parse().unwrap()), "http://127.0.0.1:8080");
    let c = Config { public_url: Some("https://yoriai.city.example/".into()), ..Config::default() };
    assert_eq!(c.public_url_for("0.0.0.0:8080".parse().unwrap()), "https://yoriai.city.example");
}

#[test]
fn file_then_environment_then_flags_override_each_other() {
    figment::Jail::expect_with(|jail| {
        jail.create_file(
            "yoriai.toml",
            "bind = \"127.0.0.1:9000\"\nlog_level = \"debug\"\n[smtp]\nurl = \"smtp://localhost:2525\"\n",
        )?;
        jail.set_env("YORIAI_LOG_LEVEL", "warn");
        jail.set_env("DATABASE_URL", "postgres://db/yoriai");
        let c = Config::load(&Overrides { config_file: Some("yoriai.toml".into()), bind: None, ..Default::default() })
            .unwrap();
        assert_eq!(c.bind, "127.0.0.1:9000");
        assert_eq!(c.log_level, "warn");
        assert_eq!(c.database_url(), "postgres://db/yoriai");
        assert_eq!(c.smtp.url.as_ref().map(|u| u.expose().to_owned()), Some("smtp://localhost:2525".into()));
        let c = Config::load(&Overrides {
            config_file: Some("yoriai.toml".into()),
            bind: Some("127.0.0.1:9100".into()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(c.bind, "127.0.0.1:9100");
        Ok(())
    });
}

#[test]
fn a_typo_in_a_value_names_the_setting() {
    figment::Jail::expect_with(|jail| {
        jail.set_env("YORIAI_POOL_SIZE", "many");
        let err = Config::load(&Overrides::default()).unwrap_err();
        assert!(err.to_lowercase().contains("pool_size"), "{err}");
        Ok(())
    });
}
