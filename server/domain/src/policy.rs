//! The one permission policy. Every command calls [`authorize`] on its first line and
//! the pages call it to decide what to show, so the two can never disagree.
//!
//! Deny by default: the match is exhaustive over actions, and each arm names the
//! actors and facts it lets through. Reasons are typed so the UI can explain them.

use crate::budget::BudgetState;
use crate::error::ErrorCode;
use crate::ids::{DistrictId, ProcessId, UserId};
use crate::process::PhaseSettings;
use crate::proposal::{ProposalState, COMMENT_MAX_DEPTH};
use crate::report::ReportState;
use crate::role::Role;
use serde::{Deserialize, Serialize};

/// Who is acting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Actor {
    /// A visitor without a session.
    Anonymous,
    /// A signed-in account.
    User(UserActor),
    /// The operator at the command line (`yoriai admin …`), or the platform itself.
    System,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserActor {
    pub id: UserId,
    pub role: Role,
    /// Holds a verified citizen ID (opt-in).
    #[serde(default)]
    pub verified: bool,
    /// The district of the verified citizen ID, when it has one.
    #[serde(default)]
    pub verified_district: Option<DistrictId>,
    /// Staff roles held in one participatory process only (process administrator,
    /// moderator, valuator, department staff, council secretary). Like platform staff
    /// roles they count only after two-step sign-in.
    #[serde(default)]
    pub process_roles: Vec<(ProcessId, Role)>,
}

impl UserActor {
    pub fn new(id: UserId, role: Role) -> Self {
        UserActor { id, role, verified: false, verified_district: None, process_roles: Vec::new() }
    }

    pub fn with_process_roles(mut self, roles: Vec<(ProcessId, Role)>) -> Self {
        self.process_roles = roles;
        self
    }
}

impl Actor {
    pub fn user_id(&self) -> Option<UserId> {
        match self {
            Actor::User(u) => Some(u.id),
            _ => None,
        }
    }

    pub fn role(&self) -> Option<Role> {
        match self {
            Actor::User(u) => Some(u.role),
            _ => None,
        }
    }

    pub fn is_signed_in(&self) -> bool {
        matches!(self, Actor::User(_))
    }

    fn has_role(&self, roles: &[Role]) -> bool {
        matches!(self, Actor::System) || self.role().is_some_and(|r| roles.contains(&r))
    }

    /// A platform role among `roles`, or one of them held in `process`.
    fn has_role_in(&self, roles: &[Role], process: Option<ProcessId>) -> bool {
        self.has_role(roles)
            || match (self, process) {
                (Actor::User(u), Some(p)) => u.process_roles.iter().any(|(q, r)| *q == p && roles.contains(r)),
                _ => false,
            }
    }
}

/// How far an actor's right to a process-scoped action reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    /// Everywhere, through a platform role.
    Everywhere,
    /// Only in these processes, through roles held there (sorted, at least one).
    Processes(Vec<ProcessId>),
}

impl Reach {
    pub fn covers(&self, process: ProcessId) -> bool {
        match self {
            Reach::Everywhere => true,
            Reach::Processes(ps) => ps.contains(&process),
        }
    }

    /// The processes to filter a list by (`None`: no filter).
    pub fn processes(&self) -> Option<&[ProcessId]> {
        match self {
            Reach::Everywhere => None,
            Reach::Processes(ps) => Some(ps),
        }
    }
}

/// Where `action` (built for no process, or for one) is allowed: everywhere, in some of
/// the actor's processes, or nowhere (the refusal for the platform-wide form). For
/// staff queues and consoles that list what a process-scoped role may act on.
pub fn reach(actor: &Actor, action: impl Fn(Option<ProcessId>) -> Action) -> Result<Reach, Denied> {
    let denied = match authorize(actor, &action(None)) {
        Ok(()) => return Ok(Reach::Everywhere),
        Err(d) => d,
    };
    let Actor::User(u) = actor else { return Err(denied) };
    let mut processes: Vec<ProcessId> =
        u.process_roles.iter().map(|(p, _)| *p).filter(|p| authorize(actor, &action(Some(*p))).is_ok()).collect();
    processes.sort();
    processes.dedup();
    if processes.is_empty() {
        Err(denied)
    } else {
        Ok(Reach::Processes(processes))
    }
}

