//! `yoriai tenant …`: the operator's commands for several cities on one installation,
//! and `yoriai migrate` for each of them.

use crate::cli::{cli_base, TenantCommand};
use crate::config::Config;
use crate::tenants::{self, NewCity};
use std::io::{BufRead, IsTerminal, Write};
use yoriai_store::control::{self, TenantRecord, TenantState};

pub fn run(config: &Config, command: TenantCommand) -> anyhow::Result<()> {
    // The main database must exist and be migrated before cities are added beside it.
    crate::app::open_database(config)?;
    let base = cli_base(config)?;
    match command {
        TenantCommand::Create { id, hosts, name_ja, name_en } => {
            let record =
                tenants::create_city(&base, NewCity { id, name_ja, name_en, hosts }).map_err(anyhow::Error::msg)?;
            let url = tenants::public_url_on(&base.settings.public_url, record.primary_host().unwrap_or_default());
            println!("Created the city {} ({} / {}) at {url}", record.id, record.name_ja, record.name_en);
            println!("Its first administrator: yoriai --tenant {} admin create-user --email … --role admin", record.id);
        }
        TenantCommand::List => {
            let cities = tenants::list_cities(&base).map_err(anyhow::Error::msg)?;
            if cities.is_empty() {
                println!("This installation serves one city (the main database) on every host.");
            }
            for city in cities {
                print_city(&base, &city);
            }
        }
        TenantCommand::Hosts { id, add, remove, primary } => {
            if add.is_empty() && remove.is_empty() && primary.is_none() {
                anyhow::bail!("nothing to change: give --add, --remove or --primary");
            }
            let record =
                tenants::change_hosts(&base, &id, &add, &remove, primary.as_deref()).map_err(anyhow::Error::msg)?;
            println!("The city {} answers on: {}", record.id, record.hosts.join(", "));
        }
        TenantCommand::Suspend { id, reason } => {
            tenants::set_state(&base, &id, TenantState::Suspended, reason.as_deref()).map_err(anyhow::Error::msg)?;
            println!("The city {id} is suspended: its pages answer \"paused\" within seconds.");
        }
        TenantCommand::Resume { id } => {
            tenants::set_state(&base, &id, TenantState::Active, None).map_err(anyhow::Error::msg)?;
            println!("The city {id} is served again.");
        }
        TenantCommand::Export { id, out } => {
            let moved = tenants::export_city(&base, &id, &out).map_err(anyhow::Error::msg)?;
            println!(
                "wrote {} ({} tables, {} rows, {} files); it holds residents' personal data: keep it like a backup",
                out.display(),
                moved.tables,
                moved.rows,
                moved.files
            );
        }
        TenantCommand::Import { file, id, hosts } => {
            let (id, moved) =
                tenants::import_city(&base, &file, tenants::ImportTarget { id, hosts }).map_err(anyhow::Error::msg)?;
            println!("imported the city {id} ({} tables, {} rows, {} files)", moved.tables, moved.rows, moved.files);
        }
        TenantCommand::Operator { email, two_factor_key } => {
            let email = email.trim().to_lowercase();
            let password = crate::cli::read_password()?;
            let password = yoriai_domain::Password::parse_new(&password, None, None)
                .map_err(|c| anyhow::anyhow!(yoriai_i18n::t(yoriai_domain::Locale::En, &c.message_key())))?;
            let hash = base.hasher.hash(&password);
            let mut control = tenants::open_control(&base, true)
                .map_err(anyhow::Error::msg)?
                .ok_or_else(|| anyhow::anyhow!("the control plane could not be opened"))?;
            let (sealed, key, uri) =
                yoriai_services::accounts::new_operator_key(&base.main_keys, &email, two_factor_key.as_deref())
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
            control::save_operator(&mut control, &email, &hash, &sealed)?;
            println!("{email} may sign in to the system console with the password and a two-step code.");
            if two_factor_key.is_none() {
                // Shown once, to the operator at the terminal; never logged.
                println!("Add this key to an authenticator app: {key}\n{uri}");
            }
        }
        TenantCommand::Delete { id, confirm } => {
            let confirmed = match confirm {
                Some(c) => c == id,
                None if std::io::stdin().is_terminal() => {
                    print!("This deletes the city {id}: its accounts, content, uploads and open data, for good. Type its id to confirm: ");
                    std::io::stdout().flush()?;
                    let mut line = String::new();
                    std::io::stdin().lock().read_line(&mut line)?;
                    line.trim() == id
                }
                None => anyhow::bail!("deleting a city needs its id typed again: --confirm {id}"),
            };
            if !confirmed {
                anyhow::bail!("not deleted: the confirmation did not match the id {id}");
            }
            tenants::delete_city(&base, &id).map_err(anyhow::Error::msg)?;
            println!("The city {id} is deleted.");
        }
    }
    Ok(())
}

