//! `yoriai seed --demo`: a believable demonstration for a local trial. Idempotent:
//! accounts and processes that exist are left alone.

use crate::cli::{explain, refuse_in_production, services};
use crate::config::Config;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use yoriai_domain::policy::UserActor;
use yoriai_domain::{Actor, CategoryId, CustomStateId, ErrorCode, ProcessId, ProjectId, ProposalId, Role, UserId};
use yoriai_services::accounts::{create_user, CreateUserInput};
use yoriai_services::processes::{add_category, add_phase, create_process, update_phase, PhaseInput, ProcessInput};
use yoriai_services::proposals::{self as p, AnswerInput, CommentInput, ProposalInput};
use yoriai_services::{ServiceError, Services};

/// The password of every demo account (printed, and in the README). Demo data is
/// refused in production.
pub const DEMO_PASSWORD: &str = "yoriai demo 2026";
/// The demo staff's two-step sign-in key (add it to an authenticator app to try the
/// staff console). Public, like the password: demo data only.
pub const DEMO_TWO_FACTOR_KEY: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

const RESIDENTS: usize = 30;

/// (Japanese title, Japanese body, English title, English body)
const IDEAS: &[(&str, &str, &str, &str)] = &[
    ("鶴ヶ城公園にベンチを増やす", "お堀沿いの散歩道は高齢者も多く歩きますが、休める場所が少ないです。\n\n- 200mごとにベンチ\n- 日陰になる場所を優先", "More benches in Tsuruga Castle park", "Many older people walk along the moat, but there are few places to rest.\n\n- a bench every 200 m\n- shaded spots first"),
    ("通学路に街灯を", "冬は16時半には暗くなります。中学校までの農道に街灯がなく、自転車通学が危険です。", "Street lights on the school route", "In winter it is dark by 4:30 pm. The farm road to the junior high school has no lights; cycling there is dangerous."),
    ("バス停に屋根とベンチを", "雪の日にバスを待つのはつらいです。利用者の多いバス停から屋根を付けてください。", "Shelters at bus stops", "Waiting for the bus in the snow is hard. Please add shelters, starting with the busiest stops."),
    ("除雪の優先順位を公開する", "どの道路がいつ除雪されるのか、地図で見られるようにしてほしいです。", "Publish the snow-clearing order", "Show on a map which roads are cleared, and when."),
    ("空き家を子どもの居場所に", "中心市街地の空き家を、放課後の子どもが集まれる場所に活用できないでしょうか。", "Empty houses as places for children", "Could empty houses in the town centre become after-school places for children?"),
    ("公共施設に無料Wi-Fiを", "図書館や公民館で無料Wi-Fiがあれば、学生や観光客が助かります。", "Free Wi-Fi in public buildings", "Free Wi-Fi in libraries and community halls would help students and visitors."),
    ("猪苗代湖までのサイクリングロード", "市内から猪苗代湖まで安全に走れる自転車道を整備してほしいです。", "A cycle path to Lake Inawashiro", "A safe cycle path from the city to Lake Inawashiro."),
    ("市役所の手続きをオンラインで", "住民票の請求や各種申請を、平日に休まずオンラインで済ませたいです。", "City services online", "I would like to request certificates and apply for services online, without taking a day off."),
    ("公園のトイレを洋式に", "子どもや高齢者が使いやすいよう、公園のトイレを洋式・多目的に改修してください。", "Modern toilets in parks", "Renovate park toilets so that children, older people and wheelchair users can use them."),
    ("地元野菜の朝市を毎週に", "月1回の朝市を毎週土曜日に増やし、若い農家も出店しやすくしてください。", "A weekly farmers' market", "Hold the monthly market every Saturday, and make it easy for young farmers to take part."),
    ("歩道の段差をなくす", "駅前の歩道は段差が多く、ベビーカーや車いすでは通りにくいです。", "Remove kerbs on pavements", "The pavements near the station have many steps; prams and wheelchairs struggle."),
    ("ごみ分別アプリ", "収集日や分別方法を多言語で確認できるアプリがあると便利です。", "A waste-sorting app", "An app showing collection days and sorting rules in several languages."),
    ("高齢者の買い物支援バス", "郊外の高齢者のために、スーパーを回る小型バスを週2回運行してください。", "Shopping bus for older residents", "Run a small bus twice a week from outlying areas to the supermarkets."),
    ("図書館の開館時間延長", "仕事帰りに寄れるよう、平日は20時まで開館してほしいです。", "Longer library hours", "Open the library until 8 pm on weekdays, so people can come after work."),
    ("河川敷にドッグラン", "湯川の河川敷に、犬を自由に遊ばせられる場所をつくってください。", "A dog park by the river", "A fenced area by the Yugawa river where dogs can run freely."),
    ("観光案内を英語・中国語・韓国語で", "駅や城周辺の案内板を多言語にして、観光客が迷わないようにしてください。", "Signs in several languages", "Put English, Chinese and Korean on signs around the station and the castle."),
    ("小学校に太陽光パネル", "学校の屋根に太陽光パネルを設置し、環境教育にも活かしてください。", "Solar panels on schools", "Put solar panels on school roofs and use them in environmental lessons."),
    ("夜間の防犯カメラ", "駅裏の駐輪場に防犯カメラを設置してください。自転車の盗難が続いています。", "CCTV at the bicycle park", "Bicycles keep being stolen behind the station; please install cameras."),
    ("子育て世帯の交流会", "転入した子育て世帯が知り合える交流会を、各地区の公民館で開いてください。", "Meet-ups for new families", "Hold meet-ups in each district's community hall for families who just moved here."),
    ("市民農園の区画を増やす", "市民農園の抽選倍率が高いです。区画を増やしてください。", "More allotment plots", "The allotment lottery is oversubscribed; please add plots."),
    ("歴史的建造物の夜間ライトアップ", "七日町通りの古い建物をライトアップして、夜の観光を盛り上げましょう。", "Light up historic buildings", "Light up the old buildings on Nanukamachi street to bring visitors in the evening."),
    ("側溝のふたをかける", "住宅地の側溝にふたがなく、子どもが落ちそうで危険です。", "Cover open gutters", "Open gutters in residential streets are dangerous for small children."),
    ("スケートボードパーク", "若者が安全に練習できるスケートボード場をつくってください。", "A skate park", "A place where young people can skate safely."),
    ("プールの冬季開放", "市民プールを冬も開放し、高齢者の健康づくりに使えるようにしてください。", "Open the pool in winter", "Keep the public pool open in winter for older residents' health."),
    ("防災訓練を地区ごとに", "大きな合同訓練だけでなく、地区ごとの小さな訓練を年2回行ってください。", "Local emergency drills", "Besides the big joint drill, hold small drills in each district twice a year."),
];

