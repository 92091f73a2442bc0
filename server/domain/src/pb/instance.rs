//! The in-memory participatory-budgeting instance: what a Pabulib file holds,
//! and what the application builds from its own ballots before a tally.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::decimal::Decimal;
use super::rational::Rational;

/// How voters expressed their preferences (META `vote_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VoteType {
    /// Each voter lists the projects they approve.
    Approval,
    /// Each voter picks a single project; treated exactly like `Approval`.
    #[serde(rename = "choose-1")]
    Choose1,
    /// Each voter spreads points over projects (`points` column).
    Cumulative,
    /// Each voter scores projects (`points` column).
    Scoring,
    /// Each voter ranks projects, best first.
    Ordinal,
}

impl VoteType {
    /// The Pabulib spelling (`approval`, `choose-1`, `cumulative`, `scoring`, `ordinal`).
    pub fn as_str(self) -> &'static str {
        match self {
            VoteType::Approval => "approval",
            VoteType::Choose1 => "choose-1",
            VoteType::Cumulative => "cumulative",
            VoteType::Scoring => "scoring",
            VoteType::Ordinal => "ordinal",
        }
    }

    /// Whether ballots carry an explicit `points` column.
    pub fn has_points_column(self) -> bool {
        matches!(self, VoteType::Cumulative | VoteType::Scoring)
    }

    /// Whether ballots define per-project points `s_i(p)` (explicit points, or ranks
    /// for ordinal ballots), which `greedy_score` and `mes_points` need.
    pub fn has_points(self) -> bool {
        matches!(self, VoteType::Cumulative | VoteType::Scoring | VoteType::Ordinal)
    }
}

impl fmt::Display for VoteType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error for an unknown `vote_type`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown vote type {0:?} (expected approval, choose-1, cumulative, scoring or ordinal)")]
pub struct UnknownVoteType(pub String);

impl FromStr for VoteType {
    type Err = UnknownVoteType;
    /// Case-insensitive, surrounding whitespace ignored.
    fn from_str(s: &str) -> Result<VoteType, UnknownVoteType> {
        match s.trim().to_ascii_lowercase().as_str() {
            "approval" => Ok(VoteType::Approval),
            "choose-1" => Ok(VoteType::Choose1),
            "cumulative" => Ok(VoteType::Cumulative),
            "scoring" => Ok(VoteType::Scoring),
            "ordinal" => Ok(VoteType::Ordinal),
            _ => Err(UnknownVoteType(s.to_string())),
        }
    }
}

/// Ballot constraints announced in META (all optional). The tally rules do not
/// enforce them (neither does pabutools); [`check`](super::check) reports ballots
/// that violate them as warnings, and a voting UI can use them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Minimum number of projects on a ballot (`min_length`).
    pub min_length: Option<u64>,
    /// Maximum number of projects on a ballot (`max_length`).
    pub max_length: Option<u64>,
    /// Minimum total cost of the projects on a ballot (`min_sum_cost`).
    pub min_sum_cost: Option<Decimal>,
    /// Maximum total cost of the projects on a ballot (`max_sum_cost`).
    pub max_sum_cost: Option<Decimal>,
    /// Minimum points per project (`min_points`).
    pub min_points: Option<Decimal>,
    /// Maximum points per project (`max_points`).
    pub max_points: Option<Decimal>,
    /// Minimum total points on a ballot (`min_sum_points`).
    pub min_sum_points: Option<Decimal>,
    /// Maximum total points on a ballot (`max_sum_points`).
    pub max_sum_points: Option<Decimal>,
}

impl Limits {
    /// META keys holding limits, in the order the writer emits them.
    pub const KEYS: [&'static str; 8] = [
        "min_length",
        "max_length",
        "min_sum_cost",
        "max_sum_cost",
        "min_points",
        "max_points",
        "min_sum_points",
        "max_sum_points",
    ];

