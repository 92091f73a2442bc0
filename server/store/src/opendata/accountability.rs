//! The council's datasets: decisions, results, their links and progress updates.

use super::{batch, i, oi, oi32, os, s, Batch, Cell};
use crate::schema::{decision_links, decisions, result_links, result_updates, results};
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;

type DecisionTuple =
    (i64, Option<i64>, String, String, String, String, String, String, String, Option<i32>, Option<i32>, Option<i32>);

pub fn decisions(conn: &mut DbConn, after: i64, limit: i64) -> DbResult<Batch> {
    let rows: Vec<DecisionTuple> = decisions::table
        .filter(decisions::id.gt(after))
        .order(decisions::id.asc())
        .limit(limit)
        .select((
            decisions::id,
            decisions::process_id,
            decisions::body_name,
            decisions::decided_on,
            decisions::title_ja,
            decisions::title_en,
            decisions::body_ja,
            decisions::body_en,
            decisions::outcome,
            decisions::votes_for,
            decisions::votes_against,
            decisions::votes_abstain,
        ))
        .load(conn)?;
    Ok(batch(
        rows.into_iter()
            .map(|r| {
                (
                    r.0,
                    vec![
                        i(r.0),
                        oi(r.1),
                        s(r.2),
                        s(r.3),
                        s(r.4),
                        s(r.5),
                        s(r.6),
                        s(r.7),
                        s(r.8),
                        oi32(r.9),
                        oi32(r.10),
                        oi32(r.11),
                    ],
                )
            })
            .collect(),
        limit,
    ))
}

/// Links of the decisions with ids in `(after, after + span]`.
pub fn decision_links(conn: &mut DbConn, after: i64, span: i64) -> DbResult<Batch> {
    let max: Option<i64> = decision_links::table.select(diesel::dsl::max(decision_links::decision_id)).first(conn)?;
    let rows: Vec<(i64, String, i64)> = decision_links::table
        .filter(decision_links::decision_id.gt(after).and(decision_links::decision_id.le(after + span)))
        .order((decision_links::decision_id.asc(), decision_links::item_type.asc(), decision_links::item_id.asc()))
        .select((decision_links::decision_id, decision_links::item_type, decision_links::item_id))
        .load(conn)?;
    let next = max.filter(|m| *m > after + span).map(|_| after + span);
    Ok((rows.into_iter().map(|r| vec![i(r.0), s(r.1), i(r.2)]).collect(), next))
}

type ResultTuple = (
    i64,
    Option<i64>,
    Option<i64>,
    String,
    String,
    String,
    String,
    String,
    String,
    i32,
    Option<String>,
    Option<String>,
    Option<i64>,
);

pub fn results(conn: &mut DbConn, after: i64, limit: i64) -> DbResult<Batch> {
    let rows: Vec<ResultTuple> = results::table
        .filter(results::id.gt(after))
        .order(results::id.asc())
        .limit(limit)
        .select((
            results::id,
            results::process_id,
            results::parent_id,
            results::title_ja,
            results::title_en,
            results::description_ja,
            results::description_en,
            results::status,
            results::custom_status_ja,
            results::progress,
            results::starts_on,
            results::ends_on,
            results::budget,
        ))
        .load(conn)?;
    Ok(batch(
        rows.into_iter()
            .map(|r| {
                (
                    r.0,
                    vec![
                        i(r.0),
                        oi(r.1),
                        oi(r.2),
                        s(r.3),
                        s(r.4),
                        s(r.5),
                        s(r.6),
                        s(r.7),
                        s(r.8),
                        i(i64::from(r.9)),
                        os(r.10),
                        os(r.11),
                        oi(r.12),
                    ],
                )
            })
            .collect(),
        limit,
    ))
}

/// Links of the results with ids in `(after, after + span]`.
pub fn result_links(conn: &mut DbConn, after: i64, span: i64) -> DbResult<Batch> {
    let max: Option<i64> = result_links::table.select(diesel::dsl::max(result_links::result_id)).first(conn)?;
    let rows: Vec<(i64, String, i64)> = result_links::table
        .filter(result_links::result_id.gt(after).and(result_links::result_id.le(after + span)))
        .order((result_links::result_id.asc(), result_links::item_type.asc(), result_links::item_id.asc()))
        .select((result_links::result_id, result_links::item_type, result_links::item_id))
        .load(conn)?;
    let next = max.filter(|m| *m > after + span).map(|_| after + span);
    Ok((rows.into_iter().map(|r| vec![i(r.0), s(r.1), i(r.2)]).collect(), next))
}

type UpdateTuple = (i64, i64, String, Option<i32>, Option<String>, NaiveDateTime);

pub fn result_updates(conn: &mut DbConn, after: i64, limit: i64) -> DbResult<Batch> {
    let rows: Vec<UpdateTuple> = result_updates::table
        .filter(result_updates::id.gt(after))
        .order(result_updates::id.asc())
        .limit(limit)
        .select((
            result_updates::id,
            result_updates::result_id,
            result_updates::body,
            result_updates::progress,
            result_updates::status,
            result_updates::created_at,
        ))
        .load(conn)?;
    Ok(batch(
        rows.into_iter()
            .map(|r| (r.0, vec![i(r.0), i(r.1), s(r.2), oi32(r.3), os(r.4), Cell::Time(Some(r.5))]))
            .collect(),
        limit,
    ))
}
