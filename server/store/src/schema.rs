//! The one portable schema. Only types both backends share: BigInt ids, Text with
//! CHECK constraints for enums, Integer counters, Timestamp (UTC), Bool.

diesel::table! {
    users (id) {
        id -> BigInt,
        email -> Text,
        display_name -> Text,
        password_hash -> Nullable<Text>,
        role -> Text,
        locale -> Nullable<Text>,
        email_confirmed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        notification_email -> Text,
        digest_sent_at -> Nullable<Timestamp>,
        blocked_at -> Nullable<Timestamp>,
        appear_as -> Text,
    }
}

diesel::table! {
    sessions (id) {
        id -> BigInt,
        user_id -> BigInt,
        token_hash -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
        second_factor_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    user_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        purpose -> Text,
        token_hash -> Text,
        new_email -> Nullable<Text>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        name -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        expires_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    auth_throttle (key) {
        key -> Text,
        window_start -> Timestamp,
        failures -> Integer,
        locked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    outbox (id) {
        id -> BigInt,
        kind -> Text,
        recipient -> Text,
        subject -> Text,
        body_text -> Text,
        created_at -> Timestamp,
        next_attempt_at -> Timestamp,
        attempts -> Integer,
        lease_until -> Nullable<Timestamp>,
        sent_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        user_id -> Nullable<BigInt>,
        purpose -> Nullable<Text>,
    }
}

diesel::table! {
    action_log (id) {
        id -> BigInt,
        actor_user_id -> Nullable<BigInt>,
        action -> Text,
        target_type -> Text,
        target_id -> Nullable<BigInt>,
        visibility -> Text,
        reason -> Nullable<Text>,
        details -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    districts (id) {
        id -> BigInt,
        code -> Nullable<Text>,
        name_ja -> Text,
        name_en -> Text,
        geometry -> Nullable<Text>,
        min_lat -> Nullable<Double>,
        max_lat -> Nullable<Double>,
        min_lon -> Nullable<Double>,
        max_lon -> Nullable<Double>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    uploads (id) {
        id -> BigInt,
        owner_id -> Nullable<BigInt>,
        storage_key -> Text,
        content_type -> Text,
        width -> Integer,
        height -> Integer,
        bytes -> BigInt,
        alt_text -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    processes (id) {
        id -> BigInt,
        slug -> Text,
        title_ja -> Text,
        title_en -> Text,
        description_ja -> Text,
        description_en -> Text,
        image_id -> Nullable<BigInt>,
        district_id -> Nullable<BigInt>,
        manual_phase_id -> Nullable<BigInt>,
        edit_window_minutes -> Integer,
        published -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    phases (id) {
        id -> BigInt,
        process_id -> BigInt,
        position -> Integer,
        title_ja -> Text,
        title_en -> Text,
        starts_at -> Nullable<Timestamp>,
        ends_at -> Nullable<Timestamp>,
        proposals_open -> Bool,
        supports_open -> Bool,
        support_limit -> Nullable<Integer>,
        min_supports_to_count -> Integer,
        threshold -> Nullable<Integer>,
        accumulate_beyond_threshold -> Bool,
        supports_require_verification -> Bool,
        support_own_allowed -> Bool,
        comments_open -> Bool,
    }
}

diesel::table! {
    categories (id) {
        id -> BigInt,
        process_id -> BigInt,
        name_ja -> Text,
        name_en -> Text,
        position -> Integer,
    }
}

diesel::table! {
    proposal_states (id) {
        id -> BigInt,
        key -> Text,
        label_ja -> Text,
        label_en -> Text,
        colour -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    proposals (id) {
        id -> BigInt,
        process_id -> BigInt,
        author_id -> Nullable<BigInt>,
        title -> Text,
        body -> Text,
        category_id -> Nullable<BigInt>,
        district_id -> Nullable<BigInt>,
        address -> Nullable<Text>,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        state -> Text,
        support_count -> Integer,
        comment_count -> Integer,
        follower_count -> Integer,
        report_count -> Integer,
        hidden_at -> Nullable<Timestamp>,
        reached_at -> Nullable<Timestamp>,
        random_rank -> Integer,
        search_terms -> Text,
        answer_state -> Nullable<Text>,
        answer_custom_state_id -> Nullable<BigInt>,
        answer_text -> Nullable<Text>,
        answer_cost -> Nullable<BigInt>,
        answered_at -> Nullable<Timestamp>,
        answer_published_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        published_at -> Nullable<Timestamp>,
        withdrawn_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    proposal_images (proposal_id, upload_id) {
        proposal_id -> BigInt,
        upload_id -> BigInt,
        position -> Integer,
    }
}

diesel::table! {
    process_participants (process_id, user_id) {
        process_id -> BigInt,
        user_id -> BigInt,
        supports_given -> Integer,
    }
}

diesel::table! {
    supports (id) {
        id -> BigInt,
        proposal_id -> BigInt,
        user_id -> BigInt,
        process_id -> BigInt,
        counted -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    comments (id) {
        id -> BigInt,
        proposal_id -> BigInt,
        parent_id -> Nullable<BigInt>,
        depth -> Integer,
        author_id -> Nullable<BigInt>,
        body -> Text,
        stance -> Text,
        up_count -> Integer,
        down_count -> Integer,
        report_count -> Integer,
        hidden_at -> Nullable<Timestamp>,
        deleted_at -> Nullable<Timestamp>,
        edited_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    comment_votes (comment_id, user_id) {
        comment_id -> BigInt,
        user_id -> BigInt,
        value -> Integer,
    }
}

diesel::table! {
    follows (user_id, proposal_id) {
        user_id -> BigInt,
        proposal_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    notifications (id) {
        id -> BigInt,
        user_id -> BigInt,
        kind -> Text,
        reason -> Text,
        proposal_id -> Nullable<BigInt>,
        comment_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
        email_state -> Text,
        report_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    content_reports (id) {
        id -> BigInt,
        target_type -> Text,
        target_id -> BigInt,
        reporter_id -> Nullable<BigInt>,
        reason -> Text,
        details -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    moderations (id) {
        id -> BigInt,
        target_type -> Text,
        target_id -> BigInt,
        report_count -> Integer,
        state -> Text,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
        reason -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    budgets (id) {
        id -> BigInt,
        process_id -> BigInt,
        title_ja -> Text,
        title_en -> Text,
        description_ja -> Text,
        description_en -> Text,
        currency -> Text,
        ballot_rule -> Text,
        min_projects -> Nullable<Integer>,
        max_projects -> Nullable<Integer>,
        min_share_percent -> Nullable<Integer>,
        points -> Nullable<Integer>,
        tally_rule -> Text,
        requires_verification -> Bool,
        state -> Text,
        imported_from -> Nullable<Text>,
        voting_opened_at -> Nullable<Timestamp>,
        voting_closed_at -> Nullable<Timestamp>,
        tallied_at -> Nullable<Timestamp>,
        tallied_rule -> Nullable<Text>,
        results_published_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    budget_headings (id) {
        id -> BigInt,
        budget_id -> BigInt,
        name_ja -> Text,
        name_en -> Text,
        district_id -> Nullable<BigInt>,
        amount -> BigInt,
        position -> Integer,
        ballot_count -> Integer,
        eligible_count -> Nullable<Integer>,
        funded_cost -> Nullable<BigInt>,
    }
}

diesel::table! {
    budget_projects (id) {
        id -> BigInt,
        budget_id -> BigInt,
        heading_id -> BigInt,
        title -> Text,
        description -> Text,
        cost -> BigInt,
        category_id -> Nullable<BigInt>,
        address -> Nullable<Text>,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        proposal_id -> Nullable<BigInt>,
        external_id -> Nullable<Text>,
        feasibility -> Text,
        feasibility_reason -> Text,
        valuated_by -> Nullable<BigInt>,
        valuated_at -> Nullable<Timestamp>,
        votes -> Nullable<BigInt>,
        selected -> Bool,
        selection_order -> Nullable<Integer>,
        search_terms -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    budget_project_images (project_id, upload_id) {
        project_id -> BigInt,
        upload_id -> BigInt,
        position -> Integer,
    }
}

diesel::table! {
    ballots (id) {
        id -> BigInt,
        budget_id -> BigInt,
        heading_id -> BigInt,
        user_id -> Nullable<BigInt>,
        state -> Text,
        voter_id -> Nullable<Text>,
        line_count -> Integer,
        total_cost -> BigInt,
        total_points -> Integer,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        checked_out_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    ballot_lines (ballot_id, project_id) {
        ballot_id -> BigInt,
        project_id -> BigInt,
        points -> Integer,
        position -> Integer,
    }
}

diesel::table! {
    departments (id) {
        id -> BigInt,
        name_ja -> Text,
        name_en -> Text,
        is_default -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    department_members (department_id, user_id) {
        department_id -> BigInt,
        user_id -> BigInt,
    }
}

diesel::table! {
    report_categories (id) {
        id -> BigInt,
        code -> Text,
        name_ja -> Text,
        name_en -> Text,
        description_ja -> Text,
        description_en -> Text,
        group_name -> Text,
        keywords -> Text,
        enabled -> Bool,
        department_id -> Nullable<BigInt>,
        position -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    category_questions (id) {
        id -> BigInt,
        category_id -> BigInt,
        code -> Text,
        kind -> Text,
        label_ja -> Text,
        label_en -> Text,
        required -> Bool,
        options -> Text,
        position -> Integer,
    }
}

diesel::table! {
    category_routes (category_id, district_id) {
        category_id -> BigInt,
        district_id -> BigInt,
        department_id -> BigInt,
    }
}

diesel::table! {
    open311_clients (id) {
        id -> BigInt,
        name -> Text,
        key_hash -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    reports (id) {
        id -> BigInt,
        category_id -> BigInt,
        district_id -> Nullable<BigInt>,
        department_id -> Nullable<BigInt>,
        assignee_id -> Nullable<BigInt>,
        reporter_id -> Nullable<BigInt>,
        reporter_name -> Nullable<Text>,
        reporter_email -> Nullable<Text>,
        reporter_phone -> Nullable<Text>,
        show_name -> Bool,
        reporter_updates -> Bool,
        title -> Text,
        description -> Text,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        address -> Nullable<Text>,
        state -> Text,
        duplicate_of -> Nullable<BigInt>,
        referred_to -> Nullable<Text>,
        me_too_count -> Integer,
        follower_count -> Integer,
        confirmed_at -> Nullable<Timestamp>,
        visible -> Bool,
        hidden_at -> Nullable<Timestamp>,
        state_changed_at -> Timestamp,
        fixed_at -> Nullable<Timestamp>,
        source -> Text,
        client_id -> Nullable<BigInt>,
        search_terms -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    report_answers (report_id, question_id) {
        report_id -> BigInt,
        question_id -> BigInt,
        value -> Text,
    }
}

diesel::table! {
    report_photos (report_id, upload_id) {
        report_id -> BigInt,
        upload_id -> BigInt,
        position -> Integer,
    }
}

diesel::table! {
    report_updates (id) {
        id -> BigInt,
        report_id -> BigInt,
        author_id -> Nullable<BigInt>,
        kind -> Text,
        public -> Bool,
        state_from -> Nullable<Text>,
        state_to -> Nullable<Text>,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    report_me_toos (report_id, user_id) {
        report_id -> BigInt,
        user_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    report_follows (user_id, report_id) {
        user_id -> BigInt,
        report_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    report_alerts (id) {
        id -> BigInt,
        user_id -> BigInt,
        district_id -> Nullable<BigInt>,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        radius_m -> Nullable<Integer>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    response_templates (id) {
        id -> BigInt,
        department_id -> Nullable<BigInt>,
        title -> Text,
        body_ja -> Text,
        body_en -> Text,
        state -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    report_counts (department_id, state) {
        department_id -> BigInt,
        state -> Text,
        n -> BigInt,
    }
}

diesel::table! {
    email_links (id) {
        id -> BigInt,
        purpose -> Text,
        token_hash -> Text,
        report_id -> BigInt,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    verifications (user_id) {
        user_id -> BigInt,
        method -> Text,
        district_id -> Nullable<BigInt>,
        citizen_key -> Text,
        verified_by -> Nullable<BigInt>,
        verified_at -> Timestamp,
    }
}

diesel::table! {
    census_entries (citizen_key) {
        citizen_key -> Text,
        birth_key -> Text,
        district_id -> Nullable<BigInt>,
        imported_at -> Timestamp,
    }
}

diesel::table! {
    letter_codes (id) {
        id -> BigInt,
        code_hash -> Text,
        district_id -> BigInt,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    consent_events (id) {
        id -> BigInt,
        user_id -> BigInt,
        purpose -> Text,
        granted -> Bool,
        notice_version -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    personal_attributes (user_id) {
        user_id -> BigInt,
        district_id -> Nullable<BigInt>,
        age_band -> Nullable<Text>,
        interests -> Text,
        accessibility -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    citizen_participation (marker) {
        marker -> Text,
        scope -> Text,
        user_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    personal_data_access (id) {
        id -> BigInt,
        subject_user_id -> BigInt,
        staff_user_id -> Nullable<BigInt>,
        what -> Text,
        reason -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    external_identities (id) {
        id -> BigInt,
        user_id -> BigInt,
        provider -> Text,
        subject -> Text,
        created_at -> Timestamp,
        last_used_at -> Timestamp,
    }
}

diesel::table! {
    external_sign_ins (token_hash) {
        token_hash -> Text,
        provider -> Text,
        nonce -> Nullable<Text>,
        pkce_verifier -> Nullable<Text>,
        link_user_id -> Nullable<BigInt>,
        next_path -> Nullable<Text>,
        subject -> Nullable<Text>,
        email -> Nullable<Text>,
        email_verified -> Bool,
        suggested_name -> Nullable<Text>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    city_settings (id) {
        id -> Integer,
        name_ja -> Text,
        name_en -> Text,
        brand_colour -> Text,
        default_locale -> Text,
        map_lat -> Nullable<Double>,
        map_lon -> Nullable<Double>,
        map_zoom -> Nullable<Integer>,
        mail_from -> Text,
        updated_by -> Nullable<BigInt>,
        updated_at -> Timestamp,
        map_tiles -> Text,
        map_attribution -> Text,
    }
}

diesel::table! {
    sign_in_providers (id) {
        id -> Text,
        label -> Text,
        issuer -> Text,
        client_id -> Text,
        client_secret_sealed -> Nullable<Text>,
        scopes -> Text,
        updated_by -> Nullable<BigInt>,
        updated_at -> Timestamp,
        removed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    privacy_notices (version) {
        version -> Integer,
        body_ja -> Text,
        body_en -> Text,
        changes_ja -> Text,
        changes_en -> Text,
        widens -> Text,
        terms -> Text,
        published_by -> Nullable<BigInt>,
        published_at -> Timestamp,
    }
}

diesel::table! {
    process_roles (process_id, user_id, role) {
        process_id -> BigInt,
        user_id -> BigInt,
        role -> Text,
        granted_by -> Nullable<BigInt>,
        granted_at -> Timestamp,
    }
}

diesel::table! {
    form_echoes (token_hash) {
        token_hash -> Text,
        payload -> Text,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    security_events (id) {
        id -> BigInt,
        user_id -> BigInt,
        kind -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(security_events -> users (user_id));

diesel::table! {
    two_factor (user_id) {
        user_id -> BigInt,
        secret_sealed -> Text,
        confirmed_at -> Nullable<Timestamp>,
        last_step -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    recovery_codes (id) {
        id -> BigInt,
        user_id -> BigInt,
        code_hash -> Text,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    second_factor_waits (token_hash) {
        token_hash -> Text,
        user_id -> BigInt,
        next_path -> Nullable<Text>,
        attempts -> Integer,
        expires_at -> Timestamp,
    }
}

diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(external_identities -> users (user_id));
diesel::joinable!(phases -> processes (process_id));
diesel::joinable!(categories -> processes (process_id));
diesel::joinable!(proposals -> processes (process_id));
diesel::joinable!(proposals -> users (author_id));
diesel::joinable!(proposals -> categories (category_id));
diesel::joinable!(proposals -> districts (district_id));
diesel::joinable!(proposals -> proposal_states (answer_custom_state_id));
diesel::joinable!(proposal_images -> proposals (proposal_id));
diesel::joinable!(proposal_images -> uploads (upload_id));
diesel::joinable!(supports -> proposals (proposal_id));
diesel::joinable!(comments -> proposals (proposal_id));
diesel::joinable!(comments -> users (author_id));
diesel::joinable!(follows -> proposals (proposal_id));
diesel::joinable!(comment_votes -> comments (comment_id));
diesel::joinable!(notifications -> users (user_id));
diesel::joinable!(notifications -> proposals (proposal_id));
diesel::joinable!(user_tokens -> users (user_id));
diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(action_log -> users (actor_user_id));
diesel::joinable!(budgets -> processes (process_id));
diesel::joinable!(budget_headings -> budgets (budget_id));
diesel::joinable!(budget_projects -> budget_headings (heading_id));
diesel::joinable!(budget_projects -> categories (category_id));
diesel::joinable!(budget_project_images -> budget_projects (project_id));
diesel::joinable!(budget_project_images -> uploads (upload_id));
diesel::joinable!(ballots -> budget_headings (heading_id));
diesel::joinable!(ballot_lines -> ballots (ballot_id));
diesel::joinable!(ballot_lines -> budget_projects (project_id));
diesel::joinable!(department_members -> departments (department_id));
diesel::joinable!(department_members -> users (user_id));
diesel::joinable!(category_questions -> report_categories (category_id));
diesel::joinable!(category_routes -> report_categories (category_id));
diesel::joinable!(category_routes -> departments (department_id));
diesel::joinable!(reports -> report_categories (category_id));
diesel::joinable!(reports -> departments (department_id));
diesel::joinable!(reports -> districts (district_id));
diesel::joinable!(report_answers -> reports (report_id));
diesel::joinable!(report_answers -> category_questions (question_id));
diesel::joinable!(report_photos -> reports (report_id));
diesel::joinable!(report_photos -> uploads (upload_id));
diesel::joinable!(report_updates -> reports (report_id));
diesel::joinable!(report_updates -> users (author_id));
diesel::joinable!(report_me_toos -> reports (report_id));
diesel::joinable!(report_follows -> reports (report_id));
diesel::joinable!(report_alerts -> users (user_id));
diesel::joinable!(email_links -> reports (report_id));
diesel::joinable!(notifications -> reports (report_id));

diesel::table! {
    decisions (id) {
        id -> BigInt,
        process_id -> Nullable<BigInt>,
        body_name -> Text,
        decided_on -> Text,
        title_ja -> Text,
        title_en -> Text,
        body_ja -> Text,
        body_en -> Text,
        outcome -> Text,
        votes_for -> Nullable<Integer>,
        votes_against -> Nullable<Integer>,
        votes_abstain -> Nullable<Integer>,
        author_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        search_terms -> Text,
    }
}

diesel::table! {
    decision_links (decision_id, item_type, item_id) {
        decision_id -> BigInt,
        item_type -> Text,
        item_id -> BigInt,
    }
}

diesel::table! {
    decision_documents (id) {
        id -> BigInt,
        decision_id -> BigInt,
        storage_key -> Text,
        file_name -> Text,
        bytes -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    results (id) {
        id -> BigInt,
        process_id -> Nullable<BigInt>,
        parent_id -> Nullable<BigInt>,
        title_ja -> Text,
        title_en -> Text,
        description_ja -> Text,
        description_en -> Text,
        status -> Text,
        custom_status_ja -> Text,
        custom_status_en -> Text,
        progress -> Integer,
        starts_on -> Nullable<Text>,
        ends_on -> Nullable<Text>,
        budget -> Nullable<BigInt>,
        child_count -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        search_terms -> Text,
    }
}

diesel::table! {
    result_links (result_id, item_type, item_id) {
        result_id -> BigInt,
        item_type -> Text,
        item_id -> BigInt,
    }
}

diesel::table! {
    result_updates (id) {
        id -> BigInt,
        result_id -> BigInt,
        body -> Text,
        progress -> Nullable<Integer>,
        status -> Nullable<Text>,
        image_id -> Nullable<BigInt>,
        author_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    kpis (id) {
        id -> BigInt,
        process_id -> Nullable<BigInt>,
        name_ja -> Text,
        name_en -> Text,
        metric -> Text,
        baseline -> Double,
        target -> Double,
        target_year -> Integer,
        data_source -> Text,
        update_cycle -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    platform_figures (key) {
        key -> Text,
        value -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    search_index (id) {
        id -> BigInt,
        item_type -> Text,
        item_id -> BigInt,
        title -> Text,
        search_terms -> Text,
        visible -> Bool,
    }
}

diesel::joinable!(decision_links -> decisions (decision_id));
diesel::joinable!(decision_documents -> decisions (decision_id));
diesel::joinable!(result_links -> results (result_id));
diesel::joinable!(result_updates -> results (result_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    city_settings,
    sign_in_providers,
    sessions,
    user_tokens,
    api_tokens,
    auth_throttle,
    outbox,
    action_log,
    districts,
    uploads,
    processes,
    phases,
    categories,
    proposal_states,
    proposals,
    proposal_images,
    process_participants,
    supports,
    comments,
    comment_votes,
    follows,
    notifications,
    content_reports,
    moderations,
    budgets,
    budget_headings,
    budget_projects,
    budget_project_images,
    ballots,
    ballot_lines,
    departments,
    department_members,
    report_categories,
    category_questions,
    category_routes,
    open311_clients,
    reports,
    report_answers,
    report_photos,
    report_updates,
    report_me_toos,
    report_follows,
    report_alerts,
    response_templates,
    email_links,
    report_counts,
    decisions,
    decision_links,
    decision_documents,
    results,
    result_links,
    result_updates,
    kpis,
    platform_figures,
    search_index,
    verifications,
    census_entries,
    letter_codes,
    consent_events,
    personal_attributes,
    personal_data_access,
    citizen_participation,
    external_identities,
    external_sign_ins,
    two_factor,
    recovery_codes,
    second_factor_waits,
    privacy_notices,
    process_roles,
    form_echoes,
    security_events,
);
