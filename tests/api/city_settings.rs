//! A city's own settings (issue 16): its administrators set its name, colour, first
//! language, map view and mail sender; every page, map and message follows them; bad
//! input is refused field by field and loses nothing saved; another city is untouched.

use yoriai_domain::Role;
use yoriai_tests::{both_backends, Browser};

const GOOD: [(&str, &str); 10] = [
    ("name_ja", "会津若松市"),
    ("name_en", "Aizuwakamatsu City"),
    ("brand_colour", "#1F4E9C"),
    ("default_locale", "en"),
    ("map_lat", "37.4948"),
    ("map_lon", "139.9300"),
    ("map_zoom", "16"),
    ("mail_from", "Info@Aizu.Example.jp"),
    ("map_tiles", "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png"),
    ("map_attribution", "© 国土地理院"),
];

async fn save(b: &mut Browser, fields: &[(&str, &str)]) -> yoriai_tests::Response {
    b.call_server_fn("/api/save_city_settings", fields).await
}

both_backends!(administrators_set_the_city_look_and_every_page_and_mail_follows, |app| async move {
    // Before: the product's name, the stylesheet's colour, Japanese first.
    let mut anon = app.browser();
    let home = anon.get("/").await;
    home.assert_status(200).assert_contains("寄合（Yoriai）");
    assert!(!home.body.contains("/city.css"), "no colour link before one is set");
    assert!(home.body.contains("<html lang=\"ja\""), "{}", home.body.chars().take(200).collect::<String>());

    // Only administrators may look or change.
    let (mut resident, _) = app.signed_in("kenji@example.jp", Role::Resident).await;
    resident.get("/").await;
    let res = save(&mut resident, &GOOD).await;
    assert_eq!(res.json()["code"], "forbidden", "{}", res.body);
    let res = resident.get("/api/city_settings").await;
    assert!(res.status != 200 && res.body.contains("forbidden"), "{} {}", res.status, res.body);

    let (mut admin, _) = app.signed_in("nadmin@example.jp", Role::Admin).await;
    admin.accept_language = Some("en".into());
    admin.get("/admin").await.assert_status(200).assert_contains("href=\"/admin/settings\"");
    admin.get("/admin/settings").await.assert_status(200).assert_contains("name=\"brand_colour\"");
    save(&mut admin, &GOOD).await.assert_status(200);

    // The page shows what was saved, normalised.
    admin
        .get("/admin/settings")
        .await
        .assert_status(200)
        .assert_contains("value=\"#1f4e9c\"")
        .assert_contains("value=\"info@aizu.example.jp\"")
        .assert_contains("value=\"16\"");

    // Every page: the city's name in the header and title, its colour linked, English
    // first for a visitor who asks for neither language.
    let mut visitor = app.browser();
    visitor.accept_language = Some("fr".into());
    let page = visitor.get("/processes").await;
    page.assert_status(200);
    assert!(page.body.contains("<html lang=\"en\""), "{}", page.body.chars().take(300).collect::<String>());
    assert!(page.body.contains("Aizuwakamatsu City"), "the English name");
    assert!(page.body.contains("href=\"/city.css?brand=1f4e9c\""), "the colour's stylesheet");
    let mut ja = app.browser();
    ja.accept_language = Some("ja".into());
    ja.get("/").await.assert_contains("会津若松市").assert_contains("<html lang=\"ja\"");

    // The stylesheet needs no city and is cached for good; a bad colour is a 404.
    let css = visitor.get("/city.css?brand=1f4e9c").await;
    css.assert_status(200);
    assert!(css.body.contains("--brand: #1f4e9c;"), "{}", css.body);
    assert!(css.header("cache-control").unwrap_or_default().contains("immutable"));
    visitor.get("/city.css?brand=zzzzzz").await.assert_status(404);
    visitor.get("/city.css").await.assert_status(404);

    // Maps open where the city said, on its own tiles, which the page's policy allows.
    let map = visitor.get("/reports/new").await;
    map.assert_status(200)
        .assert_contains("data-center=\"37.4948,139.93\"")
        .assert_contains("data-tiles=\"https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png\"")
        .assert_contains("© 国土地理院");
    let csp = map.header("content-security-policy").unwrap_or_default();
    assert!(csp.contains("https://cyberjapandata.gsi.go.jp"), "{csp}");

    // Mail: the city's name in the subject, its address as the sender.
    app.signed_in_resident("taro@example.jp", yoriai_tests::PASSWORD).await;
    let mut b = app.browser();
    b.get("/forgot-password").await;
    b.post_form("/api/request_password_reset", &[("email", "taro@example.jp")]).await.assert_status(303);
    let mail = app.wait_for_mail("taro@example.jp", "reset_password").await;
    assert!(
        mail.subject.starts_with("[会津若松市]") || mail.subject.starts_with("[Aizuwakamatsu City]"),
        "{}",
        mail.subject
    );
    // From stays the installation's address (its mail server may send for it), under
    // the city's name; replies go to the city's address.
    assert!(mail.from.contains("no-reply@localhost") && !mail.from.contains("aizu.example"), "{}", mail.from);
    assert!(mail.reply_to.as_deref().is_some_and(|r| r.contains("info@aizu.example.jp")), "{:?}", mail.reply_to);

    // The change is in the action log.
    admin.get("/admin/log").await.assert_status(200).assert_contains("Changed the city");
});

