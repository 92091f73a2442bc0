//! The `yoriai` command line.

use crate::app::{open_database, Application, BuildOptions};
use crate::config::{Config, Environment, Overrides};
use clap::{Args, Parser, Subcommand};
use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;
use yoriai_domain::{Actor, Role};
use yoriai_services::{Keys, ServiceError, Services, Settings};

const SETTINGS_HELP: &str = "\
Settings (all optional; defaults work for a local trial). Each can be given in a TOML
file (--config), as an environment variable, or (some) as a flag; flags override the
environment, which overrides the file:
  bind              YORIAI_BIND            address to listen on [127.0.0.1:8080]
  data_dir          YORIAI_DATA_DIR        SQLite file, secret key, mail folder, uploads [./data]
  database_url      DATABASE_URL           postgres://user@host/db, or a SQLite path [<data_dir>/yoriai.db]
  public_url        YORIAI_PUBLIC_URL      address residents use, for links in emails [http://<bind>]
  environment       YORIAI_ENVIRONMENT     development | production [development]
  secret_key        YORIAI_SECRET_KEY      >= 32 random bytes; required in production
  smtp.url          YORIAI_SMTP__URL       smtps://user:pass@host:465; unset = write mail to <data_dir>/mail
  mail_from         YORIAI_MAIL_FROM       sender address [Yoriai <no-reply@localhost>]
  default_locale    YORIAI_DEFAULT_LOCALE  ja | en [ja]
  log_level         YORIAI_LOG_LEVEL       tracing filter [info]
  log_format        YORIAI_LOG_FORMAT      text | json [text]
  trust_proxy       YORIAI_TRUST_PROXY     trust X-Forwarded-For from a reverse proxy [false]
  pool_size         YORIAI_POOL_SIZE       database connections per process [10]
  metrics_token     YORIAI_METRICS_TOKEN   bearer token required by /metrics [none]
  run_worker        YORIAI_RUN_WORKER      send mail and clean up in this process [true]
  report_hide_threshold YORIAI_REPORT_HIDE_THRESHOLD  reporters before content is hidden [3]
  import_max_mb     YORIAI_IMPORT_MAX_MB   largest Pabulib file staff may import, MiB [64]
  report_reopen_days YORIAI_REPORT_REOPEN_DAYS  days a fixed report can be reopened [28]
  unconfirmed_report_days YORIAI_UNCONFIRMED_REPORT_DAYS  days to confirm a report by email [7]
  unconfirmed_account_days YORIAI_UNCONFIRMED_ACCOUNT_DAYS days to confirm a new account [14]
  map_tiles         YORIAI_MAP_TILES       tile URL template, empty for none [OpenStreetMap]
  map_attribution   YORIAI_MAP_ATTRIBUTION attribution shown on maps
  map_center        YORIAI_MAP_CENTER      where maps open, lat,lon [37.4947,139.9298]
  map_zoom          YORIAI_MAP_ZOOM        initial zoom [14]
  site_root         YORIAI_SITE_ROOT       built front end [site/ beside the binary's folder]
  console_host      YORIAI_CONSOLE_HOST    host of the system console for several cities [none]";

/// Yoriai: citizen participation (proposals, participatory budgets, street reports).
#[derive(Parser, Debug)]
#[command(name = "yoriai", version, about, after_help = SETTINGS_HELP)]
pub struct Cli {
    /// TOML file with settings (see below).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Database: postgres://… or a SQLite file path.
    #[arg(long, global = true, env = "DATABASE_URL", value_name = "URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Folder for the SQLite file, secret key, mail folder and uploads.
    #[arg(long, global = true, env = "YORIAI_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// On an installation serving several cities: the city (its id) that `admin`,
    /// `seed` and `export` act on. Default: the main database.
    #[arg(long, global = true, env = "YORIAI_TENANT", value_name = "ID")]
    pub tenant: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the web server (applies pending migrations first).
    Serve {
        /// Address to listen on.
        #[arg(long, env = "YORIAI_BIND", value_name = "ADDR")]
        bind: Option<String>,
    },
    /// Apply pending database migrations, then exit (run once before starting several nodes).
    Migrate {
        /// Only list the migrations that would be applied.
        #[arg(long)]
        status: bool,
    },
    /// Operator tools: accounts and API tokens.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Participatory-budgeting files (Pabulib `.pb`): tally and validate.
    #[command(subcommand)]
    Pb(PbCommand),
    /// Exports of public data.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Several cities on one installation: create, list, hosts, suspend, resume, delete.
    #[command(subcommand)]
    Tenant(TenantCommand),
    /// Fill the database with demonstration data (refused in production).
    Seed {
        /// Create the demo accounts and content.
        #[arg(long)]
        demo: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum TenantCommand {
    /// Create a city with its own database (a PostgreSQL schema or a SQLite file), keys
    /// and uploads, answering on the given hosts. The first city created turns this
    /// installation into a multi-city one: the main database stays served as the city
    /// `main` on the configured public host.
    Create {
        /// The city's permanent id (letters, digits, _); default: from the English name.
        #[arg(long)]
        id: Option<String>,
        /// A host the city answers on; repeat for more. The first is the primary one
        /// (used in links in mail and feeds).
        #[arg(long = "host", required = true, value_name = "HOST")]
        hosts: Vec<String>,
        #[arg(long)]
        name_ja: String,
        #[arg(long)]
        name_en: String,
    },
    /// List the cities with their state, hosts, accounts and storage (never residents' data).
    List,
    /// Add or remove a city's hosts, or choose its primary one.
    Hosts {
        id: String,
        #[arg(long, value_name = "HOST")]
        add: Vec<String>,
        #[arg(long, value_name = "HOST")]
        remove: Vec<String>,
        #[arg(long, value_name = "HOST")]
        primary: Option<String>,
    },
    /// Stop serving a city (its pages answer "paused"); nothing is deleted.
    Suspend {
        id: String,
        /// Kept for the operator, never shown to residents.
        #[arg(long)]
        reason: Option<String>,
    },
    /// Serve a suspended city again (after a failed migration: once `yoriai migrate` passed).
    Resume { id: String },
    /// Write one city's whole database content and uploads into a ZIP archive, to move it
    /// to another installation (`main` exports the main database). The archive holds
    /// residents' personal data: keep it like a database backup.
    Export {
        id: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Make a city of an exported archive, on this installation's backend. `--id main`
    /// fills a fresh installation's main database instead (moving a city to its own server).
    Import {
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
        /// Default: the archive's id.
        #[arg(long)]
        id: Option<String>,
        /// Default: the archive's hosts.
        #[arg(long = "host", value_name = "HOST")]
        hosts: Vec<String>,
    },
    /// Add a system operator of the console (`console_host`), or give one a new password
    /// (prompt or standard input) and two-step key (printed; ends their sessions).
    Operator {
        #[arg(long)]
        email: String,
        /// A two-step key already held (32 base32 letters) instead of a new random one.
        #[arg(long, env = "YORIAI_OPERATOR_TWO_FACTOR_KEY", hide_env_values = true, value_name = "BASE32")]
        two_factor_key: Option<String>,
    },
    /// Delete a city and everything of it: its database, uploads and open data. Asks for
    /// the id to be typed again, or takes it as --confirm.
    Delete {
        id: String,
        #[arg(long, value_name = "ID")]
        confirm: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum AdminCommand {
    /// Create a confirmed account with a role. The password is asked for at the prompt,
    /// or read from standard input when it is not a terminal.
    CreateUser(CreateUserArgs),
    /// Print a new personal access token for scripts (`Authorization: Bearer …`).
    CreateToken {
        /// Account the token acts as.
        #[arg(long)]
        email: String,
        /// A label to recognise the token by.
        #[arg(long, default_value = "cli")]
        name: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum ExportCommand {
    /// Write every public dataset (processes, proposals and answers, budgets and
    /// results, street reports without personal data, decisions, accountability) as
    /// CSV and JSON in one ZIP archive with its schema (`datapackage.json`).
    OpenData {
        /// The archive to write (e.g. open-data.zip). Written through a temporary file
        /// in the same folder, so a failed export leaves nothing behind.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum PbCommand {
    /// Compute the winners of a Pabulib file under a rule; prints JSON
    /// {"rule", "winners" (sorted), "selection_order", "total_cost" ("p" or "p/q")}.
    #[command(after_help = crate::pb_cli::RULES_HELP)]
    Tally {
        /// The rule id (see below).
        #[arg(long, value_parser = rule_parser())]
        rule: yoriai_domain::pb::Rule,
        /// The `.pb` file.
        file: PathBuf,
    },
    /// Validate a Pabulib file; prints each problem with its line. Exit status 1 when
    /// the file has errors (warnings alone pass).
    Check {
        /// The `.pb` file.
        file: PathBuf,
    },
}

/// Accepts exactly the rule ids, and lists them when given something else.
fn rule_parser() -> impl clap::builder::TypedValueParser<Value = yoriai_domain::pb::Rule> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(yoriai_domain::pb::Rule::ALL.map(|r| r.as_str()))
        .map(|s| s.parse::<yoriai_domain::pb::Rule>().expect("listed rule ids parse"))
}

#[derive(Args, Debug)]
pub struct CreateUserArgs {
    #[arg(long)]
    pub email: String,
    /// resident, moderator, department_staff, valuator, council_secretary or admin.
    #[arg(long, value_parser = clap::builder::ValueParser::new(|s: &str| s.parse::<Role>()))]
    pub role: Role,
    /// Display name (default: the part of the email before @).
    #[arg(long)]
    pub name: Option<String>,
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    // Pabulib tools work on files alone: no configuration, no database.
    if let Command::Pb(command) = &cli.command {
        return crate::pb_cli::run(command);
    }
    let bind = match &cli.command {
        Command::Serve { bind } => bind.clone(),
        _ => None,
    };
    let overrides = Overrides {
        config_file: cli.config.clone(),
        database_url: cli.database_url.clone(),
        data_dir: cli.data_dir.clone(),
        bind,
    };
    let config = match Config::load(&overrides).and_then(|c| c.validate().map(|_| c)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("yoriai: {e}");
            return ExitCode::from(2);
        }
    };
    crate::telemetry::init(&config);
    let tenant = cli.tenant.as_deref();
    let result = match cli.command {
        Command::Serve { .. } => serve(config),
        Command::Migrate { status } => migrate(&config, status),
        Command::Admin(AdminCommand::CreateUser(args)) => create_user(&config, tenant, args),
        Command::Admin(AdminCommand::CreateToken { email, name }) => create_token(&config, tenant, &email, &name),
        Command::Pb(_) => unreachable!("handled before loading the configuration"),
        Command::Export(ExportCommand::OpenData { out }) => export_open_data(&config, tenant, &out),
        Command::Tenant(command) => crate::tenant_cli::run(&config, command),
        Command::Seed { demo } => {
            if demo {
                crate::seed::demo(&config, tenant)
            } else {
                Err(anyhow::anyhow!("nothing to do: use `yoriai seed --demo`"))
            }
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("yoriai: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn serve(config: Config) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        let app = Application::build(config, BuildOptions::default()).await?;
        tracing::info!(address = %app.addr, url = %app.public_url, "Yoriai is serving");
        println!("Yoriai is running at {}", app.public_url);
        app.run_until_stopped().await?;
        Ok(())
    })
}

fn migrate(config: &Config, status: bool) -> anyhow::Result<()> {
    migrate_main(config, status)?;
    crate::tenant_cli::migrate_cities(config, status)
}

fn migrate_main(config: &Config, status: bool) -> anyhow::Result<()> {
    let url = config.database_url();
    yoriai_store::conn::prepare_database(&url).map_err(anyhow::Error::msg)?;
    let mut conn =
        yoriai_store::conn::establish(&url).map_err(|e| anyhow::anyhow!("cannot connect to the database: {e}"))?;
    if status {
        let pending = yoriai_store::migrate::pending(&mut conn).map_err(|e| anyhow::anyhow!("{e}"))?;
        if pending.is_empty() {
            println!("The database is up to date.");
        }
        for name in pending {
            println!("pending: {name}");
        }
        return Ok(());
    }
    let applied =
        yoriai_store::migrate::run_pending_locked(&mut conn).map_err(|e| anyhow::anyhow!("migrations failed: {e}"))?;
    if applied.is_empty() {
        println!("The database is up to date.");
    }
    for name in applied {
        println!("applied: {name}");
    }
    Ok(())
}

fn export_open_data(config: &Config, tenant: Option<&str>, out: &std::path::Path) -> anyhow::Result<()> {
    let svc = services(config, tenant)?;
    let total = yoriai_services::opendata::total_rows(&svc).map_err(explain)?;
    let bar = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        indicatif::ProgressBar::new(total)
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} rows ({eta} left)")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let summary =
        yoriai_services::opendata::export_to_path(&svc, out, |n| bar.set_position(n.min(total))).map_err(|e| {
            bar.abandon();
            anyhow::anyhow!(e)
        })?;
    bar.finish_and_clear();
    println!("wrote {} ({} datasets, {} rows, CSV and JSON)", out.display(), summary.datasets, summary.rows);
    Ok(())
}

/// Services for a command-line tool (no web server, no mail worker): the main
/// database's, or those of the city `tenant` names.
pub fn services(config: &Config, tenant: Option<&str>) -> anyhow::Result<Services> {
    let pool = open_database(config)?;
    let base = cli_base(config)?;
    let main = Services::new(pool, base.settings.clone(), base.main_keys.clone(), {
        std::sync::Arc::new(yoriai_services::images::LocalStorage::new(config.data_dir.join("uploads")))
    });
    match tenant {
        None | Some(yoriai_store::control::MAIN) => Ok(main),
        Some(id) => {
            let record = crate::tenants::list_cities(&base)
                .map_err(anyhow::Error::msg)?
                .into_iter()
                .find(|t| t.id.as_str() == id)
                .ok_or_else(|| anyhow::anyhow!("no city has the id {id} (see `yoriai tenant list`)"))?;
            Ok(base.services_for(&record))
        }
    }
}

/// What every city's services are built from, for command-line tools.
pub fn cli_base(config: &Config) -> anyhow::Result<crate::tenants::Base> {
    let keys = Keys::new(&config.secret_bytes().map_err(anyhow::Error::msg)?);
    let settings = Settings {
        public_url: config.public_url_for(config.bind_addr().map_err(anyhow::Error::msg)?),
        open_data_dir: config.data_dir.join("open-data"),
        ..Settings::default()
    };
    let hasher = yoriai_services::PasswordHasher::default();
    Ok(crate::tenants::Base {
        main_url: config.database_url(),
        data_dir: config.data_dir.clone(),
        pool_size: config.pool_size.min(4),
        settings,
        main_keys: keys,
        hasher,
        mail_queued: std::sync::Arc::new(|| {}),
    })
}

/// Explains a command's rejection in English on the terminal.
pub fn explain(error: ServiceError) -> anyhow::Error {
    match error {
        ServiceError::Rejected(r) => {
            let mut text = yoriai_i18n::t(yoriai_domain::Locale::En, &r.code.message_key());
            for f in r.fields {
                text.push_str(&format!(
                    "\n  {}: {}",
                    f.field,
                    yoriai_i18n::t(yoriai_domain::Locale::En, &f.code.message_key())
                ));
            }
            anyhow::anyhow!(text)
        }
        other => anyhow::Error::new(other),
    }
}

pub fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ")?;
        let second = rpassword::prompt_password("Repeat the password: ")?;
        if first != second {
            anyhow::bail!("the two passwords differ");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}

fn create_user(config: &Config, tenant: Option<&str>, args: CreateUserArgs) -> anyhow::Result<()> {
    let services = services(config, tenant)?;
    let password = read_password()?;
    let name = args.name.unwrap_or_else(|| args.email.split('@').next().unwrap_or("admin").to_owned());
    let id = yoriai_services::accounts::create_user(
        &services,
        &Actor::System,
        yoriai_services::accounts::CreateUserInput {
            email: args.email.clone(),
            display_name: name,
            password,
            role: args.role,
        },
    )
    .map_err(explain)?;
    println!("Created account {} ({}) with role {}.", id, args.email.trim(), args.role);
    Ok(())
}

fn create_token(config: &Config, tenant: Option<&str>, email: &str, name: &str) -> anyhow::Result<()> {
    let services = services(config, tenant)?;
    let (_, token) =
        yoriai_services::accounts::issue_api_token(&services, &Actor::System, email, name).map_err(explain)?;
    // The only time the token is shown: it is stored hashed.
    println!("{token}");
    Ok(())
}

/// Refuses operations meant for trials when running in production.
pub fn refuse_in_production(config: &Config, what: &str) -> anyhow::Result<()> {
    if config.environment == Environment::Production {
        anyhow::bail!("{what} is refused in production (environment = production)");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn help_lists_every_setting() {
        let help = Cli::command().render_long_help().to_string();
        for var in ["YORIAI_BIND", "DATABASE_URL", "YORIAI_DATA_DIR", "YORIAI_SECRET_KEY", "YORIAI_SMTP__URL"] {
            assert!(help.contains(var), "{var} missing from help");
        }
    }

    #[test]
    fn roles_are_parsed_from_their_names() {
        let cli =
            Cli::try_parse_from(["yoriai", "admin", "create-user", "--email", "a@b.jp", "--role", "council_secretary"])
                .unwrap();
        match cli.command {
            Command::Admin(AdminCommand::CreateUser(a)) => {
                assert_eq!(a.role, Role::CouncilSecretary)
            }
            other => panic!("{other:?}"),
        }
        assert!(
            Cli::try_parse_from(["yoriai", "admin", "create-user", "--email", "a@b.jp", "--role", "mayor"]).is_err()
        );
    }
}
