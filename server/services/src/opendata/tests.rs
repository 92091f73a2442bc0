use super::*;

#[test]
fn csv_lines_type_their_cells() {
    let line = csv_line(&[
        Cell::Int(Some(-3)),
        Cell::Text(Some("=SUM(A1)".into())),
        Cell::Text(None),
        Cell::Bool(true),
        Cell::Num(Some(1.5)),
    ]);
    assert_eq!(line, "-3,\"'=SUM(A1)\",,true,1.5\r\n");
}

#[test]
fn every_dataset_has_unique_documented_fields() {
    for d in datasets() {
        let mut names: Vec<&str> = d.fields.iter().map(|f| f.0).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), d.fields.len(), "{}", d.name);
        for f in d.fields {
            assert!(["integer", "number", "string", "boolean", "datetime"].contains(&f.1), "{}", f.0);
            assert!(!f.3.is_empty(), "{}.{} has no description", d.name, f.0);
        }
    }
}

#[test]
fn one_export_per_city_at_a_time_and_cities_do_not_wait_for_each_other() {
    use super::Running;
    let (a, b) =
        (std::path::Path::new("/tmp/yoriai-test-a/open-data"), std::path::Path::new("/tmp/yoriai-test-b/open-data"));
    let first = Running::claim(a).expect("a free folder is claimed");
    assert!(Running::claim(a).is_none(), "a second export of the same city is refused");
    let other = Running::claim(b).expect("another city exports meanwhile");
    let c = std::path::Path::new("/tmp/yoriai-test-c/open-data");
    assert!(Running::claim(c).is_none(), "no more than MAX_PARALLEL exports at once");
    drop(first);
    assert!(Running::claim(a).is_some(), "the folder is free again once the export ends");
    drop(other);
}