both_backends!(bad_settings_are_refused_field_by_field_and_lose_nothing, |app| async move {
    let (mut admin, _) = app.signed_in("nadmin@example.jp", Role::Admin).await;
    admin.get("/admin/settings").await.assert_status(200);
    save(&mut admin, &GOOD).await.assert_status(200);

    let bad = [
        ("name_ja", "あ".repeat(61)),
        ("name_en", "Aizu".to_owned()),
        ("brand_colour", "#ffcc00".to_owned()),
        ("default_locale", "fr".to_owned()),
        ("map_lat", "91".to_owned()),
        ("map_lon", "".to_owned()),
        ("map_zoom", "25".to_owned()),
        ("mail_from", "not an address".to_owned()),
        ("map_tiles", "http://tiles.example/{z}/{x}/{y}.png".to_owned()),
        ("map_attribution", String::new()),
    ];
    let refs: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = save(&mut admin, &refs).await;
    assert_eq!(res.status, 422, "{}", res.body);
    let got = res.field_codes();
    for want in [
        ("name_ja", "too_long"),
        ("brand_colour", "colour_low_contrast"),
        ("default_locale", "locale_invalid"),
        ("map_lat", "location_invalid"),
        ("map_lon", "required"),
        ("map_zoom", "zoom_out_of_range"),
        ("mail_from", "email_invalid"),
        ("map_tiles", "tile_template_invalid"),
        ("map_attribution", "required"),
    ] {
        assert!(got.contains(&(want.0.to_owned(), want.1.to_owned())), "{want:?} in {got:?}");
    }
    for (field, value, code) in [
        ("brand_colour", "blue", "colour_invalid"),
        ("map_zoom", "high", "not_a_number"),
        ("map_lat", "NaN", "location_invalid"),
        ("map_tiles", "https://tiles.example/{z}/{x}.png", "tile_template_invalid"),
        ("map_tiles", "//tiles.example/{z}/{x}/{y}.png", "tile_template_invalid"),
        ("map_tiles", "https://tiles.example/{z}/{x}/{y}.png\" onerror=\"x", "tile_template_invalid"),
    ] {
        let mut fields = GOOD.to_vec();
        fields.retain(|(k, _)| *k != field);
        fields.push((field, value));
        let got = save(&mut admin, &fields).await.field_codes();
        assert_eq!(got, vec![(field.to_owned(), code.to_owned())]);
    }

    // Without JavaScript: back to the form with the errors and what was typed.
    let mut fields = GOOD.to_vec();
    fields.retain(|(k, _)| *k != "brand_colour");
    fields.push(("brand_colour", "#ffcc00"));
    let res = admin.post_form("/api/save_city_settings", &fields).await;
    assert_eq!(res.status, 303, "{}", res.body);
    let back = res.location().unwrap();
    assert!(back.starts_with("/admin/settings"), "{back}");
    let page = admin.get(&back).await;
    page.assert_status(200);
    assert!(page.body.contains("value=\"#ffcc00\""), "what was typed is put back");

    // Nothing was lost: every saved field still holds, as the database has it.
    app.browser().get("/").await.assert_contains("Aizuwakamatsu City");
    let saved = admin.get_json("/api/city_settings").await.json()["saved"].clone();
    for (field, value) in [
        ("name_ja", "会津若松市"),
        ("name_en", "Aizuwakamatsu City"),
        ("brand_colour", "#1f4e9c"),
        ("default_locale", "en"),
        ("map_lat", "37.4948"),
        ("map_lon", "139.93"),
        ("map_zoom", "16"),
        ("mail_from", "info@aizu.example.jp"),
        ("map_tiles", "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png"),
        ("map_attribution", "© 国土地理院"),
    ] {
        assert_eq!(saved[field], value, "{field} in {saved}");
    }

    // Emptying a field goes back to the installation's value.
    let mut fields = GOOD.to_vec();
    fields.retain(|(k, _)| !matches!(*k, "name_ja" | "name_en" | "default_locale" | "brand_colour"));
    save(&mut admin, &fields).await.assert_status(200);
    let mut visitor = app.browser();
    visitor.accept_language = Some("fr".into());
    let page = visitor.get("/").await;
    assert!(page.body.contains("<html lang=\"ja\"") && page.body.contains("寄合（Yoriai）"), "back to the defaults");
    assert!(!page.body.contains("/city.css"));
});

both_backends!(one_city_settings_leave_another_untouched, |app| async move {
    let a = app.add_city("aizu", "aizu.localhost");
    let b = app.add_city("kita", "kita.localhost");
    let (mut admin, _) = a.signed_in("nadmin@example.jp", Role::Admin).await;
    admin.get("/admin/settings").await.assert_status(200);
    save(&mut admin, &GOOD).await.assert_status(200);
    a.browser().get("/").await.assert_contains("Aizuwakamatsu City");
    let page = b.browser().get("/").await;
    page.assert_status(200);
    assert!(page.body.contains("<html lang=\"ja\""), "city B keeps its first language");
    assert!(!page.body.contains("Aizuwakamatsu") && !page.body.contains("/city.css"), "city B keeps its own look");
    let map = b.browser().get("/reports/new").await;
    assert!(!map.body.contains("gsi.go.jp"), "city B keeps the installation's tiles");
    assert!(!map.header("content-security-policy").unwrap_or_default().contains("gsi.go.jp"));
    // City A's administrator is nobody in city B.
    let mut stranger = b.browser();
    stranger.cookies = admin.cookies.clone();
    let res = stranger.get("/api/city_settings").await;
    assert!(res.status != 200 && res.body.contains("not_signed_in"), "{} {}", res.status, res.body);
});
