//! Participatory processes: the staff commands that shape them and the queries that
//! show them.

mod manage;
mod pages;
pub mod roles;

pub use manage::*;
pub use pages::*;

/// Participatory processes and the districts they may be limited to (see `crate::features`).
pub const MANIFEST: crate::features::Manifest = crate::features::Manifest {
    name: "processes",
    datasets: &[
        crate::opendata::Dataset {
            name: "processes",
            title: "Participatory processes",
            fields: &[
                crate::opendata::ID,
                ("slug", "string", true, "Name in the process's web address."),
                ("title_ja", "string", true, "Title in Japanese."),
                ("title_en", "string", false, "Title in English."),
                ("description_ja", "string", false, "Description in Japanese."),
                ("description_en", "string", false, "Description in English."),
                ("district_id", "integer", false, "District the process is limited to (districts.id), if any."),
                ("created_at", "datetime", true, "When the process was created (UTC)."),
            ],
            fetch: yoriai_store::opendata::processes,
        },
        crate::opendata::Dataset {
            name: "districts",
            title: "Districts",
            fields: &[
                crate::opendata::ID,
                ("code", "string", false, "The city's code for the district."),
                ("name_ja", "string", true, "Name in Japanese."),
                ("name_en", "string", true, "Name in English."),
            ],
            fetch: yoriai_store::opendata::districts,
        },
    ],
    search: &[],
    notifications: &[],
    figures: None,
};