fn print_city(base: &tenants::Base, city: &TenantRecord) {
    let accounts = count_accounts(base, city).map(|n| n.to_string()).unwrap_or_else(|e| format!("? ({e})"));
    let dir = control::tenant_dir(&base.data_dir, &city.id);
    let storage = if city.id.is_main() {
        folder_bytes(&dir.join("uploads")) + folder_bytes(&dir.join("open-data"))
    } else {
        folder_bytes(&dir)
    };
    let names =
        if city.id.is_main() { "(main database)".to_owned() } else { format!("{} / {}", city.name_ja, city.name_en) };
    println!(
        "{}\t{}\t{}\thosts: {}\taccounts: {accounts}\tstorage: {} KiB{}",
        city.id,
        city.state.as_str(),
        names,
        if city.hosts.is_empty() { "(none)".to_owned() } else { city.hosts.join(", ") },
        storage / 1024,
        city.state_reason.as_deref().map(|r| format!("\treason: {r}")).unwrap_or_default()
    );
}

fn count_accounts(base: &tenants::Base, city: &TenantRecord) -> Result<i64, String> {
    use diesel::prelude::*;
    let url = control::tenant_url(&base.main_url, &base.data_dir, &city.id);
    let mut conn = yoriai_store::conn::establish(&url).map_err(|e| e.to_string())?;
    yoriai_store::schema::users::table.count().get_result(&mut conn).map_err(|e| e.to_string())
}

/// Bytes in a folder and everything under it (0 if it is missing).
pub fn folder_bytes(dir: &std::path::Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .flatten()
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => folder_bytes(&e.path()),
            Ok(_) => e.metadata().map(|m| m.len()).unwrap_or(0),
            Err(_) => 0,
        })
        .sum()
}

/// `yoriai migrate` for every city beside the main database; `--status` lists each.
pub fn migrate_cities(config: &Config, status: bool) -> anyhow::Result<()> {
    let base = cli_base(config)?;
    if status {
        for city in tenants::list_cities(&base).map_err(anyhow::Error::msg)? {
            if city.id.is_main() {
                continue;
            }
            match tenants::pending_for(&base, &city.id) {
                Ok(pending) if pending.is_empty() => println!("{}: up to date ({})", city.id, city.state.as_str()),
                Ok(pending) => {
                    println!("{}: {} pending ({})", city.id, pending.len(), city.state.as_str());
                    for name in pending {
                        println!("  pending: {name}");
                    }
                }
                Err(e) => println!("{}: cannot be read: {e}", city.id),
            }
        }
        return Ok(());
    }
    let outcomes = tenants::migrate_cities(&base).map_err(anyhow::Error::msg)?;
    let mut failed = 0;
    for (id, outcome) in outcomes {
        match outcome {
            Ok(applied) if applied.is_empty() => println!("{id}: up to date"),
            Ok(applied) => {
                for name in applied {
                    println!("{id}: applied {name}");
                }
            }
            Err(e) => {
                failed += 1;
                println!("{id}: FAILED, the city is suspended: {e}");
            }
        }
    }
    if failed > 0 {
        anyhow::bail!(
            "{failed} cities could not be migrated; the others were. Fix the cause, run `yoriai migrate` again, then `yoriai tenant resume <id>`"
        );
    }
    Ok(())
}
