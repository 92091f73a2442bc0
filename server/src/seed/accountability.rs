//! Demo council decisions, a result in two parts, the population and two KPIs.

use super::*;

/// Two decisions on parks-2025 proposals (one approved, one rejected), a result with
/// two parts (one done, one cancelled), the population and two KPIs.
pub(super) fn demo_accountability(svc: &Services, admin: &Actor, decided_on: &str) -> anyhow::Result<()> {
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