const COMMENTS: &[(&str, &str)] = &[
    ("in_favour", "賛成です。家族も同じことを話していました。"),
    ("in_favour", "I agree, this would help a lot of people in our neighbourhood."),
    ("against", "費用に見合う効果があるか心配です。"),
    ("neutral", "場所をもう少し具体的に書いてもらえると判断しやすいです。"),
    ("neutral", "Has the city looked at how other towns did this?"),
    ("in_favour", "ぜひ実現してほしいです。"),
];

fn actor(id: UserId, role: Role) -> Actor {
    Actor::User(UserActor::new(id, role))
}

fn ignore_taken<T>(r: Result<T, ServiceError>, what: &str) -> anyhow::Result<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(ServiceError::Rejected(r))
            if r.fields.iter().any(|f| matches!(f.code, ErrorCode::EmailTaken | ErrorCode::SlugTaken)) =>
        {
            println!("  exists   {what}");
            Ok(None)
        }
        Err(e) => Err(explain(e)),
    }
}

fn user_id(svc: &Services, email: &str) -> anyhow::Result<UserId> {
    let mut conn = svc.conn().map_err(explain)?;
    let row =
        yoriai_store::users::find_by_email(&mut conn, email)?.ok_or_else(|| anyhow::anyhow!("{email} missing"))?;
    Ok(row.id)
}

