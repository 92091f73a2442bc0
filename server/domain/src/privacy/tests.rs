use super::*;

fn consent(purpose: Purpose, granted: bool, version: i32) -> Consent {
    Consent { purpose, granted, notice_version: version }
}

fn state(consents: &[Consent]) -> ConsentState {
    ConsentState { terms: Terms::default(), consents: consents.to_vec() }
}

#[test]
fn every_purpose_is_off_without_a_record() {
    for p in Purpose::ALL {
        assert!(!state(&[]).granted(p));
        for a in p.uses() {
            assert!(!state(&[]).may_use(p, *a));
        }
    }
}

#[test]
fn a_granted_purpose_reads_only_its_own_attributes() {
    let c = state(&[consent(Purpose::ForYou, true, FIRST_NOTICE_VERSION)]);
    assert!(c.may_use(Purpose::ForYou, Attribute::District));
    assert!(c.may_use(Purpose::ForYou, Attribute::Interests));
    assert!(!c.may_use(Purpose::ForYou, Attribute::AgeBand));
    assert!(!c.may_use(Purpose::BudgetEligibility, Attribute::District));
    assert_eq!(c.granted_purposes(), vec![Purpose::ForYou]);
}

#[test]
fn a_withdrawn_consent_is_off() {
    assert!(!state(&[consent(Purpose::ForYou, false, FIRST_NOTICE_VERSION)]).granted(Purpose::ForYou));
}

#[test]
fn widening_a_purpose_asks_again_and_only_for_that_purpose() {
    let v1 = Terms::default();
    let v2 = v1.next(&[Purpose::Accessibility], &[]);
    assert_eq!(v2.version, 2);
    assert_eq!(v2.widened_in(Purpose::Accessibility), 2);
    assert_eq!(v2.widened_in(Purpose::ForYou), 1);
    let c = ConsentState {
        terms: v2.clone(),
        consents: vec![consent(Purpose::Accessibility, true, 1), consent(Purpose::ForYou, true, 1)],
    };
    assert!(!c.granted(Purpose::Accessibility));
    assert!(c.granted(Purpose::ForYou));
    assert_eq!(c.to_ask_again(), vec![Purpose::Accessibility]);
    // Agreeing again under version 2 turns it back on; a later unrelated version keeps it.
    let again = ConsentState { terms: v2.next(&[], &[]), consents: vec![consent(Purpose::Accessibility, true, 2)] };
    assert!(again.granted(Purpose::Accessibility));
    assert!(again.to_ask_again().is_empty());
}

#[test]
fn a_purpose_no_longer_offered_is_off_and_offering_it_again_asks_again() {
    let v2 = Terms::default().next(&[], &[Purpose::EmailUpdates]);
    let c = ConsentState { terms: v2.clone(), consents: vec![consent(Purpose::EmailUpdates, true, 1)] };
    assert!(!c.granted(Purpose::EmailUpdates));
    assert!(c.to_ask_again().is_empty(), "a withdrawn purpose is not offered, so not asked");
    assert_eq!(v2.offered().len(), Purpose::ALL.len() - 1);
    let v3 = v2.next(&[], &[]);
    assert_eq!(v3.widened_in(Purpose::EmailUpdates), 3);
    let c = ConsentState { terms: v3, consents: vec![consent(Purpose::EmailUpdates, true, 1)] };
    assert!(!c.granted(Purpose::EmailUpdates));
    assert_eq!(c.to_ask_again(), vec![Purpose::EmailUpdates]);
}

#[test]
fn terms_round_trip_through_json() {
    let t = Terms::default().next(&[Purpose::ForYou], &[Purpose::Accessibility]);
    let back: Terms = serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
    assert_eq!(back, t);
}

#[test]
fn pseudonym_codes_are_stable_readable_and_differ_with_the_hash() {
    let a = pseudonym_code("0123456789abcdef0123456789abcdef");
    assert_eq!(a, pseudonym_code("0123456789abcdef0123456789abcdef"));
    assert_eq!(a.len(), PSEUDONYM_LEN);
    assert!(a.bytes().all(|b| LETTER_ALPHABET.contains(&b)));
    assert_ne!(a, pseudonym_code("fedcba9876543210fedcba9876543210"));
    assert_eq!(Appearance::parse("pseudonym"), Some(Appearance::Pseudonym));
    assert_eq!(Appearance::parse("ghost"), None);
}

#[test]
fn small_groups_are_never_shown() {
    assert_eq!(suppressed(0), Some(0));
    assert_eq!(suppressed(1), None);
    assert_eq!(suppressed(4), None);
    assert_eq!(suppressed(5), Some(5));
}

#[test]
fn purposes_round_trip_by_name() {
    for p in Purpose::ALL {
        assert_eq!(Purpose::parse(p.as_str()), Some(p));
        assert_eq!(serde_json::to_string(&p).unwrap(), format!("\"{}\"", p.as_str()));
    }
    assert_eq!(Purpose::parse("marketing"), None);
}

#[test]
fn citizen_numbers_are_normalized() {
    assert_eq!(normalize_citizen_number(" 1234-5678 9012 ").unwrap(), "123456789012");
    assert_eq!(normalize_citizen_number("１２３４５６").unwrap(), "123456");
    assert_eq!(normalize_citizen_number(""), Err(ErrorCode::Required));
    assert_eq!(normalize_citizen_number("12a4"), Err(ErrorCode::CitizenNumberInvalid));
    assert_eq!(normalize_citizen_number("123"), Err(ErrorCode::CitizenNumberInvalid));
    assert_eq!(normalize_citizen_number("1234567890123456"), Err(ErrorCode::CitizenNumberInvalid));
}

#[test]
fn letter_codes_are_normalized_and_checked() {
    assert_eq!(normalize_letter_code("abcd-efgh-jkmn").unwrap(), "ABCDEFGHJKMN");
    assert_eq!(normalize_letter_code("ＡＢＣＤ ＥＦＧＨ ＪＫＭＮ").unwrap(), "ABCDEFGHJKMN");
    // 0, O, 1, I and L are not in the alphabet.
    assert_eq!(normalize_letter_code("ABCD-EFGH-JKM0"), Err(ErrorCode::LetterCodeInvalid));
    assert_eq!(normalize_letter_code("ABCD-EFGH"), Err(ErrorCode::LetterCodeInvalid));
    assert_eq!(normalize_letter_code("ABCD-EFGH-JKM!"), Err(ErrorCode::LetterCodeInvalid));
    assert_eq!(format_letter_code("ABCDEFGHJKMN"), "ABCD-EFGH-JKMN");
}
