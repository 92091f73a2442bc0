//! Demo districts, street-report categories and reports.

use super::*;

/// Two districts split at the city centre's latitude.
pub(super) const DEMO_DISTRICTS: &str = r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"north","name_ja":"北地区","name_en":"North"},"geometry":{"type":"Polygon","coordinates":[[[139.88,37.4947],[139.98,37.4947],[139.98,37.54],[139.88,37.54],[139.88,37.4947]]]}},
{"type":"Feature","properties":{"code":"south","name_ja":"南地区","name_en":"South"},"geometry":{"type":"Polygon","coordinates":[[[139.88,37.45],[139.98,37.45],[139.98,37.4947],[139.88,37.4947],[139.88,37.45]]]}}]}"#;

/// (code, 日本語, English, department index, [(question code, kind, ja, en, required, options)])
pub(super) type DemoQuestion = (&'static str, &'static str, &'static str, &'static str, bool, &'static str);
pub(super) const REPORT_CATEGORIES: &[(&str, &str, &str, usize, &[DemoQuestion])] = &[
    ("pothole", "道路の穴・破損", "Pothole or damaged road", 0, &[
        ("size", "list", "穴の大きさ", "Size of the hole", true, "small|小さい（手のひら）|Small (a hand)\nmedium|中くらい（靴）|Medium (a shoe)\nlarge|大きい（タイヤ）|Large (a tyre)"),
        ("blocking", "yes_no", "車や人の通行の妨げになっていますか", "Does it block traffic or people?", false, ""),
    ]),
    ("streetlight", "街灯の故障", "Street light not working", 0, &[
        ("pole", "text", "電柱・街灯の番号（わかれば）", "Number on the pole (if you can see it)", false, ""),
    ]),
    ("graffiti", "落書き", "Graffiti", 2, &[]),
    ("dumping", "不法投棄", "Illegal dumping", 2, &[
        ("bags", "number", "袋や物の数（だいたい）", "Number of bags or items (roughly)", false, ""),
    ]),
    ("snow", "除雪", "Snow clearing", 3, &[]),
    ("park", "公園・遊具", "Parks and playgrounds", 1, &[]),
];

/// Two texts per category (same order as REPORT_CATEGORIES): Japanese and English.
pub(super) const REPORT_TEXTS: &[[(&str, &str); 2]] = &[
    [
        ("バス停前の深い穴", "雨の日は水がたまって深さがわかりません。自転車が転びそうでした。"),
        ("Loose manhole cover", "It bangs loudly every time a car drives over it; it looks dangerous."),
    ],
    [
        ("通学路の街灯が消えている", "横断歩道の横の街灯が1週間ついていません。17時にはとても暗いです。"),
        ("Flickering lamp at the car park", "The lamp at the entrance of the car park flickers all night."),
    ],
    [
        ("神社の塀に落書き", "最近書かれたようです。子どもが通る道なので早めに消してほしいです。"),
        ("Graffiti on the underpass", "New graffiti on both walls of the pedestrian underpass."),
    ],
    [
        ("河川敷にソファが捨てられている", "古いソファとごみ袋2つが川沿いの遊歩道に置かれています。"),
        ("Rubbish bags left at the bus shelter", "Several bags of household rubbish were left in the bus shelter."),
    ],
    [
        ("歩道の除雪がされていない", "車道は除雪されていますが、歩道は雪が積もったままで歩けません。"),
        ("Snow blocking the school entrance", "The snow plough left a wall of snow in front of the school gate."),
    ],
    [
        ("ブランコの鎖が切れている", "公園のブランコの鎖が1本切れていますが、子どもたちがまだ使おうとしています。"),
        ("Broken bench in the park", "The wooden bench near the pond has a broken slat with nails sticking out."),
    ],
];

pub(super) fn demo_reports(svc: &Services, admin: &Actor, residents: &[Actor], rng: &mut StdRng) -> anyhow::Result<()> {
    use yoriai_services::reports as r;
    let depts = [
        ("市民相談課", "Citizens' advice"),
        ("道路課", "Roads"),
        ("公園緑地課", "Parks"),
        ("除雪対策室", "Snow office"),
    ];
    let mut dept_ids = Vec::new();
    for (ja, en) in depts {
        dept_ids.push(r::create_department(svc, admin, ja, en).map_err(explain)?);
    }
    // The first (citizens' advice) is the default; roads = 1, parks = 2, snow = 3.
    let dept_of = |i: usize| match i {
        0 => dept_ids[1],
        1 => dept_ids[2],
        2 => dept_ids[0],
        _ => dept_ids[3],
    };
    r::add_department_member(svc, admin, dept_ids[1], "staff@demo.yoriai.example").map_err(explain)?;
    r::add_department_member(svc, admin, dept_ids[2], "staff@demo.yoriai.example").map_err(explain)?;
    r::import_districts(svc, admin, DEMO_DISTRICTS.as_bytes()).map_err(explain)?;
    let mut category_ids = Vec::new();
    for (code, ja, en, dept, questions) in REPORT_CATEGORIES {
        let id = r::create_category(
            svc,
            admin,
            r::CategoryInput {
                code: (*code).into(),
                name_ja: (*ja).into(),
                name_en: (*en).into(),
                enabled: true,
                department_id: Some(dept_of(*dept)),
                ..Default::default()
            },
        )
        .map_err(explain)?;
        for (qcode, kind, qja, qen, required, options) in questions.iter() {
            r::add_question(
                svc,
                admin,
                id,
                r::QuestionInput {
                    code: (*qcode).into(),
                    kind: (*kind).into(),
                    label_ja: (*qja).into(),
                    label_en: (*qen).into(),
                    required: *required,
                    options: (*options).into(),
                },
            )
            .map_err(explain)?;
        }
        category_ids.push((id, *code));
    }
    for (title, ja, en, state) in [
        (
            "確認しました",
            "ご連絡ありがとうございます。担当課で確認しました。",
            "Thank you. The department has seen your report.",
            "acknowledged",
        ),
        (
            "対応完了",
            "対応が完了しました。ご協力ありがとうございました。",
            "The problem has been fixed. Thank you for reporting it.",
            "fixed",
        ),
    ] {
        r::save_template(
            svc,
            admin,
            None,
            r::TemplateInput {
                department_id: None,
                title: title.into(),
                body_ja: ja.into(),
                body_en: en.into(),
                state: state.into(),
            },
        )
        .map_err(explain)?;
    }
    let _ = r::create_open311_client(svc, admin, "Demo app").map_err(explain)?;
    for n in 0..40 {
        let (cat, code) = category_ids[n % category_ids.len()];
        let round = n / category_ids.len();
        let (title, description) = REPORT_TEXTS[n % REPORT_TEXTS.len()][round % 2];
        let title = if round >= 2 { format!("{title} ({})", round / 2 + 1) } else { title.to_owned() };
        let answers = match code {
            "pothole" => [("size".to_owned(), ["small", "medium", "large"][n % 3].to_owned())].into(),
            _ => Default::default(),
        };
        let input = r::ReportInput {
            category_id: Some(cat),
            title,
            description: description.into(),
            latitude: format!("{:.5}", 37.4947 + rng.random_range(-0.03..0.03)),
            longitude: format!("{:.5}", 139.9298 + rng.random_range(-0.04..0.04)),
            answers,
            ..Default::default()
        };
        let reporter = &residents[n % residents.len()];
        let id = r::create_report(svc, reporter, input, yoriai_domain::Locale::Ja).map_err(explain)?.id;
        for k in 0..(n % 4) {
            let _ = r::me_too(svc, &residents[(n + k + 1) % residents.len()], id);
        }
        let moves: &[&str] = match n % 5 {
            0 => &[],
            1 => &["acknowledged"],
            2 => &["acknowledged", "in_progress"],
            3 => &["acknowledged", "fixed"],
            _ => &["not_responsible"],
        };
        for state in moves {
            let text = match *state {
                "fixed" => "修理しました。/ Repaired.",
                "in_progress" => "工事の手配をしています。/ Repairs are being arranged.",
                "not_responsible" => {
                    "県道のため県に連絡しました。/ This is a prefectural road; we told the prefecture."
                }
                _ => "",
            };
            r::change_state(svc, admin, id, state, text, "").map_err(explain)?;
        }
    }
    Ok(())
}