pub fn demo(config: &Config) -> anyhow::Result<()> {
    refuse_in_production(config, "demo data")?;
    let svc = services(config)?;
    let staff = [
        ("admin@demo.yoriai.example", "管理者 Admin", Role::Admin),
        ("moderator@demo.yoriai.example", "モデレーター Moderator", Role::Moderator),
        ("staff@demo.yoriai.example", "道路課 Roads staff", Role::DepartmentStaff),
        ("valuator@demo.yoriai.example", "審査 Valuator", Role::Valuator),
        ("secretary@demo.yoriai.example", "議会事務局 Secretary", Role::CouncilSecretary),
        ("aiko@demo.yoriai.example", "佐藤 愛子", Role::Resident),
        ("ken@demo.yoriai.example", "Ken Tanaka", Role::Resident),
    ];
    println!("Demo accounts (password: {DEMO_PASSWORD:?}; staff's two-step sign-in key: {DEMO_TWO_FACTOR_KEY}):");
    for (email, name, role) in staff {
        let input =
            CreateUserInput { email: email.into(), display_name: name.into(), password: DEMO_PASSWORD.into(), role };
        if let Some(id) = ignore_taken(create_user(&svc, &Actor::System, input), email)? {
            // The demo's people have turned on update emails, so notifications can be
            // seen arriving in the mail folder (real residents start with it off).
            yoriai_services::privacy::set_consent(&svc, &actor(id, role), "email_updates", true, None)
                .map_err(explain)?;
            if role.needs_two_factor() {
                yoriai_services::accounts::enable_with_key(&svc, id, DEMO_TWO_FACTOR_KEY).map_err(explain)?;
            }
            println!("  created  {email:<34} {role}");
        }
    }
    let family = ["佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤", "山本", "中村", "小林", "加藤"];
    let given = ["花子", "太郎", "美咲", "翔太", "陽菜", "大輝", "結衣", "蓮", "さくら", "健"];
    for i in 0..RESIDENTS {
        let email = format!("resident{:02}@demo.yoriai.example", i + 1);
        let name = format!("{} {}", family[i % family.len()], given[(i * 7) % given.len()]);
        let input = CreateUserInput {
            email: email.clone(),
            display_name: name,
            password: DEMO_PASSWORD.into(),
            role: Role::Resident,
        };
        ignore_taken(create_user(&svc, &Actor::System, input), &email)?;
    }
    println!("  and {RESIDENTS} residents resident01…resident{RESIDENTS:02}@demo.yoriai.example");

    let admin = actor(user_id(&svc, "admin@demo.yoriai.example")?, Role::Admin);
    let mut residents = Vec::new();
    for i in 0..RESIDENTS {
        residents.push(actor(user_id(&svc, &format!("resident{:02}@demo.yoriai.example", i + 1))?, Role::Resident));
    }
    residents.push(actor(user_id(&svc, "aiko@demo.yoriai.example")?, Role::Resident));
    residents.push(actor(user_id(&svc, "ken@demo.yoriai.example")?, Role::Resident));
    let state = p::add_answer_state(&svc, &admin, "in-progress", "実施中", "In progress", "#1f4e9c");
    // Already there from an earlier run: use it.
    let custom_state = state.ok().or_else(|| {
        p::answer_states(&svc).ok().and_then(|s| s.into_iter().find(|s| s.key == "in-progress").map(|s| s.id))
    });

    let mut rng = StdRng::seed_from_u64(2026);
    let today = chrono::Utc::now().date_naive();
    let day = |offset: i64| (today + chrono::Duration::days(offset)).format("%Y-%m-%d").to_string();

    // 1. The current process: proposals, supports and comments open.
    let current = ProcessInput {
        slug: "ideas-2026".into(),
        title_ja: "まちづくりアイデア募集 2026".into(),
        title_en: "City ideas 2026".into(),
        description_ja: "暮らしをよくするアイデアを募集しています。賛同が100件に達した提案は、市が必ず検討して回答します。\n\n1人10件まで賛同できます。".into(),
        description_en: "Share ideas to improve daily life. Proposals that reach 100 supports are always studied and answered by the city.\n\nEach resident can support up to 10 proposals.".into(),
        district_id: None,
        edit_window_minutes: None,
        published: true,
    };
    if let Some(pid) = ignore_taken(create_process(&svc, &admin, current), "process ideas-2026")? {
        add_phase(&svc, &admin, pid, open_phase("提案と賛同", "Proposals and supports", &day(-30), &day(60), 10, 100))
            .map_err(explain)?;
        add_phase(&svc, &admin, pid, closed_phase("市の検討と回答", "Evaluation and answers", &day(61), &day(120)))
            .map_err(explain)?;
        let categories = add_categories(&svc, &admin, pid)?;
        fill(
            &svc,
            &admin,
            &residents,
            &mut rng,
            Batch { slug: "ideas-2026", categories: &categories, count: 50, custom_state, answer_all: false },
        )?;
        println!("  created  process ideas-2026 (open: proposals, supports, comments)");
        demo_budget(&svc, &admin, &residents, pid, &mut rng, false)?;
        println!("  created  budget in ideas-2026 (two districts, voting open)");
    }

    // 2. A finished process: every proposal answered, including the rejected ones.
    let finished = ProcessInput {
        slug: "parks-2025".into(),
        title_ja: "公園の未来を考える 2025".into(),
        title_en: "The future of our parks 2025".into(),
        description_ja:
            "2025年に行った公園についての意見募集です。すべての提案に回答しました。不採用の理由も公開しています。"
                .into(),
        description_en:
            "Our 2025 consultation on parks. Every proposal has an answer; the reasons for rejections are public too."
                .into(),
        district_id: None,
        edit_window_minutes: None,
        published: true,
    };
    if let Some(pid) = ignore_taken(create_process(&svc, &admin, finished), "process parks-2025")? {
        let phase = add_phase(
            &svc,
            &admin,
            pid,
            open_phase("提案と賛同", "Proposals and supports", &day(-400), &day(1), 10, 100),
        )
        .map_err(explain)?;
        let categories = add_categories(&svc, &admin, pid)?;
        fill(
            &svc,
            &admin,
            &residents,
            &mut rng,
            Batch { slug: "parks-2025", categories: &categories, count: 12, custom_state, answer_all: true },
        )?;
        // Close it: the phase ended months ago.
        update_phase(
            &svc,
            &admin,
            pid,
            phase,
            closed_phase("提案と賛同", "Proposals and supports", &day(-400), &day(-200)),
        )
        .map_err(explain)?;
        println!("  created  process parks-2025 (finished, all answered)");
        demo_budget(&svc, &admin, &residents, pid, &mut rng, true)?;
        println!("  created  budget in parks-2025 (results published)");
    }

    // 3. Street reports: departments, districts, categories with questions, reports.
    let no_departments = {
        let mut conn = svc.conn().map_err(explain)?;
        yoriai_store::report_settings::departments(&mut conn).map_err(|e| anyhow::anyhow!(e))?.is_empty()
    };
    if no_departments {
        demo_reports(&svc, &admin, &residents, &mut rng)?;
        println!("  created  street reports (4 departments, 2 districts, 6 categories, 40 reports)");
    }

    // 4. What became of it: council decisions (a rejection too), results, targets.
    let no_decisions = {
        let mut conn = svc.conn().map_err(explain)?;
        yoriai_store::accountability::count_decisions(&mut conn).map_err(|e| anyhow::anyhow!(e))? == 0
    };
    if no_decisions {
        demo_accountability(&svc, &admin, &day(-20))?;
        println!("  created  council decisions, accountability results and KPIs");
    }

    // 5. A tiny resident register, so citizen-ID verification can be tried.
    let console =
        yoriai_services::privacy::verification_console(&svc, &admin, yoriai_domain::Locale::En).map_err(explain)?;
    if console.census_rows == 0 {
        yoriai_services::privacy::import_census(&svc, &admin, DEMO_CENSUS.as_bytes()).map_err(explain)?;
        println!("  created  resident register (try number 1000-0000-0001, born 1980-04-01, North)");
    }
    Ok(())
}

