//! Demo phases, categories and proposals with supports and comments.

use super::*;

pub(super) fn open_phase(ja: &str, en: &str, from: &str, to: &str, limit: i32, threshold: i32) -> PhaseInput {
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

pub(super) fn closed_phase(ja: &str, en: &str, from: &str, to: &str) -> PhaseInput {
    PhaseInput {
        title_ja: ja.into(),
        title_en: en.into(),
        starts_on: from.into(),
        ends_on: to.into(),
        ..Default::default()
    }
}

pub(super) fn add_categories(svc: &Services, admin: &Actor, pid: ProcessId) -> anyhow::Result<Vec<CategoryId>> {
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
pub(super) struct Batch<'a> {
    pub(super) slug: &'a str,
    pub(super) categories: &'a [CategoryId],
    pub(super) count: usize,
    pub(super) custom_state: Option<CustomStateId>,
    /// Answer every proposal (a closed process) rather than some.
    pub(super) answer_all: bool,
}

pub(super) fn fill(
    svc: &Services,
    admin: &Actor,
    residents: &[Actor],
    rng: &mut StdRng,
    batch: Batch<'_>,
) -> anyhow::Result<()> {
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