    /// The limit stored under a META key, rendered as text (`None` if unset or not a limit key).
    pub fn get(&self, key: &str) -> Option<String> {
        match key {
            "min_length" => self.min_length.map(|v| v.to_string()),
            "max_length" => self.max_length.map(|v| v.to_string()),
            "min_sum_cost" => self.min_sum_cost.map(|v| v.to_string()),
            "max_sum_cost" => self.max_sum_cost.map(|v| v.to_string()),
            "min_points" => self.min_points.map(|v| v.to_string()),
            "max_points" => self.max_points.map(|v| v.to_string()),
            "min_sum_points" => self.min_sum_points.map(|v| v.to_string()),
            "max_sum_points" => self.max_sum_points.map(|v| v.to_string()),
            _ => None,
        }
    }
}

/// A project (row of the PROJECTS section).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    /// `project_id`: an arbitrary string; ties are broken by this string in byte order.
    pub id: String,
    /// `cost`, exact.
    pub cost: Decimal,
    /// `name`, when the file has that column.
    pub name: Option<String>,
    /// Every other column (`votes`, `score`, `category`, `selected`, ...) by column
    /// name; cells that were `none` are absent. Kept so the project can be exported again.
    pub fields: BTreeMap<String, String>,
}

impl Project {
    /// A project with only an id and a cost.
    pub fn new(id: impl Into<String>, cost: Decimal) -> Project {
        Project { id: id.into(), cost, name: None, fields: BTreeMap::new() }
    }
}

/// A voter (row of the VOTES section).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Voter {
    /// `voter_id`.
    pub id: String,
    /// The `vote` column as indexes into [`Instance::projects`], in ballot order
    /// (ordinal ballots: best first). `u32` keeps multi-million-voter files compact.
    pub ballot: Vec<u32>,
    /// The `points` column (cumulative/scoring), parallel to `ballot`.
    pub points: Option<Vec<Decimal>>,
    /// Other columns (`age`, `sex`, ...), parallel to [`Instance::voter_columns`];
    /// `None` for a missing, empty or `none` cell. A column-aligned vector of shared
    /// strings rather than a map of owned ones, because a 200 MB file has millions
    /// of voters and these columns repeat a few values (the parser shares equal
    /// values of a column).
    #[serde(with = "shared_strings")]
    pub fields: Vec<Option<Arc<str>>>,
}

/// Serde for `Vec<Option<Arc<str>>>` as a list of optional strings (without
/// requiring serde's `rc` feature).
mod shared_strings {
    use std::sync::Arc;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(v: &[Option<Arc<str>>], s: S) -> Result<S::Ok, S::Error> {
        let plain: Vec<Option<&str>> = v.iter().map(|x| x.as_deref()).collect();
        plain.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Option<Arc<str>>>, D::Error> {
        let plain: Vec<Option<String>> = Vec::deserialize(d)?;
        Ok(plain.into_iter().map(|x| x.map(Arc::from)).collect())
    }
}

impl Voter {
    /// A voter with a ballot and no extra fields.
    pub fn new(id: impl Into<String>, ballot: Vec<u32>, points: Option<Vec<Decimal>>) -> Voter {
        Voter { id: id.into(), ballot, points, fields: Vec::new() }
    }
}

/// A complete PB instance: META, PROJECTS and VOTES.
///
/// Built by [`parse`](super::parse) or programmatically (all fields are public;
/// [`Instance::new`], [`Instance::add_project`] and [`Instance::add_voter`] help).
/// The tally rules only read `budget`, `vote_type`, project costs and ids, and the
/// ballots; they validate what they read and never panic on a malformed instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instance {
    /// Every META row as (key, value), in file order, including the keys that also
    /// have a typed field below. When writing, the typed fields win (see [`write()`](super::write())).
    pub meta: Vec<(String, String)>,
    /// META `budget`.
    pub budget: Decimal,
    /// META `vote_type`.
    pub vote_type: VoteType,
    /// Ballot constraints from META.
    pub limits: Limits,
    /// Extra PROJECTS column names after `project_id;cost`, in file order
    /// (including `name` when present).
    pub project_columns: Vec<String>,
    /// The projects, in file order.
    pub projects: Vec<Project>,
    /// Extra VOTES column names other than `voter_id`, `vote` and (for cumulative and
    /// scoring ballots) `points`, in file order.
    pub voter_columns: Vec<String>,
    /// The voters, in file order. Every row is one voter (identical ballots are not merged).
    pub voters: Vec<Voter>,
}