/// What the policy needs to know about a proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalFacts {
    pub process: ProcessId,
    pub author: Option<UserId>,
    pub state: ProposalState,
    pub hidden: bool,
    /// Minutes since publication (`None` while a draft).
    pub minutes_since_published: Option<i64>,
    pub edit_window_minutes: i32,
    pub support_count: i32,
    /// Supports already given to this proposal by the actor.
    pub supported_by_actor: bool,
}

impl ProposalFacts {
    fn is_author(&self, actor: &Actor) -> bool {
        self.author.is_some() && actor.user_id() == self.author
    }
}

/// What the policy needs to know about a budget and the heading a ballot is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetFacts {
    pub state: BudgetState,
    pub requires_verification: bool,
    /// The district of the heading the resident votes in (`None`: city-wide).
    pub heading_district: Option<DistrictId>,
}

/// What the policy needs to know about a street report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFacts {
    pub reporter: Option<UserId>,
    /// An anonymous reporter has confirmed by email (always true for accounts).
    pub confirmed: bool,
    pub hidden: bool,
    pub state: ReportState,
}

/// What the actor wants to do, with the facts the decision needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    // Accounts
    SignUp,
    SignIn,
    SignOut,
    ViewOwnAccount,
    ChangeOwnPassword,
    ChangeOwnEmail,
    ChangeOwnLocale,
    SignOutOtherSessions,
    /// Link or unlink an external (OpenID Connect) account to one's own account.
    ManageOwnSignInMethods,
    /// Set up and use one's own two-step sign-in.
    ManageOwnTwoFactor,
    /// Turn one's own two-step sign-in off. `role`: the account's stored role (the
    /// actor acts as a resident until a staff account has two-step sign-in).
    TurnOffOwnTwoFactor {
        role: Role,
        /// The account holds a staff role in some process.
        process_roles: bool,
    },
    /// Create an account with the given role (the operator's `admin create-user`).
    CreateUser {
        role: Role,
    },
    /// Issue a personal access token for `owner`.
    IssueApiToken {
        owner: UserId,
    },
    // Processes (staff console). Actions with a `process` are allowed to platform roles
    // everywhere and to roles held in that process; `None` asks for platform-wide rights.
    /// Create processes and see every process in the console.
    ManageProcesses,
    /// Edit one process: its settings, phases, categories, image and staff roles.
    ManageProcess {
        process: ProcessId,
    },
    /// See a process (and what is in it). Unpublished: platform administrators and
    /// the staff of that process only.
    ViewProcess {
        process: ProcessId,
        published: bool,
    },
    ManageProposalStates,
    // Proposals
    ViewProposal {
        proposal: ProposalFacts,
    },
    CreateProposal {
        phase: Option<PhaseSettings>,
    },
    EditProposal {
        proposal: ProposalFacts,
    },
    PublishProposal {
        proposal: ProposalFacts,
        phase: Option<PhaseSettings>,
    },
    WithdrawProposal {
        proposal: ProposalFacts,
    },
    /// `supports_given`: supports the actor already gave in this process.
    SupportProposal {
        proposal: ProposalFacts,
        phase: Option<PhaseSettings>,
        supports_given: i32,
    },
    WithdrawSupport {
        proposal: ProposalFacts,
        phase: Option<PhaseSettings>,
    },
    FollowProposal {
        proposal: ProposalFacts,
    },
    /// `depth`: the new comment's depth (0 = top level).
    Comment {
        proposal: ProposalFacts,
        phase: Option<PhaseSettings>,
        depth: i32,
    },
    EditComment {
        author: Option<UserId>,
        deleted: bool,
    },
    VoteComment {
        author: Option<UserId>,
    },
    /// Report a proposal or comment by `author` to the moderators.
    Report {
        author: Option<UserId>,
    },
    AnswerProposal {
        process: Option<ProcessId>,
    },
    // Moderation
    /// Hide and restore reported proposals and comments (of `process`).
    Moderate {
        process: Option<ProcessId>,
    },
    BlockUser {
        target_role: Role,
    },
    // Notifications
    ManageOwnNotifications,
    // Participatory budgets
    /// Create and edit budgets, headings and projects; open and close voting; import.
    ManageBudgets {
        process: Option<ProcessId>,
    },
    /// Mark projects feasible or unfeasible and adjust their cost.
    ValuateProjects {
        process: Option<ProcessId>,
    },
    /// See a budget and its projects.
    ViewBudget {
        state: BudgetState,
        process: Option<ProcessId>,
    },
    /// Build, change and confirm one's ballot in a heading.
    Vote {
        budget: BudgetFacts,
    },
    /// See the results (and check a receipt, download the ballot file).
    ViewTally {
        state: BudgetState,
        process: Option<ProcessId>,
    },
    // Street reports
    ViewReport {
        report: ReportFacts,
    },
    /// Anyone may report; without an account the report waits for an emailed link.
    CreateReport,
    MeToo {
        report: ReportFacts,
    },
    FollowReport {
        report: ReportFacts,
    },
    /// The reporter reopens a fixed report within the window.
    ReopenReport {
        report: ReportFacts,
        days_since_fixed: Option<i64>,
        window_days: i64,
    },
    /// Categories, questions, departments, routes, templates, districts, Open311 keys.
    ManageReportSettings,
    /// See a department inbox.
    ViewInbox,
    /// Assign, change state, update, note, merge, move a report. `in_department`: the
    /// actor belongs to the report's department (or it has none yet).
    HandleReport {
        in_department: bool,
    },
    /// See the reporter's contact details (each view is logged).
    ViewReporterContact {
        in_department: bool,
    },
    // Decisions, accountability, dashboard
    /// Publish and edit council decisions, attach their documents.
    PublishDecision {
        process: Option<ProcessId>,
    },
    /// Create and update accountability results and their progress.
    ManageResults {
        process: Option<ProcessId>,
    },
    /// Define KPIs and the figures the dashboard compares with (population).
    ManageKpis,
    /// Run the open-data export now rather than waiting for the night.
    ExportOpenData,
    /// Read the whole action log (staff acts included) in the staff console.
    ViewActionLog,
    /// Find accounts and change their platform role.
    ManageUsers,
    // Privacy
    /// Verify or revoke one's own citizen ID, choose consents and attributes, read
    /// one's own data and who looked at it.
    ManageOwnPrivacy,
    /// Upload the census and generate letter codes.
    ManageVerification,
    /// Publish a new version of the privacy notice: its text, the purposes offered and
    /// the purposes it widens.
    ManagePrivacyNotice,
    /// Change the city's own settings: its name, colour, first language, where maps
    /// open and the sender of its mail.
    ManageCitySettings,
    /// Confirm a resident's citizen ID at a city counter (ID card checked in person).
    VerifyAtCounter,
    /// Look at a resident's personal data, giving a reason (each look is logged and
    /// shown to the resident).
    ViewPersonalData,
}

