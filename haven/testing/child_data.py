"""Which routes answer a GET with child-identifying data (security issue 18, item 8).

Every route the access table (haven/core/tests/test_access_table.py) calls with GET (and
every API route the table calls otherwise whose view also answers GET) is
named in exactly one of the two sets below: a new route fails
`test_every_get_route_is_classified` until someone decides. Each route in CHILD_DATA is
then read by every persona the table lets in, and each read must write exactly one audit
access row (haven/core/tests/test_child_reads_audited.py).

Child-identifying: a child's or another party's name, a case's contents or its list of
cases, an interview, a recording, a document, a screening, a meeting's agenda of cases;
a form page on a case counts (its heading names the child). Not child-identifying: staff,
agencies, teams, the role matrix, training, aggregate counts, the public report form, and
pages that name a case by number only (the security officer's access controls, a
calendar feed of numbers, rooms and times).
"""

CHILD_DATA = frozenset(
    {
        # cases and people
        "cases:case_list",
        "cases:case_search",
        "cases:case_detail",
        "cases:case_report",
        "cases:case_status",
        "people:person_detail",
        "people:merge_search",
        "people:merge_confirm",
        # the security officer's review list: names, dates of birth, case numbers
        "people:duplicate_reviews",
        "api-cases",
        "api-case",
        "api-case-timeline",
        "api-people",
        "api-person",
        # documents
        "documents:attach",
        "documents:download",
        "documents:withdraw",
        "api-documents",
        "api-document-download",
        # interviews and recordings
        "interviews:interview_list",
        "interviews:interview_detail",
        "interviews:schedule",
        "interviews:recording_player",
        "interviews:recording_stream",
        "interviews:recording_download",
        "api-case-interviews",
        "api-interview",
        "api-recording-stream",
        "api-interview-observers",
        "api-interview-recordings",
        # investigations, prosecution, trafficking
        "investigations:le_create",
        "investigations:le_edit",
        "investigations:cp_edit",
        "investigations:hearing_add",
        "investigations:reliance_add",
        "investigations:prosecution_create",
        "investigations:prosecution_edit",
        "investigations:prosecution_link",
        "investigations:charge_add",
        "investigations:charge_dispose",
        "investigations:trafficking_edit",
        "api-investigations",
        # services
        "services:referral_create",
        "services:referral_detail",
        "services:session_create",
        "services:exam_create",
        "services:assessment_create",
        "services:advocacy_create",
        "services:compensation_create",
        "api-services",
        # case review
        "reviews:my_actions",
        "reviews:meeting_detail",
        "reviews:meeting_conduct",
        "reviews:meeting_packet",
        "api-review-attendance",
        "api-review-agenda",
        "api-review-my-actions",
        # screening
        "screening:queue",
        "screening:person_screen",
        "screening:person_screenings",
        "screening:encounter_screen",
        "screening:encounter_detail",
        "screening:report_detail",
        "screening:defense_summary",
        "api-screening-encounter",
        "api-screening-report",
        "api-screening-reports",
        # insights: the lists of cases behind a count
        "insights:nca_cases",
        "insights:cases_export",
        "api-insights-nca-cases",
    }
)

NO_CHILD_DATA = frozenset(
    {
        # Each home panel is its app's; "my open cases" audits its own list. Not walked
        # here: a page of several panels writes a row per panel that shows cases.
        "core:home",
        "core:healthz",
        "accounts:session_status",
        "accounts:staff_list",
        "accounts:staff_create",
        "accounts:staff_detail",
        # A GET is refused with a problem (the name goes in the body, never the address);
        # the POST search is audited: cases/tests/test_api.py::
        # test_a_search_writes_one_access_row_with_the_query
        "api-case-search",
        # API tokens: names, owners and dates, never a child
        "tokens:mine",
        "tokens:all",
        "account_login",
        "account_inactive",
        "account_signup",
        "account_reauthenticate",
        "account_email",
        "account_email_verification_sent",
        "account_change_password",
        "account_set_password",
        "account_reset_password",
        "account_confirm_login_code",
        "account_confirm_email",
        "account_reset_password_from_key_done",
        "account_reset_password_from_key",
        "account_reset_password_done",
        "mfa_index",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "mfa_activate_totp",
        "mfa_deactivate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_list_webauthn",
        "mfa_add_webauthn",
        "mfa_reauthenticate_webauthn",
        "mfa_remove_webauthn",
        "mfa_edit_webauthn",
        "directory:agency_list",
        "directory:agency_create",
        "directory:agency_detail",
        "directory:district_list",
        "teams:team_list",
        "teams:team_create",
        "teams:statewide",
        "teams:statewide_csv",
        "teams:statewide_xlsx",
        "teams:team_detail",
        "teams:protocol_version",
        "teams:protocol_document",
        "cases:intake",  # the empty lookup form; the lookup itself is a POST (walked too)
        "cases:access",  # the case by number and its access controls, never the child
        "api-case-access",
        "access:matrix",
        "audit:event_list",
        "audit:event_export",
        "api-schema",
        "api-docs",
        "api-me",
        "api-districts",
        "api-agencies",
        "api-agency",
        "api-agency-personnel",
        "api-matrix",
        "api-audit-events",
        "api-tokens",
        "api-teams",
        "api-teams-statewide",
        "api-team",
        "api-team-compliance",
        "api-team-protocols",
        "interviews:rooms",
        "interviews:calendar_feed",  # case numbers, rooms and times only
        "interviews:upload_part",  # how much of an upload arrived
        "api-recording-upload",  # the same, through the API
        "reviews:meeting_create",
        "reviews:meeting_invite",  # the calendar invitation: team, place and time
        "reviews:team_feed_ics",
        "reviews:team_reviews",
        "api-review-meetings",
        "screening:encounter_new",  # the blank form for a new encounter
        "screening:instrument_list",
        "screening:item_wording",
        "api-screening-instruments",
        "public_report:form",
        "insights:dashboard",
        "insights:nca",
        "insights:nca_export",
        "insights:trafficking",
        "insights:trafficking_export",
        "api-insights-dashboard",
        "api-insights-nca",
        "api-insights-trafficking",
        "training:program_list",
        "training:program_create",
        "training:program_detail",
        "training:enrolment",
        "training:module",
        "training:module_create",
        "training:module_video",
        "training:module_captions",
        "training:learner_detail",
        "training:certificate_pdf",
        "training:verify",
        "training:register",
        "training:register_confirm",
        "training:compliance",
        "training:compliance_csv",
        "training:compliance_xlsx",
        "training:session_list",
        "training:session_detail",
        "training:development",
        "training:contacts",
        "api-training-programs",
        "api-training-program",
        "api-training-modules",
        "api-training-enrolments",
        "api-training-enrolment",
        "api-training-completions",
        "api-training-compliance",
    }
)
