//! Staff roles held in one participatory process.

use crate::schema::{process_roles, users};
use crate::{DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use yoriai_domain::ids::{ProcessId, UserId};

/// One holder of a role in a process, with what the console shows about them.
#[derive(Debug, Clone, Queryable)]
pub struct HolderRow {
    pub user_id: UserId,
    pub role: yoriai_domain::Role,
    pub granted_at: NaiveDateTime,
    pub display_name: String,
    pub email: String,
    pub account_role: yoriai_domain::Role,
}

/// The (process, role) pairs an account holds; read with every signed-in request.
pub fn of_user(conn: &mut DbConn, user_id: UserId) -> DbResult<Vec<(ProcessId, yoriai_domain::Role)>> {
    process_roles::table
        .filter(process_roles::user_id.eq(user_id))
        .order((process_roles::process_id, process_roles::role))
        .select((process_roles::process_id, process_roles::role))
        .load(conn)
}

/// Everyone holding a role in `process_id`, by name.
pub fn of_process(conn: &mut DbConn, process_id: ProcessId) -> DbResult<Vec<HolderRow>> {
    process_roles::table
        .inner_join(users::table.on(users::id.eq(process_roles::user_id)))
        .filter(process_roles::process_id.eq(process_id))
        .order((users::display_name, users::id, process_roles::role))
        .select((
            process_roles::user_id,
            process_roles::role,
            process_roles::granted_at,
            users::display_name,
            users::email,
            users::role,
        ))
        .load(conn)
}

/// Grants a role; `false` when the account already holds it there.
pub fn grant(
    conn: &mut DbConn,
    process_id: ProcessId,
    user_id: UserId,
    role: yoriai_domain::Role,
    granted_by: Option<UserId>,
    now: NaiveDateTime,
) -> DbResult<bool> {
    // Two administrators granting the same role at once: one row, no error.
    let insert = diesel::insert_into(process_roles::table)
        .values((
            process_roles::process_id.eq(process_id),
            process_roles::user_id.eq(user_id),
            process_roles::role.eq(role),
            process_roles::granted_by.eq(granted_by),
            process_roles::granted_at.eq(now),
        ))
        .on_conflict((process_roles::process_id, process_roles::user_id, process_roles::role))
        .do_nothing();
    Ok(crate::on_each_backend!(conn, |c| insert.execute(c))? > 0)
}

/// Takes a role back; `false` when it was not held.
pub fn revoke(conn: &mut DbConn, process_id: ProcessId, user_id: UserId, role: yoriai_domain::Role) -> DbResult<bool> {
    let n = diesel::delete(process_roles::table.find((process_id, user_id, role))).execute(conn)?;
    Ok(n > 0)
}