/// Why an action was refused: the subset of [`ErrorCode`] the policy can answer. The
/// UI translates these; the API returns their code. Each variant maps to the code of
/// the same name (a test checks every one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::VariantArray, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Denied {
    NotSignedIn,
    AlreadySignedIn,
    Forbidden,
    NotFound,
    ProposalsClosed,
    SupportsClosed,
    CommentsClosed,
    SupportLimitReached,
    AlreadySupported,
    NotSupported,
    ThresholdReached,
    OwnProposal,
    NotSupportable,
    EditWindowClosed,
    VerificationRequired,
    ReplyTooDeep,
    NoActivePhase,
    VotingClosed,
    NotEligible,
    ResultsNotPublished,
    OwnReport,
    ReportClosed,
    ReopenWindowClosed,
    TwoFactorRequired,
}

impl Denied {
    pub fn code(self) -> ErrorCode {
        match self {
            Denied::NotSignedIn => ErrorCode::NotSignedIn,
            Denied::AlreadySignedIn => ErrorCode::AlreadySignedIn,
            Denied::Forbidden => ErrorCode::Forbidden,
            Denied::NotFound => ErrorCode::NotFound,
            Denied::ProposalsClosed => ErrorCode::ProposalsClosed,
            Denied::SupportsClosed => ErrorCode::SupportsClosed,
            Denied::CommentsClosed => ErrorCode::CommentsClosed,
            Denied::SupportLimitReached => ErrorCode::SupportLimitReached,
            Denied::AlreadySupported => ErrorCode::AlreadySupported,
            Denied::NotSupported => ErrorCode::NotSupported,
            Denied::ThresholdReached => ErrorCode::ThresholdReached,
            Denied::OwnProposal => ErrorCode::OwnProposal,
            Denied::NotSupportable => ErrorCode::NotSupportable,
            Denied::EditWindowClosed => ErrorCode::EditWindowClosed,
            Denied::VerificationRequired => ErrorCode::VerificationRequired,
            Denied::ReplyTooDeep => ErrorCode::ReplyTooDeep,
            Denied::NoActivePhase => ErrorCode::NoActivePhase,
            Denied::VotingClosed => ErrorCode::VotingClosed,
            Denied::NotEligible => ErrorCode::NotEligible,
            Denied::ResultsNotPublished => ErrorCode::ResultsNotPublished,
            Denied::OwnReport => ErrorCode::OwnReport,
            Denied::ReportClosed => ErrorCode::ReportClosed,
            Denied::ReopenWindowClosed => ErrorCode::ReopenWindowClosed,
            Denied::TwoFactorRequired => ErrorCode::TwoFactorRequired,
        }
    }
}