/// Fictional residents for trying census verification (numbers are never stored).
const DEMO_CENSUS: &str = "resident_number,birth_date,district\n1000-0000-0001,1980-04-01,north\n1000-0000-0002,1975-12-31,south\n1000-0000-0003,1992-07-15,north\n";

/// Two decisions on parks-2025 proposals (one approved, one rejected), a result with
/// two parts (one done, one cancelled), the population and two KPIs.
fn demo_accountability(svc: &Services, admin: &Actor, decided_on: &str) -> anyhow::Result<()> {
    use diesel::prelude::*;
    use yoriai_services::accountability as acc;
    use yoriai_store::schema::{processes, proposals};
    let ids: Vec<ProposalId> = {
        let mut conn = svc.conn().map_err(explain)?;
        proposals::table
            .inner_join(processes::table)
            .filter(processes::slug.eq("parks-2025").and(proposals::state.eq("published")))
            .order(proposals::id.asc())
            .select(proposals::id)
            .limit(2)
            .load(&mut conn)
            .map_err(|e| anyhow::anyhow!(e))?
    };
    let (Some(&first), Some(&second)) = (ids.first(), ids.get(1)) else { return Ok(()) };
    let approved = acc::publish_decision(
        svc,
        admin,
        acc::DecisionInput {
            body_name: "会津若松市議会 建設委員会".into(),
            decided_on: decided_on.into(),
            title_ja: "公園整備に関する請願".into(),
            title_en: "Petition on park improvements".into(),
            body_ja: "公園の改修を来年度予算に計上することを全会一致で可決した。".into(),
            body_en: "Unanimously approved: the park works go into next year's budget.".into(),
            outcome: "approved".into(),
            votes_for: "14".into(),
            votes_against: "0".into(),
            votes_abstain: "1".into(),
            proposal_ids: first.to_string(),
            ..Default::default()
        },
    )
    .map_err(explain)?;
    acc::publish_decision(
        svc,
        admin,
        acc::DecisionInput {
            body_name: "会津若松市議会 建設委員会".into(),
            decided_on: decided_on.into(),
            title_ja: "公園内の有料駐車場に関する陳情".into(),
            title_en: "Request for paid parking in parks".into(),
            body_ja: "周辺の交通への影響が大きいとして否決した。".into(),
            body_en: "Rejected: the impact on traffic around the parks would be too large.".into(),
            outcome: "rejected".into(),
            votes_for: "3".into(),
            votes_against: "11".into(),
            proposal_ids: second.to_string(),
            ..Default::default()
        },
    )
    .map_err(explain)?;
    let parent = acc::create_result(
        svc,
        admin,
        acc::ResultInput {
            title_ja: "鶴ヶ城公園の改修".into(),
            title_en: "Renovating Tsuruga Castle park".into(),
            description_ja: "請願を受けて、ベンチと照明を整備します。".into(),
            description_en: "Following the petition: new benches and lighting.".into(),
            status: "in_progress".into(),
            budget: "4800000".into(),
            proposal_ids: first.to_string(),
            decision_ids: approved.to_string(),
            ..Default::default()
        },
    )
    .map_err(explain)?;
    let part = |ja: &str, en: &str, status: &str, progress: &str| acc::ResultInput {
        parent_id: Some(parent),
        title_ja: ja.into(),
        title_en: en.into(),
        status: status.into(),
        progress: progress.into(),
        ..Default::default()
    };
    let benches = acc::create_result(svc, admin, part("ベンチ20基の設置", "20 new benches", "in_progress", "0"))
        .map_err(explain)?;
    acc::create_result(svc, admin, part("夜間照明", "Night lighting", "cancelled", "0")).map_err(explain)?;
    acc::add_progress_update(svc, admin, benches, "ベンチ20基の設置が完了しました。", "100", "completed", None)
        .map_err(explain)?;
    yoriai_services::dashboard::set_population(svc, admin, "115000").map_err(explain)?;
    let year = (yoriai_services::dashboard::current_fiscal_year() + 2).to_string();
    for (ja, en, metric, baseline, target) in [
        ("提案への回答率", "Share of proposals answered", "answered_share", "40", "90"),
        ("市民の登録率", "Share of residents registered", "registered_share", "5", "20"),
    ] {
        yoriai_services::dashboard::add_kpi(
            svc,
            admin,
            yoriai_services::dashboard::KpiInput {
                name_ja: ja.into(),
                name_en: en.into(),
                metric: metric.into(),
                baseline: baseline.into(),
                target: target.into(),
                target_year: year.clone(),
                data_source: String::new(),
                update_cycle: "quarterly".into(),
                ..Default::default()
            },
        )
        .map_err(explain)?;
    }
    Ok(())
}

