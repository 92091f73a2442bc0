//! The open-data page: what can be downloaded, and how.

use super::*;

#[component]
pub fn OpenDataPageView() -> impl IntoView {
    let data = Resource::new_blocking(|| (), |_| get_open_data());
    let csrf = use_page().csrf;
    let query = use_query_map();
    let error = query.read_untracked().get("error").map(|c| reason_text(&c));
    view! {
        <Title text=t("open-data-title") />
        <Notice />
        <h1>{t("open-data-title")}</h1>
        <p>{t("open-data-intro")}</p>
        {error
            .map(|m| {
                view! {
                    <div class="error-summary" role="alert">
                        <p>{m}</p>
                    </div>
                }
            })}
        <Suspense fallback=Loading>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(p) => {
                            let csrf = csrf.clone();
                            view! {
                                {match p.archive.clone() {
                                    Some((at, bytes)) => {
                                        view! {
                                            <p>
                                                <a class="button" href="/open-data/yoriai-open-data.zip" download>
                                                    {t("open-data-download")}
                                                </a>
                                            </p>
                                            <p class="meta">
                                                {t_args(
                                                    "open-data-archive-info",
                                                    &[("at", at.into()), ("kb", (bytes.div_ceil(1024) as i64).into())],
                                                )}
                                            </p>
                                        }
                                            .into_any()
                                    }
                                    None => view! { <p>{t("open-data-not-yet")}</p> }.into_any(),
                                }}
                                <p>
                                    {t("open-data-api")} " "
                                    <code>"/api/v1/open-data/{dataset}?after=0&limit=100"</code>
                                </p>
                                {p
                                    .can_export
                                    .then(|| {
                                        view! {
                                            <form
                                                method="post"
                                                action=format!("/admin/open-data/export?csrf={csrf}")
                                                class="staff-box"
                                            >
                                                <p>{t("open-data-export-hint")}</p>
                                                <button type="submit" class="button secondary">
                                                    {t("open-data-export-now")}
                                                </button>
                                            </form>
                                        }
                                    })}
                                <h2>{t("open-data-schema")}</h2>
                                <p>{t("open-data-schema-intro")}</p>
                                <p class="hint">{t("open-data-fields-note")}</p>
                                {p
                                    .datasets
                                    .into_iter()
                                    .map(|d| {
                                        let title = t(&format!("dataset-{}", d.name.replace('_', "-")));
                                        // Titles are translated; `d.title` (English) is the archive's.
                                        view! {
                                            <section class="dataset" aria-labelledby=format!("ds-{}", d.name)>
                                                <h3 id=format!(
                                                    "ds-{}",
                                                    d.name,
                                                )>
                                                    {title.clone()} " "
                                                    <code>{format!("{}.csv / {}.json", d.name, d.name)}</code>
                                                </h3>
                                                <div class="table-wrap">
                                                    <table class="table">
                                                        <caption class="visually-hidden">{title}</caption>
                                                        <thead>
                                                            <tr>
                                                                <th scope="col">{t("open-data-col-field")}</th>
                                                                <th scope="col">{t("open-data-col-type")}</th>
                                                                <th scope="col">{t("open-data-col-description")}</th>
                                                            </tr>
                                                        </thead>
                                                        <tbody>
                                                            {d
                                                                .fields
                                                                .into_iter()
                                                                .map(|(name, kind, required, desc)| {
                                                                    view! {
                                                                        <tr>
                                                                            <th scope="row">
                                                                                <code>{name}</code>
                                                                            </th>
                                                                            <td>
                                                                                {kind}
                                                                                {required
                                                                                    .then(|| format!(" ({})", t("open-data-required")))}
                                                                            </td>
                                                                            <td lang="en">{desc}</td>
                                                                        </tr>
                                                                    }
                                                                })
                                                                .collect_view()}
                                                        </tbody>
                                                    </table>
                                                </div>
                                            </section>
                                        }
                                    })
                                    .collect_view()}
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}
