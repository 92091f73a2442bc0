//! A real OpenID Connect provider for the tests: `tests/oidc/provider.mjs`
//! (oauth2-mock-server from npm) in a child process, stopped when dropped.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

pub struct OidcProvider {
    pub issuer: String,
    child: Child,
}

impl OidcProvider {
    /// Starts a provider on a free port. Needs Node and `tests/oidc/node_modules`
    /// (`./dev test` installs them); never skipped.
    pub fn start() -> OidcProvider {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("oidc");
        assert!(
            dir.join("node_modules/oauth2-mock-server").exists(),
            "the test OpenID Connect provider is not installed: run `npm ci` in {} (./dev test does)",
            dir.display()
        );
        let mut child = Command::new("node")
            .arg(dir.join("provider.mjs"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("node starts (install Node.js 20 or newer)");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("the provider prints its issuer");
        let issuer = line.trim().strip_prefix("issuer ").unwrap_or_else(|| panic!("unexpected: {line:?}")).to_owned();
        OidcProvider { issuer, child }
    }

    /// Opens the authorization URL as the resident's browser would, logging in at the
    /// provider as `hint` (see provider.mjs), and returns where the provider sends the
    /// browser back to.
    pub async fn authorize(&self, authorization_url: &str, hint: &str) -> String {
        let sep = if authorization_url.contains('?') { '&' } else { '?' };
        let hint: String = serde_urlencoded::to_string([("login_hint", hint)]).unwrap();
        let url = format!("{authorization_url}{sep}{hint}");
        assert!(url.starts_with(&self.issuer), "the authorization URL is the provider's: {url}");
        let client = awc::Client::builder().disable_redirects().finish();
        let res = client.get(&url).send().await.expect("the provider answers");
        assert_eq!(res.status().as_u16(), 302, "the provider redirects back");
        res.headers().get("location").and_then(|v| v.to_str().ok()).expect("a Location").to_owned()
    }
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