/// Two districts split at the city centre's latitude.
const DEMO_DISTRICTS: &str = r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"north","name_ja":"北地区","name_en":"North"},"geometry":{"type":"Polygon","coordinates":[[[139.88,37.4947],[139.98,37.4947],[139.98,37.54],[139.88,37.54],[139.88,37.4947]]]}},
{"type":"Feature","properties":{"code":"south","name_ja":"南地区","name_en":"South"},"geometry":{"type":"Polygon","coordinates":[[[139.88,37.45],[139.98,37.45],[139.98,37.4947],[139.88,37.4947],[139.88,37.45]]]}}]}"#;

/// (code, 日本語, English, department index, [(question code, kind, ja, en, required, options)])
type DemoQuestion = (&'static str, &'static str, &'static str, &'static str, bool, &'static str);
const REPORT_CATEGORIES: &[(&str, &str, &str, usize, &[DemoQuestion])] = &[
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
const REPORT_TEXTS: &[[(&str, &str); 2]] = &[
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

fn demo_reports(svc: &Services, admin: &Actor, residents: &[Actor], rng: &mut StdRng) -> anyhow::Result<()> {
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

/// (Japanese title, English title, cost, district index, description)
const PROJECTS: &[(&str, &str, i64, usize, &str)] = &[
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
fn demo_budget(
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
        b::publish_results(svc, admin, bid).map_err(explain)?;
    }
    Ok(())
}

fn open_phase(ja: &str, en: &str, from: &str, to: &str, limit: i32, threshold: i32) -> PhaseInput {
    PhaseInput {
        title_ja: ja.into(),
        title_en: en.into(),
        starts_on: from.into(),
        ends_on: to.into(),
        proposals_open: true,
        supports_open: true,
        support_limit: limit.to_string(),
        min_supports_to_count: "0".into(),
        threshold: threshold.to_string(),
        comments_open: true,
        ..Default::default()
    }
}

fn closed_phase(ja: &str, en: &str, from: &str, to: &str) -> PhaseInput {
    PhaseInput {
        title_ja: ja.into(),
        title_en: en.into(),
        starts_on: from.into(),
        ends_on: to.into(),
        ..Default::default()
    }
}

fn add_categories(svc: &Services, admin: &Actor, pid: ProcessId) -> anyhow::Result<Vec<CategoryId>> {
    let names = [
        ("道路・交通", "Roads and transport"),
        ("公園・環境", "Parks and environment"),
        ("子育て・教育", "Children and education"),
        ("福祉・健康", "Welfare and health"),
        ("観光・文化", "Tourism and culture"),
    ];
    names.iter().map(|(ja, en)| add_category(svc, admin, pid, ja, en).map_err(explain)).collect()
}

/// What one process's demo proposals look like.
struct Batch<'a> {
    slug: &'a str,
    categories: &'a [CategoryId],
    count: usize,
    custom_state: Option<CustomStateId>,
    /// Answer every proposal (a closed process) rather than some.
    answer_all: bool,
}

fn fill(svc: &Services, admin: &Actor, residents: &[Actor], rng: &mut StdRng, batch: Batch<'_>) -> anyhow::Result<()> {
    let Batch { slug, categories, count, custom_state, answer_all } = batch;
    let mut ids = Vec::new();
    for i in 0..count {
        let (tja, bja, ten, ben) = IDEAS[i % IDEAS.len()];
        // Half in Japanese, half in English, as residents write.
        let (title, body) = if i % 2 == 0 { (tja, bja) } else { (ten, ben) };
        let title = if i >= IDEAS.len() { format!("{title} ({})", i / IDEAS.len() + 1) } else { title.to_owned() };
        let author = &residents[i % residents.len()];
        let input = ProposalInput {
            title,
            body: body.to_owned(),
            category_id: Some(categories[i % categories.len()]),
            latitude: if i % 3 == 0 { format!("{:.5}", 37.49 + rng.random_range(-0.02..0.02)) } else { String::new() },
            longitude: if i % 3 == 0 {
                format!("{:.5}", 139.93 + rng.random_range(-0.02..0.02))
            } else {
                String::new()
            },
            ..Default::default()
        };
        let id = p::create_draft(svc, author, slug, input).map_err(explain)?;
        p::publish_proposal(svc, author, id).map_err(explain)?;
        ids.push((id, i % residents.len()));
    }
    // Supports: each resident supports a few proposals (within the limit of 10).
    for (r, resident) in residents.iter().enumerate() {
        let wanted = rng.random_range(2..=9);
        for _ in 0..wanted {
            let (pid, author) = ids[rng.random_range(0..ids.len())];
            if author != r {
                let _ = p::support_proposal(svc, resident, pid);
            }
        }
    }
    // Comments and replies.
    for (n, (pid, _)) in ids.iter().enumerate().filter(|(n, _)| n % 2 == 0) {
        let (stance, text) = COMMENTS[n % COMMENTS.len()];
        let who = &residents[(n + 3) % residents.len()];
        let cid =
            p::add_comment(svc, who, *pid, CommentInput { body: text.into(), stance: stance.into(), parent_id: None })
                .map_err(explain)?;
        if n % 4 == 0 {
            let other = &residents[(n + 5) % residents.len()];
            let reply = CommentInput {
                body: "ありがとうございます。補足すると、地域の集まりでも話題になっています。".into(),
                stance: "neutral".into(),
                parent_id: Some(cid),
            };
            p::add_comment(svc, other, *pid, reply).map_err(explain)?;
        }
    }
    // Answers: some (or all) proposals, accepted, rejected with reasons, evaluating, in progress.
    for (n, (pid, _)) in ids.iter().enumerate() {
        if !answer_all && n % 4 != 0 {
            continue;
        }
        let (state, text, cost) = match n % 4 {
            0 => ("accepted".to_owned(), "採用します。来年度予算で実施します。\nWe accept this proposal; it will be carried out next fiscal year.", "1200000"),
            1 => ("rejected".to_owned(), "今回は不採用とします。用地の確保が難しく、費用が見込みを大きく上回るためです。\nNot accepted this time: no suitable land, and the cost far exceeds the estimate.", ""),
            2 => ("evaluating".to_owned(), "担当課で検討しています。\nThe department is studying it.", ""),
            _ => (custom_state.map(|c| format!("custom:{c}")).unwrap_or_else(|| "accepted".into()), "工事が始まりました。\nWork has started.", "800000"),
        };
        p::answer_proposal(
            svc,
            admin,
            *pid,
            AnswerInput { state, text: text.into(), cost: cost.into(), publish: true },
        )
        .map_err(explain)?;
    }
    Ok(())
}
