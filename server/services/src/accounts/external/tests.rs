use super::*;

#[test]
fn provider_ids_are_safe_in_a_path() {
    assert!(ExternalProvider::valid_id("line"));
    assert!(ExternalProvider::valid_id("city-idp_2"));
    assert!(!ExternalProvider::valid_id(""));
    assert!(!ExternalProvider::valid_id("Google"));
    assert!(!ExternalProvider::valid_id("a/b"));
    assert!(!ExternalProvider::valid_id(&"x".repeat(33)));
}

#[test]
fn debug_output_hides_the_client_secret() {
    let p = ExternalProvider {
        id: "line".into(),
        label: "LINE".into(),
        issuer: "https://access.line.me".into(),
        client_id: "123".into(),
        client_secret: Some("very-secret".into()),
        scopes: vec![],
        extra_algs: vec![],
        public_only: false,
    };
    assert!(!format!("{p:?}").contains("very-secret"));
}

#[test]
fn the_none_algorithm_is_never_allowed() {
    let p = ExternalProvider {
        id: "x".into(),
        label: "X".into(),
        issuer: "https://idp.example".into(),
        client_id: "c".into(),
        client_secret: None,
        scopes: vec![],
        extra_algs: vec!["none".into(), "HS256".into()],
        public_only: false,
    };
    let json = serde_json::json!({
        "issuer": "https://idp.example",
        "authorization_endpoint": "https://idp.example/auth",
        "jwks_uri": "https://idp.example/jwks",
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256", "none"]
    });
    let meta: CoreProviderMetadata = serde_json::from_value(json).unwrap();
    let algs = allowed_algs(&p, &meta);
    assert!(algs.contains(&CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256));
    assert!(algs.contains(&CoreJwsSigningAlgorithm::HmacSha256));
    assert!(!algs.contains(&CoreJwsSigningAlgorithm::None));
}

#[test]
fn issuers_are_plain_https_addresses_safe_in_a_policy() {
    let settings =
        |issuer: &str| ProviderSettings { issuer: Some(issuer.into()), client_id: "c".into(), ..Default::default() };
    for good in ["https://id.city.example", "https://id.city.example:8443/realms/aizu/"] {
        assert!(ExternalProvider::resolve("city", settings(good), false).is_ok(), "{good}");
    }
    for bad in [
        "http://id.city.example",
        "https://evil.example#a; frame-ancestors https:",
        "https://evil.example/?x=1",
        "https://user:pw@evil.example",
        "https://evil.example/\u{1}",
        "https://",
        "ftp://id.city.example",
        "http://localhost:8080",
    ] {
        let wrong = ExternalProvider::resolve("city", settings(bad), false).unwrap_err();
        assert_eq!(wrong, vec![("issuer", ErrorCode::UrlNotHttps)], "{bad}");
    }
    assert!(ExternalProvider::resolve("city", settings("http://localhost:8080"), true).is_ok());
    let a = ExternalProvider::resolve("a", settings("https://Id.Example:443/x"), false).unwrap();
    let b = ExternalProvider::resolve("b", settings("https://id.example/y"), false).unwrap();
    assert_eq!(form_origins([&a, &b]), " https://id.example", "one origin, host lowercased, default port dropped");
}

#[test]
fn only_public_addresses_count_as_public() {
    for private in [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "::1",
        "fc00::1",
        "fe80::1",
        "::ffff:10.0.0.1",
    ] {
        assert!(!is_public(private.parse().unwrap()), "{private}");
    }
    for public in ["8.8.8.8", "133.242.0.1", "2001:4860:4860::8888"] {
        assert!(is_public(public.parse().unwrap()), "{public}");
    }
}
