//! The staff panel on a report: state, routing, assignment, public update, internal note.

use super::*;

#[component]
pub(super) fn StaffPanelView(
    id: ReportId,
    panel: yoriai_views::reports::StaffPanel,
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let locale = use_page().locale;
    let state = ServerAction::<ChangeReportState>::new();
    let update = ServerAction::<ReportPublicUpdate>::new();
    let note = ServerAction::<ReportInternalNote>::new();
    let assign = ServerAction::<AssignReport>::new();
    let mv = ServerAction::<MoveReport>::new();
    let merge = ServerAction::<MergeReport>::new();
    let state_error = form_outcome_then(state, Some(refresh));
    let update_error = form_outcome_then(update, Some(refresh));
    let note_error = form_outcome_then(note, Some(refresh));
    let assign_error = form_outcome_then(assign, Some(refresh));
    let move_error = form_outcome_then(mv, Some(refresh));
    let merge_error = form_outcome_then(merge, Some(refresh));
    let state_options: Vec<(String, String)> =
        panel.next_states.iter().map(|s| (s.as_str().to_owned(), state_label(*s))).collect();
    let template_options: Vec<(String, String)> = std::iter::once((String::new(), t("report-template-none")))
        .chain(panel.templates.iter().map(|tpl| (tpl.id.to_string(), tpl.title.clone())))
        .collect();
    let template_options_update = template_options.clone();
    let member_options: Vec<(String, String)> = std::iter::once((String::new(), t("report-assign-nobody")))
        .chain(panel.members.iter().map(|(mid, name)| (mid.to_string(), name.clone())))
        .collect();
    let dept_options: Vec<(String, String)> =
        panel.departments.iter().map(|d| (d.id.to_string(), d.name.get(locale).to_owned())).collect();
    let current_assignee = panel.assignee.as_ref().map(|a| a.0.to_string()).unwrap_or_default();
    let current_dept = panel.department_id.map(|d| d.to_string()).unwrap_or_default();
    let templates_text: Vec<(String, String)> =
        panel.templates.iter().map(|tpl| (tpl.title.clone(), format!("{}\n\n{}", tpl.body.ja, tpl.body.en))).collect();
    let (sp, up, np): (Signal<bool>, Signal<bool>, Signal<bool>) =
        (state.pending().into(), update.pending().into(), note.pending().into());
    view! {
        <section id="staff" aria-labelledby="staff-title" class="staff-box">
            <h2 id="staff-title">{t("report-staff-title")}</h2>
            <p class="meta">{t_args("report-source", &[("source", panel.source.clone().into())])}</p>
            {(!state_options.is_empty())
                .then(|| {
                    view! {
                        <ActionForm action=state attr:id="state-form" attr:novalidate=true>
                            <h3>{t("report-change-state")}</h3>
                            <ErrorSummary error=state_error form_id="state-form" />
                            <CsrfField />
                            <input type="hidden" name="id" value=id.to_string() />
                            <Select
                                form_id="state-form"
                                name="state"
                                label="report-new-state"
                                options=state_options.clone()
                                required=true
                                error=state_error
                            />
                            <Select
                                form_id="state-form"
                                name="template_id"
                                label="report-template"
                                hint="report-template-hint"
                                options=template_options.clone()
                                error=state_error
                            />
                            <TextArea
                                form_id="state-form"
                                name="body"
                                label="report-public-text"
                                hint="report-public-text-hint"
                                required=false
                                rows=3
                                error=state_error
                            />
                            <Field
                                form_id="state-form"
                                name="referred_to"
                                label="report-referred-field"
                                hint="report-referred-field-hint"
                                required=false
                                error=state_error
                            />
                            <SubmitButton label="report-change-state" pending=sp />
                        </ActionForm>
                    }
                })}
            <ActionForm action=update attr:id="update-form" attr:novalidate=true>
                <h3>{t("report-public-update")}</h3>
                <ErrorSummary error=update_error form_id="update-form" />
                <CsrfField />
                <input type="hidden" name="id" value=id.to_string() />
                <Select
                    form_id="update-form"
                    name="template_id"
                    label="report-template"
                    options=template_options_update
                    error=update_error
                />
                <TextArea
                    form_id="update-form"
                    name="body"
                    label="report-public-text"
                    required=false
                    rows=3
                    error=update_error
                />
                <SubmitButton label="report-public-update" pending=up />
            </ActionForm>
            <ActionForm action=note attr:id="note-form" attr:novalidate=true>
                <h3>{t("report-internal-note")}</h3>
                <ErrorSummary error=note_error form_id="note-form" />
                <CsrfField />
                <input type="hidden" name="id" value=id.to_string() />
                <TextArea
                    form_id="note-form"
                    name="note"
                    label="report-note-text"
                    hint="report-note-hint"
                    rows=3
                    error=note_error
                />
                <SubmitButton label="report-internal-note" pending=np />
            </ActionForm>
            <ActionForm action=assign attr:id="assign-form">
                <h3>{t("report-assign")}</h3>
                <ErrorSummary error=assign_error form_id="assign-form" />
                <CsrfField />
                <input type="hidden" name="id" value=id.to_string() />
                <Select
                    form_id="assign-form"
                    name="assignee_id"
                    label="report-assignee"
                    options=member_options
                    value=current_assignee
                    error=assign_error
                />
                <button type="submit" class="button secondary">
                    {t("report-assign")}
                </button>
            </ActionForm>
            <details open=move_error.get_untracked().is_some() || merge_error.get_untracked().is_some()>
                <summary>{t("report-more-actions")}</summary>
                <ActionForm action=mv attr:id="move-form">
                    <h3>{t("report-move")}</h3>
                    <ErrorSummary error=move_error form_id="move-form" />
                    <CsrfField />
                    <input type="hidden" name="id" value=id.to_string() />
                    <Select
                        form_id="move-form"
                        name="department_id"
                        label="report-department-field"
                        options=dept_options
                        value=current_dept
                        required=true
                        error=move_error
                    />
                    <button type="submit" class="button secondary">
                        {t("report-move")}
                    </button>
                </ActionForm>
                <ActionForm action=merge attr:id="merge-form" attr:novalidate=true>
                    <h3>{t("report-merge")}</h3>
                    <ErrorSummary error=merge_error form_id="merge-form" />
                    <CsrfField />
                    <input type="hidden" name="id" value=id.to_string() />
                    <Field
                        form_id="merge-form"
                        name="into"
                        label="report-merge-into"
                        hint="report-merge-hint"
                        input_type="text"
                        error=merge_error
                    />
                    <button type="submit" class="button secondary">
                        {t("report-merge")}
                    </button>
                </ActionForm>
                {panel
                    .has_contact
                    .then(|| {
                        view! {
                            <form method="get" action=format!("/reports/{id}/contact") id="contact-form">
                                <h3>{t("report-contact")}</h3>
                                <p class="hint">{t("report-contact-explain")}</p>
                                <CsrfField />
                                <div class="field">
                                    <label for="contact-reason">{t("report-contact-reason")}</label>
                                    <input id="contact-reason" name="reason" required=true minlength=3 maxlength=200 />
                                </div>
                                <button type="submit" class="button secondary">
                                    {t("report-contact-show")}
                                </button>
                            </form>
                        }
                    })}
            </details>
            {(!templates_text.is_empty())
                .then(|| {
                    view! {
                        <details class="templates">
                            <summary>{t("report-templates-list")}</summary>
                            <dl>
                                {templates_text
                                    .into_iter()
                                    .map(|(title, body)| {
                                        view! {
                                            <dt>{title}</dt>
                                            <dd class="pre">{body}</dd>
                                        }
                                    })
                                    .collect_view()}
                            </dl>
                        </details>
                    }
                })}
        </section>
    }
    .into_any()
}
