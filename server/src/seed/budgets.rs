//! Demo participatory budgets: one in voting, one with published results.

use super::*;

/// (Japanese title, English title, cost, district index, description)
pub(super) const PROJECTS: &[(&str, &str, i64, usize, &str)] = &[
    (
        "鶴ヶ城公園のベンチ増設",
        "More benches in Tsuruga Castle park",
        1_200_000,
        0,
        "お堀沿いに日陰のベンチを20基設置します。\nTwenty shaded benches along the moat.",
    ),
    (
        "通学路の街灯 30基",
        "30 street lights on school routes",
        2_400_000,
        0,
        "北中学校までの農道にLED街灯を設置します。\nLED lights on the farm road to North junior high school.",
    ),
    (
        "図書館の夜間開館（1年間）",
        "Library open until 8 pm (one year)",
        900_000,
        0,
        "平日は20時まで開館します（試行1年）。\nOpen until 8 pm on weekdays, for a one-year trial.",
    ),
    (
        "公民館に無料Wi-Fi",
        "Free Wi-Fi in community halls",
        600_000,
        0,
        "北地区の公民館5館に無料Wi-Fiを整備します。\nFree Wi-Fi in the five community halls of the North district.",
    ),
    (
        "スケートボード広場",
        "A skate park",
        2_800_000,
        0,
        "河川敷の一角に初心者向けの広場をつくります。\nA beginners' skate area by the river.",
    ),
    (
        "バス停の屋根 10か所",
        "Shelters at 10 bus stops",
        1_500_000,
        1,
        "利用者の多いバス停10か所に屋根とベンチを付けます。\nShelters and benches at the ten busiest stops.",
    ),
    (
        "公園トイレの洋式化",
        "Modern toilets in parks",
        1_100_000,
        1,
        "南地区の公園3か所のトイレを多目的トイレに改修します。\nThree park toilets rebuilt as accessible toilets.",
    ),
    (
        "市民農園 40区画",
        "40 new allotment plots",
        700_000,
        1,
        "南公園の隣接地に市民農園を増設します。\nNew plots next to South park.",
    ),
    (
        "河川敷のドッグラン",
        "A dog park by the river",
        950_000,
        1,
        "湯川の河川敷にフェンスで囲んだドッグランをつくります。\nA fenced dog park by the Yugawa river.",
    ),
    (
        "小学校の屋上緑化",
        "Green roof on the primary school",
        1_800_000,
        1,
        "南小学校の屋上を緑化し、環境学習に使います。\nA green roof on South primary school, used in lessons.",
    ),
];

/// A participatory budget in a demo process: in voting (with some confirmed
/// ballots), or closed with published results.
pub(super) fn demo_budget(
    svc: &Services,
    admin: &Actor,
    residents: &[Actor],
    process_id: ProcessId,
    rng: &mut StdRng,
    finished: bool,
) -> anyhow::Result<()> {
    use yoriai_services::budgets as b;
    let (title_ja, title_en, tally) = if finished {
        ("公園予算 2025", "Parks budget 2025", "greedy_votes")
    } else {
        ("市民予算 2026", "Citizens' budget 2026", "equal_shares")
    };
    let input = b::BudgetInput {
        title_ja: title_ja.into(),
        title_en: title_en.into(),
        description_ja: "市の予算の一部の使いみちを、住民の投票で決めます。予算に収まるように、実施してほしい事業を選んでください。".into(),
        description_en: "Residents decide by vote how part of the city's budget is spent. Choose the projects you want, within the budget.".into(),
        ballot_rule: "knapsack".into(),
        tally_rule: tally.into(),
        amount: "5000000".into(),
        ..Default::default()
    };
    let bid = b::create_budget(svc, admin, process_id, input).map_err(explain)?;
    let first = b::admin_budget_page(svc, admin, bid).map_err(explain)?.headings[0].id;
    let north = b::HeadingInput {
        name_ja: "北地区".into(),
        name_en: "North".into(),
        district_id: None,
        amount: "5000000".into(),
    };
    b::update_heading(svc, admin, first, north).map_err(explain)?;
    let south = b::HeadingInput {
        name_ja: "南地区".into(),
        name_en: "South".into(),
        district_id: None,
        amount: "4000000".into(),
    };
    let second = b::add_heading(svc, admin, bid, south).map_err(explain)?;
    let mut ids = Vec::new();
    for (n, (ja, en, cost, district, description)) in PROJECTS.iter().enumerate() {
        let input = b::ProjectInput {
            heading_id: Some(if *district == 0 { first } else { second }),
            title: format!("{ja} / {en}"),
            description: (*description).into(),
            cost: cost.to_string(),
            latitude: format!("{:.5}", 37.49 + rng.random_range(-0.02..0.02)),
            longitude: format!("{:.5}", 139.93 + rng.random_range(-0.02..0.02)),
            ..Default::default()
        };
        let id = b::create_project(svc, admin, bid, input).map_err(explain)?;
        let verdict = if n == 4 {
            b::ValuationInput {
                feasibility: "unfeasible".into(),
                reason: "河川区域のため、国の許可が得られませんでした。\nThe river bank is national land; the permit was refused.".into(),
                cost: String::new(),
            }
        } else {
            b::ValuationInput { feasibility: "feasible".into(), ..Default::default() }
        };
        b::valuate_project(svc, admin, id, verdict).map_err(explain)?;
        if n != 4 {
            ids.push((id, *district, *cost));
        }
    }
    b::advance_budget(svc, admin, bid, "informing").map_err(explain)?;
    b::advance_budget(svc, admin, bid, "voting").map_err(explain)?;
    // Residents vote in their district (even: North, odd: South); some leave it unconfirmed.
    let voters = if finished { residents.len() } else { residents.len() / 2 };
    for (r, resident) in residents.iter().take(voters).enumerate() {
        let district = r % 2;
        let mut mine: Vec<&(ProjectId, usize, i64)> = ids.iter().filter(|p| p.1 == district).collect();
        let picks = rng.random_range(1..=3);
        for _ in 0..picks {
            if mine.is_empty() {
                break;
            }
            let (id, _, _) = mine.remove(rng.random_range(0..mine.len()));
            // Over the budget is refused; the resident simply moves on.
            let _ = b::add_to_ballot(svc, resident, *id, None);
        }
        if r % 5 != 4 {
            let _ = b::check_out(svc, resident, bid);
        }
    }
    if finished {
        b::close_voting(svc, admin, bid).map_err(explain)?;
        b::publish_tally(svc, admin, bid).map_err(explain)?;
    }
    Ok(())
}
