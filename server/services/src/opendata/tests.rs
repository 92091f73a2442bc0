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
