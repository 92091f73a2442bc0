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

mod accountability;
mod budgets;
mod proposals;
mod reports;
use accountability::*;
use budgets::*;
use proposals::*;
use reports::*;

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

pub fn demo(config: &Config, tenant: Option<&str>) -> anyhow::Result<()> {
    refuse_in_production(config, "demo data")?;
    let svc = services(config, tenant)?;
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