const STAFF_ADMIN: &[Role] = &[Role::Admin];
const ANSWERERS: &[Role] = &[Role::Admin, Role::Valuator];
const MODERATORS: &[Role] = &[Role::Admin, Role::Moderator];
const VALUATORS: &[Role] = &[Role::Admin, Role::Valuator];
const REPORT_STAFF: &[Role] = &[Role::Admin, Role::DepartmentStaff];
const SECRETARIES: &[Role] = &[Role::Admin, Role::CouncilSecretary];
const RESULT_STAFF: &[Role] = &[Role::Admin, Role::DepartmentStaff, Role::CouncilSecretary];
/// City staff who serve residents in person (counters, departments).
const COUNTER_STAFF: &[Role] = &[Role::Admin, Role::DepartmentStaff];

fn signed_in(actor: &Actor) -> Result<(), Denied> {
    match actor {
        Actor::User(_) => Ok(()),
        Actor::Anonymous => Err(Denied::NotSignedIn),
        Actor::System => Err(Denied::Forbidden),
    }
}

fn role_in(actor: &Actor, roles: &[Role]) -> Result<(), Denied> {
    role_at(actor, roles, None)
}

/// `role_in`, also counting roles held in `process`.
fn role_at(actor: &Actor, roles: &[Role], process: Option<ProcessId>) -> Result<(), Denied> {
    if actor.has_role_in(roles, process) {
        Ok(())
    } else if actor.is_signed_in() || matches!(actor, Actor::System) {
        Err(Denied::Forbidden)
    } else {
        Err(Denied::NotSignedIn)
    }
}

/// A proposal others may interact with: published, not hidden.
fn live(p: &ProposalFacts) -> Result<(), Denied> {
    if p.state == ProposalState::Published && !p.hidden {
        Ok(())
    } else {
        Err(Denied::NotSupportable)
    }
}

fn phase(p: &Option<PhaseSettings>) -> Result<&PhaseSettings, Denied> {
    p.as_ref().ok_or(Denied::NoActivePhase)
}

