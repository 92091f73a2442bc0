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
