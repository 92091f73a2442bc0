fn main() -> std::process::ExitCode {
    // Rendering deep pages on the server needs more stack than the 2 MiB default of
    // worker threads, especially in debug builds. Set before any thread starts.
    if std::env::var_os("RUST_MIN_STACK").is_none() {
        std::env::set_var("RUST_MIN_STACK", (8 * 1024 * 1024).to_string());
    }
    yoriai_server::cli::run()
}
