//! Set-ups many tests share: a published process with one open phase, published
//! proposals, a street-report category, a report.

use crate::TestApp;
use yoriai_domain::{Actor, ReportCategoryId, ReportId, Role};
use yoriai_services::processes::{add_category, add_phase, create_process, PhaseInput, ProcessInput};
use yoriai_services::proposals as p;
use yoriai_services::reports as r;

/// An open phase: proposals, supports and comments open, with the given support limit
/// and threshold ("" for none).
pub fn open_phase(limit: &str, threshold: &str) -> PhaseInput {
    PhaseInput {
        title_ja: "募集".into(),
        title_en: "Call".into(),
        proposals_open: true,
        supports_open: true,
        comments_open: true,
        support_limit: limit.into(),
        threshold: threshold.into(),
        ..Default::default()
    }
}

/// A published process `slug` with one phase (and a category "Parks"), made by a new
/// administrator; returns (administrator, process id).
pub async fn open_process(app: &TestApp, slug: &str, phase: PhaseInput) -> (Actor, yoriai_domain::ProcessId) {
    let admin = app.account(&format!("admin-{slug}@example.jp"), Role::Admin).await;
    let a = admin.clone();
    let slug = slug.to_owned();
    let pid = app
        .run(move |svc| {
            let pid = create_process(
                svc,
                &a,
                ProcessInput {
                    slug,
                    title_ja: "まちづくり".into(),
                    title_en: "Town ideas".into(),
                    description_ja: "説明".into(),
                    description_en: "About".into(),
                    published: true,
                    ..Default::default()
                },
            )?;
            add_phase(svc, &a, pid, phase)?;
            add_category(svc, &a, pid, "公園", "Parks")?;
            Ok(pid)
        })
        .await
        .expect("process set up");
    (admin, pid)
}

/// A proposal by `author` in process `slug`, published; returns its id.
pub async fn published_proposal(app: &TestApp, author: &Actor, slug: &str, title: &str) -> yoriai_domain::ProposalId {
    let (a, slug, title) = (author.clone(), slug.to_owned(), title.to_owned());
    app.run(move |svc| {
        let id = p::create_draft(
            svc,
            &a,
            &slug,
            p::ProposalInput { title, body: "A body long enough to be a proposal.".into(), ..Default::default() },
        )?;
        p::publish_proposal(svc, &a, id)?;
        Ok(id)
    })
    .await
    .expect("proposal published")
}

/// A roads department and an enabled "Pothole" category routed to it; returns the
/// category id.
pub async fn street_category(app: &TestApp, admin: &Actor) -> ReportCategoryId {
    let a = admin.clone();
    app.run(move |svc| {
        let roads = r::create_department(svc, &a, "道路課", "Roads")?;
        r::create_category(
            svc,
            &a,
            r::CategoryInput {
                code: "pothole".into(),
                name_ja: "道路の穴".into(),
                name_en: "Pothole".into(),
                enabled: true,
                department_id: Some(roads),
                ..Default::default()
            },
        )
    })
    .await
    .expect("category set up")
}

/// A street report by a signed-in resident; returns its id.
pub async fn street_report(app: &TestApp, author: &Actor, category: ReportCategoryId, title: &str) -> ReportId {
    let (a, title) = (author.clone(), title.to_owned());
    app.run(move |svc| {
        r::create_report(
            svc,
            &a,
            r::ReportInput {
                category_id: Some(category),
                title,
                description: "About 30 cm wide.".into(),
                latitude: "37.4950".into(),
                longitude: "139.9300".into(),
                ..Default::default()
            },
            yoriai_domain::Locale::En,
        )
        .map(|r| r.id)
    })
    .await
    .expect("report made")
}