pub fn authorize(actor: &Actor, action: &Action) -> Result<(), Denied> {
    use Action::*;
    match action {
        SignUp => match actor {
            Actor::Anonymous => Ok(()),
            Actor::User(_) => Err(Denied::AlreadySignedIn),
            Actor::System => Err(Denied::Forbidden),
        },
        // Signing in while signed in switches account; the old session is replaced.
        SignIn => match actor {
            Actor::Anonymous | Actor::User(_) => Ok(()),
            Actor::System => Err(Denied::Forbidden),
        },
        SignOut
        | ViewOwnAccount
        | ChangeOwnPassword
        | ChangeOwnEmail
        | ChangeOwnLocale
        | SignOutOtherSessions
        | ManageOwnSignInMethods
        | ManageOwnTwoFactor
        | ManageOwnNotifications
        | ManageOwnPrivacy => signed_in(actor),
        // Staff rights need two-step sign-in, so staff cannot turn it off.
        TurnOffOwnTwoFactor { role, process_roles } => {
            signed_in(actor)?;
            if role.needs_two_factor() || *process_roles {
                return Err(Denied::TwoFactorRequired);
            }
            Ok(())
        }
        CreateUser { role: _ } => role_in(actor, STAFF_ADMIN),
        IssueApiToken { owner } => match actor {
            Actor::System => Ok(()),
            Actor::User(u) if u.id == *owner => Ok(()),
            Actor::User(_) => Err(Denied::Forbidden),
            Actor::Anonymous => Err(Denied::NotSignedIn),
        },
        ManageProcesses | ManageProposalStates | ManageKpis | ExportOpenData | ViewActionLog | ManageUsers
        | ManageVerification | ManagePrivacyNotice | ManageCitySettings => role_in(actor, STAFF_ADMIN),
        ManageProcess { process } => role_at(actor, STAFF_ADMIN, Some(*process)),
        ViewProcess { process, published } => {
            let staff_there = matches!(actor, Actor::User(u) if u.process_roles.iter().any(|(p, _)| p == process));
            if *published || actor.has_role(STAFF_ADMIN) || staff_there {
                Ok(())
            } else {
                Err(Denied::NotFound)
            }
        }
        PublishDecision { process } => role_at(actor, SECRETARIES, *process),
        VerifyAtCounter | ViewPersonalData => role_in(actor, COUNTER_STAFF),
        ManageResults { process } => role_at(actor, RESULT_STAFF, *process),
        AnswerProposal { process } => role_at(actor, ANSWERERS, *process),
        Moderate { process } => role_at(actor, MODERATORS, *process),
        BlockUser { target_role } => {
            role_in(actor, MODERATORS)?;
            // Moderators act on residents; only administrators act on staff.
            if target_role.is_staff() && !actor.has_role(STAFF_ADMIN) {
                return Err(Denied::Forbidden);
            }
            Ok(())
        }
        ViewProposal { proposal } => {
            let process = Some(proposal.process);
            let staff_view = actor.has_role_in(MODERATORS, process) || actor.has_role_in(ANSWERERS, process);
            match proposal.state {
                ProposalState::Draft if proposal.is_author(actor) => Ok(()),
                ProposalState::Draft => Err(Denied::NotFound),
                _ if proposal.hidden && !staff_view => Err(Denied::NotFound),
                _ => Ok(()),
            }
        }
        CreateProposal { phase: p } => {
            signed_in(actor)?;
            if !phase(p)?.proposals_open {
                return Err(Denied::ProposalsClosed);
            }
            Ok(())
        }
        EditProposal { proposal } => {
            signed_in(actor)?;
            if !proposal.is_author(actor) {
                return Err(Denied::Forbidden);
            }
            match proposal.state {
                ProposalState::Draft => Ok(()),
                ProposalState::Published if proposal.hidden => Err(Denied::NotSupportable),
                ProposalState::Published => {
                    let within =
                        proposal.minutes_since_published.is_some_and(|m| m < i64::from(proposal.edit_window_minutes));
                    // Once others have supported it, the text they supported stays put.
                    if within && proposal.support_count == 0 {
                        Ok(())
                    } else {
                        Err(Denied::EditWindowClosed)
                    }
                }
                ProposalState::Withdrawn => Err(Denied::NotSupportable),
            }
        }
        PublishProposal { proposal, phase: p } => {
            signed_in(actor)?;
            if !proposal.is_author(actor) {
                return Err(Denied::Forbidden);
            }
            if proposal.state != ProposalState::Draft {
                return Err(Denied::NotSupportable);
            }
            if !phase(p)?.proposals_open {
                return Err(Denied::ProposalsClosed);
            }
            Ok(())
        }
        WithdrawProposal { proposal } => {
            signed_in(actor)?;
            if !proposal.is_author(actor) {
                return Err(Denied::Forbidden);
            }
            if proposal.state != ProposalState::Published {
                return Err(Denied::NotSupportable);
            }
            Ok(())
        }
        SupportProposal { proposal, phase: p, supports_given } => {
            signed_in(actor)?;
            let settings = phase(p)?;
            if !settings.supports_open {
                return Err(Denied::SupportsClosed);
            }
            live(proposal)?;
            if proposal.supported_by_actor {
                return Err(Denied::AlreadySupported);
            }
            if proposal.is_author(actor) && !settings.support_own_allowed {
                return Err(Denied::OwnProposal);
            }
            if settings.supports_require_verification && !matches!(actor, Actor::User(u) if u.verified) {
                return Err(Denied::VerificationRequired);
            }
            if settings.support_limit.is_some_and(|limit| *supports_given >= limit) {
                return Err(Denied::SupportLimitReached);
            }
            if !settings.accumulate_beyond_threshold && settings.threshold.is_some_and(|t| proposal.support_count >= t)
            {
                return Err(Denied::ThresholdReached);
            }
            Ok(())
        }
        WithdrawSupport { proposal, phase: p } => {
            signed_in(actor)?;
            if !phase(p)?.supports_open {
                return Err(Denied::SupportsClosed);
            }
            if !proposal.supported_by_actor {
                return Err(Denied::NotSupported);
            }
            Ok(())
        }
        FollowProposal { proposal } => {
            signed_in(actor)?;
            live(proposal)
        }
        Comment { proposal, phase: p, depth } => {
            signed_in(actor)?;
            if !phase(p)?.comments_open {
                return Err(Denied::CommentsClosed);
            }
            live(proposal)?;
            if *depth > COMMENT_MAX_DEPTH {
                return Err(Denied::ReplyTooDeep);
            }
            Ok(())
        }
        EditComment { author, deleted } => {
            signed_in(actor)?;
            if *deleted {
                return Err(Denied::NotFound);
            }
            if author.is_some() && actor.user_id() == *author {
                Ok(())
            } else {
                Err(Denied::Forbidden)
            }
        }
        VoteComment { author } => {
            signed_in(actor)?;
            if author.is_some() && actor.user_id() == *author {
                return Err(Denied::Forbidden);
            }
            Ok(())
        }
        Report { author } => {
            signed_in(actor)?;
            if author.is_some() && actor.user_id() == *author {
                return Err(Denied::Forbidden);
            }
            Ok(())
        }
        ManageBudgets { process } => role_at(actor, STAFF_ADMIN, *process),
        ValuateProjects { process } => role_at(actor, VALUATORS, *process),
        ViewBudget { state, process } => match state {
            BudgetState::Preparing if actor.has_role_in(VALUATORS, *process) => Ok(()),
            BudgetState::Preparing => Err(Denied::NotFound),
            _ => Ok(()),
        },
        Vote { budget } => {
            signed_in(actor)?;
            if budget.state != BudgetState::Voting {
                return Err(Denied::VotingClosed);
            }
            if budget.requires_verification {
                let Actor::User(u) = actor else { return Err(Denied::NotSignedIn) };
                if !u.verified {
                    return Err(Denied::VerificationRequired);
                }
                // A district's budget is for verified residents of that district.
                if budget.heading_district.is_some() && u.verified_district != budget.heading_district {
                    return Err(Denied::NotEligible);
                }
            }
            Ok(())
        }
        ViewTally { state, process } => match state {
            BudgetState::Published => Ok(()),
            // Staff check the computed results before publishing them.
            BudgetState::Closed if actor.has_role_in(VALUATORS, *process) => Ok(()),
            BudgetState::Preparing if !actor.has_role_in(VALUATORS, *process) => Err(Denied::NotFound),
            _ => Err(Denied::ResultsNotPublished),
        },
        ViewReport { report } => {
            let staff = actor.has_role(REPORT_STAFF) || actor.has_role(MODERATORS);
            let own = report.reporter.is_some() && actor.user_id() == report.reporter;
            if (!report.confirmed || report.hidden) && !staff && !own {
                return Err(Denied::NotFound);
            }
            Ok(())
        }
        CreateReport => match actor {
            Actor::Anonymous | Actor::User(_) | Actor::System => Ok(()),
        },
        MeToo { report } => {
            signed_in(actor)?;
            if !report.confirmed || report.hidden {
                return Err(Denied::NotFound);
            }
            if report.reporter.is_some() && actor.user_id() == report.reporter {
                return Err(Denied::OwnReport);
            }
            if !report.state.is_open() {
                return Err(Denied::ReportClosed);
            }
            Ok(())
        }
        FollowReport { report } => {
            signed_in(actor)?;
            if !report.confirmed || report.hidden {
                return Err(Denied::NotFound);
            }
            Ok(())
        }
        ReopenReport { report, days_since_fixed, window_days } => {
            signed_in(actor)?;
            if report.reporter.is_none() || actor.user_id() != report.reporter {
                return Err(Denied::Forbidden);
            }
            if report.state != ReportState::Fixed {
                return Err(Denied::ReportClosed);
            }
            if !days_since_fixed.is_some_and(|d| d <= *window_days) {
                return Err(Denied::ReopenWindowClosed);
            }
            Ok(())
        }
        ManageReportSettings => role_in(actor, STAFF_ADMIN),
        ViewInbox => role_in(actor, REPORT_STAFF),
        HandleReport { in_department } | ViewReporterContact { in_department } => {
            role_in(actor, REPORT_STAFF)?;
            if actor.has_role(STAFF_ADMIN) || *in_department {
                Ok(())
            } else {
                Err(Denied::Forbidden)
            }
        }
    }
}

#[cfg(test)]
mod tests;
