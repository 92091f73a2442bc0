use super::*;

#[test]
fn ids_are_short_lowercase_names() {
    assert!(TenantId::parse("aizu").is_ok());
    assert!(TenantId::parse("kitakata_2").is_ok());
    for bad in ["", "a", "Aizu", "1aizu", "aizu-wakamatsu", "t;drop", "aizu wakamatsu", &"a".repeat(31)] {
        assert!(TenantId::parse(bad).is_err(), "{bad:?}");
    }
    assert_eq!(TenantId::parse("aizu").unwrap().schema(), "t_aizu");
    assert_eq!(TenantId::main().schema(), "public");
}

#[test]
fn hosts_are_normalised_and_checked() {
    assert_eq!(normalize_host("Aizu.Yoriai.Example.").unwrap(), "aizu.yoriai.example");
    assert_eq!(normalize_host("127.0.0.1").unwrap(), "127.0.0.1");
    for bad in ["", "a..b", "-a.example", "a_b.example", "a b", "é.example", &format!("{}.jp", "a".repeat(64))] {
        assert!(normalize_host(bad).is_err(), "{bad:?}");
    }
    assert!(normalize_host(&"a.".repeat(130)).is_err());
    assert_eq!(request_host("A.localhost:8080").as_deref(), Some("a.localhost"));
    assert_eq!(request_host("a.localhost").as_deref(), Some("a.localhost"));
    assert_eq!(request_host("[::1]:8080"), None);
    assert_eq!(request_host(&"a".repeat(300)), None);
}

#[test]
fn a_city_connection_sees_only_its_schema() {
    assert_eq!(with_search_path("postgres://u@h/db", "t_aizu"), "postgres://u@h/db?options=-c%20search_path%3Dt_aizu");
    assert_eq!(
        with_search_path("postgres://u@h/db?sslmode=disable", "t_aizu"),
        "postgres://u@h/db?sslmode=disable&options=-c%20search_path%3Dt_aizu"
    );
    let dir = Path::new("/srv/yoriai");
    let aizu = TenantId::parse("aizu").unwrap();
    assert_eq!(tenant_url("/srv/yoriai/yoriai.db", dir, &aizu), "/srv/yoriai/tenants/aizu/yoriai.db");
    assert_eq!(tenant_url("/srv/yoriai/yoriai.db", dir, &TenantId::main()), "/srv/yoriai/yoriai.db");
    assert_eq!(control_url("/srv/yoriai/yoriai.db", dir), "/srv/yoriai/control.db");
}
