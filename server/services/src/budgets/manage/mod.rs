//! Staff commands on budgets, one file per thing they act on: the budget and its life,
//! headings, projects (and promoting a proposal), valuation, pictures.

use super::{load_budget, parse_amount, LoadedBudget};
use crate::audit::{self, Visibility};
use crate::images::{add_to_gallery, discard, remove_from_gallery, GalleryLimit};
use crate::{ServiceError, ServiceResult, Services};
use serde_json::json;
use yoriai_domain::budget::{BallotRule, BudgetState, Feasibility, TallyRule};
use yoriai_domain::geo::LatLon;
use yoriai_domain::proposal::ProposalState;
use yoriai_domain::search::index_text;
use yoriai_domain::text::{multi_line, single_line};
use yoriai_domain::{authorize, reach, Action, Actor, ErrorCode, FieldError, FieldErrors, Rejection};
use yoriai_store::budgets::{self, BudgetFields, HeadingFields, ProjectFields};
use yoriai_store::uploads::Gallery;
use yoriai_store::{districts, processes, proposals, uploads, DbConn};

mod headings;
mod pictures;
mod projects;
mod setup;
mod valuate;

pub use headings::*;
pub use pictures::*;
pub use projects::*;
pub use setup::*;
pub use valuate::*;
pub use yoriai_views::budgets::{BudgetInput, ProjectInput};

pub const PROJECT_TITLE_MAX: usize = 150;
pub const PROJECT_DESCRIPTION_MAX: usize = 20_000;
pub const MAX_PROJECT_IMAGES: i64 = 5;

fn editable(b: &LoadedBudget) -> ServiceResult<()> {
    if b.state.projects_editable() {
        Ok(())
    } else {
        Err(ErrorCode::BudgetLocked.into())
    }
}

fn optional_text(raw: &str) -> Result<String, ErrorCode> {
    if raw.trim().is_empty() {
        Ok(String::new())
    } else {
        multi_line(raw, 1, 20_000)
    }
}