impl Instance {
    /// An empty instance with the given budget and vote type.
    pub fn new(budget: Decimal, vote_type: VoteType) -> Instance {
        Instance {
            meta: Vec::new(),
            budget,
            vote_type,
            limits: Limits::default(),
            project_columns: Vec::new(),
            projects: Vec::new(),
            voter_columns: Vec::new(),
            voters: Vec::new(),
        }
    }

    /// Appends a project and returns its index (the value to put in ballots).
    pub fn add_project(&mut self, project: Project) -> u32 {
        self.projects.push(project);
        (self.projects.len() - 1) as u32
    }

    /// Appends a voter.
    pub fn add_voter(&mut self, voter: Voter) {
        self.voters.push(voter);
    }

    /// The value of a META key (first occurrence).
    pub fn meta_value(&self, key: &str) -> Option<&str> {
        self.meta.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// Index of the project with this id.
    pub fn project_index(&self, id: &str) -> Option<usize> {
        self.projects.iter().position(|p| p.id == id)
    }

    /// A voter's extra field by column name.
    pub fn voter_field<'a>(&'a self, voter: &'a Voter, column: &str) -> Option<&'a str> {
        let i = self.voter_columns.iter().position(|c| c == column)?;
        voter.fields.get(i)?.as_deref()
    }

    /// `votes(p)` for every project: the number of voters whose approval projection
    /// contains `p` (listed projects; for cumulative/scoring only those with points > 0).
    pub fn approval_votes(&self) -> Vec<u64> {
        let mut votes = vec![0u64; self.projects.len()];
        for v in &self.voters {
            for (pos, &p) in v.ballot.iter().enumerate() {
                if let Some(slot) = votes.get_mut(p as usize) {
                    if self.approves(v, pos) {
                        *slot += 1;
                    }
                }
            }
        }
        votes
    }

    /// `score(p)` for every project: the sum of points `s_i(p)` (cumulative/scoring:
    /// the listed points; ordinal: `len(ballot) - position`, so a first choice among
    /// three gets 3). `None` for approval and choose-1 instances.
    pub fn scores(&self) -> Option<Vec<Rational>> {
        if !self.vote_type.has_points() {
            return None;
        }
        // Sum in integer units of the finest scale used, then convert once.
        let scale = self.points_scale();
        let mut sums = vec![0i128; self.projects.len()];
        for v in &self.voters {
            for (pos, &p) in v.ballot.iter().enumerate() {
                if let Some(slot) = sums.get_mut(p as usize) {
                    *slot = slot.saturating_add(self.point_units(v, pos, scale));
                }
            }
        }
        let den = 10i128.pow(scale as u32);
        Some(sums.into_iter().map(|s| Rational::new(s, den).unwrap_or(Rational::ZERO)).collect())
    }

    /// Whether ballot entry `pos` of `voter` is in the approval projection `A_i`.
    pub(crate) fn approves(&self, voter: &Voter, pos: usize) -> bool {
        if self.vote_type.has_points_column() {
            voter.points.as_ref().and_then(|pts| pts.get(pos)).is_some_and(|x| x.is_positive())
        } else {
            true
        }
    }

    /// The finest decimal scale used by any point (0 for ordinal ballots).
    pub(crate) fn points_scale(&self) -> u8 {
        if !self.vote_type.has_points_column() {
            return 0;
        }
        self.voters.iter().flat_map(|v| v.points.iter().flatten()).map(|d| d.scale()).max().unwrap_or(0)
    }

    /// `s_i(p)` of ballot entry `pos`, in units of `10^-scale`.
    pub(crate) fn point_units(&self, voter: &Voter, pos: usize, scale: u8) -> i128 {
        match self.vote_type {
            VoteType::Ordinal => (voter.ballot.len() - pos) as i128,
            VoteType::Cumulative | VoteType::Scoring => {
                voter.points.as_ref().and_then(|pts| pts.get(pos)).map_or(0, |x| x.scaled_to(scale.max(x.scale())))
            }
            VoteType::Approval | VoteType::Choose1 => 1,
        }
    }
}
