//! A minimal browser for API tests: keeps cookies, sends the CSRF token the page gave
//! it, and posts forms the way a browser without JavaScript does.

use awc::http::header;
use std::collections::BTreeMap;

pub struct Browser {
    base: String,
    client: awc::Client,
    pub cookies: BTreeMap<String, String>,
    /// The CSRF token of the last page seen.
    pub csrf: Option<String>,
    pub accept_language: Option<String>,
    /// The last page opened with `get`, sent as Referer like a browser does.
    pub last_page: String,
    /// The `Host` header to send (`a.localhost:1234`), to reach one city of several
    /// served on the same address.
    pub host: Option<String>,
}

pub struct Response {
    pub status: u16,
    pub headers: awc::http::header::HeaderMap,
    pub body: String,
}

impl Response {
    #[track_caller]
    pub fn assert_status(&self, status: u16) -> &Self {
        let head: String = self.body.chars().take(2000).collect();
        assert_eq!(self.status, status, "unexpected status; body: {head}");
        self
    }

    pub fn location(&self) -> Option<String> {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).map(str::to_owned)
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
    }

    /// A refused command's `(field, code)` pairs, in the order the server gave them.
    pub fn field_codes(&self) -> Vec<(String, String)> {
        self.json()["fields"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|f| {
                        (f["field"].as_str().unwrap_or("").to_owned(), f["code"].as_str().unwrap_or("").to_owned())
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    #[track_caller]
    pub fn assert_contains(&self, text: &str) -> &Self {
        assert!(self.body.contains(text), "{text:?} not in body: {}", &self.body[..self.body.len().min(4000)]);
        self
    }

    #[track_caller]
    pub fn assert_not_contains(&self, text: &str) -> &Self {
        assert!(!self.body.contains(text), "{text:?} unexpectedly in body");
        self
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers.get_all(header::SET_COOKIE).filter_map(|v| v.to_str().ok()).map(str::to_owned).collect()
    }
}

/// The value of `name="csrf" value="…"` or of the page context's `csrf`.
fn find_csrf(html: &str) -> Option<String> {
    let marker = "name=\"csrf\" value=\"";
    if let Some(i) = html.find(marker) {
        let rest = &html[i + marker.len()..];
        return rest.split('"').next().map(str::to_owned);
    }
    None
}

impl Browser {
    pub fn new(base: &str) -> Browser {
        // The server closes idle keep-alive connections after 5 s; reusing one it is just
        // closing can leave a request unanswered, so the client gives idle connections up
        // well before that.
        let connector = awc::Connector::new().conn_keep_alive(std::time::Duration::from_secs(2));
        let client = awc::Client::builder()
            .connector(connector)
            .disable_redirects()
            .timeout(std::time::Duration::from_secs(30))
            .finish();
        Browser {
            base: base.to_owned(),
            client,
            cookies: BTreeMap::new(),
            csrf: None,
            accept_language: None,
            last_page: "/".into(),
            host: None,
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    fn absorb(&mut self, res: &Response) {
        for c in res.set_cookies() {
            if let Ok(cookie) = awc::cookie::Cookie::parse(c) {
                let expired =
                    cookie.max_age().is_some_and(|a| a.is_zero() || a.is_negative()) || cookie.value().is_empty();
                if expired {
                    self.cookies.remove(cookie.name());
                } else {
                    self.cookies.insert(cookie.name().to_owned(), cookie.value().to_owned());
                }
            }
        }
        if let Some(token) = find_csrf(&res.body) {
            self.csrf = Some(token);
        }
    }

    async fn send(&mut self, req: awc::ClientRequest, body: Option<(&str, String)>) -> Response {
        let mut req = req.insert_header((header::COOKIE, self.cookie_header()));
        if let Some(host) = &self.host {
            req = req.insert_header((header::HOST, host.clone()));
        }
        if let Some(lang) = &self.accept_language {
            req = req.insert_header((header::ACCEPT_LANGUAGE, lang.clone()));
        }
        let mut res = match body {
            Some((content_type, body)) => req.insert_header((header::CONTENT_TYPE, content_type)).send_body(body).await,
            None => req.send().await,
        }
        .expect("request sent");
        let bytes = res.body().limit(10 * 1024 * 1024).await.expect("body read");
        let response = Response {
            status: res.status().as_u16(),
            headers: res.headers().clone(),
            body: String::from_utf8_lossy(&bytes).into_owned(),
        };
        self.absorb(&response);
        response
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// GET like a browser (asks for HTML). A page the server sends back to itself after
    /// a stalled render (see `render_guard`) is followed, as a browser does.
    pub async fn get(&mut self, path: &str) -> Response {
        self.last_page = path.to_owned();
        let mut target = path.to_owned();
        for _ in 0..3 {
            let req = self.client.get(self.url(&target)).insert_header((header::ACCEPT, "text/html"));
            let res = self.send(req, None).await;
            match (res.status, res.header(yoriai_server::render_guard::RERENDER), res.location()) {
                (307, Some(_), Some(location)) => {
                    eprintln!("test browser: the server re-rendered {target} after a stalled render");
                    target = location;
                }
                _ => return res,
            }
        }
        panic!("{path}: the page stalled three times");
    }

    /// GET like an API client.
    pub async fn get_json(&mut self, path: &str) -> Response {
        let req = self.client.get(self.url(path)).insert_header((header::ACCEPT, "application/json"));
        self.send(req, None).await
    }

    /// Posts a form like a browser without JavaScript, adding the CSRF token.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Response {
        let csrf = self.csrf.clone().unwrap_or_default();
        let mut all: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_form_raw(path, &all).await
    }

    /// Posts exactly these fields (no CSRF token added).
    pub async fn post_form_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> Response {
        let body = serde_urlencoded::to_string(fields).unwrap();
        let req = self
            .client
            .post(self.url(path))
            .insert_header((header::ACCEPT, "text/html,application/xhtml+xml"))
            .insert_header((header::REFERER, self.url(&self.last_page)));
        self.send(req, Some(("application/x-www-form-urlencoded", body))).await
    }

    /// Posts a form the way the hydrated page's server-function client does: the
    /// fields of the function's arguments, and the page's CSRF token in the
    /// `X-CSRF-Token` header (`frontend/src/api/mod.rs`, `CsrfHeader`).
    pub async fn call_server_fn(&mut self, path: &str, fields: &[(&str, &str)]) -> Response {
        let csrf = self.csrf.clone().unwrap_or_default();
        let body = serde_urlencoded::to_string(fields).unwrap();
        let req = self
            .client
            .post(self.url(path))
            .insert_header((header::ACCEPT, "application/json"))
            .insert_header(("x-csrf-token", csrf));
        self.send(req, Some(("application/x-www-form-urlencoded", body))).await
    }

    pub async fn post_json(&mut self, path: &str, json: &serde_json::Value) -> Response {
        let req = self.client.post(self.url(path)).insert_header((header::ACCEPT, "application/json"));
        self.send(req, Some(("application/json", json.to_string()))).await
    }

    pub async fn delete(&mut self, path: &str) -> Response {
        let req = self.client.delete(self.url(path)).insert_header((header::ACCEPT, "application/json"));
        let req = match &self.csrf {
            Some(t) => req.insert_header(("x-csrf-token", t.clone())),
            None => req,
        };
        self.send(req, None).await
    }

    /// A request with a raw body (e.g. multipart), like a browser form post.
    pub async fn request_raw(&mut self, method: &str, path: &str, content_type: &str, body: Vec<u8>) -> Response {
        self.request_raw_with(method, path, content_type, body, &[]).await
    }

    /// [`Browser::request_raw`] with extra headers (a bearer token, say).
    pub async fn request_raw_with(
        &mut self,
        method: &str,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
        headers: &[(&str, &str)],
    ) -> Response {
        let method = awc::http::Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = self
            .client
            .request(method, self.url(path))
            .insert_header((header::ACCEPT, "text/html"))
            .insert_header((header::COOKIE, self.cookie_header()))
            .insert_header((header::CONTENT_TYPE, content_type));
        if let Some(host) = &self.host {
            req = req.insert_header((header::HOST, host.clone()));
        }
        for (k, v) in headers {
            req = req.insert_header((*k, *v));
        }
        let mut res = req.send_body(body).await.expect("request sent");
        let bytes = res.body().limit(10 * 1024 * 1024).await.unwrap_or_default();
        Response {
            status: res.status().as_u16(),
            headers: res.headers().clone(),
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// A request with a custom header set, e.g. a bearer token or an Origin.
    pub async fn request(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        json: Option<serde_json::Value>,
    ) -> Response {
        let method = awc::http::Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = self.client.request(method, self.url(path)).insert_header((header::ACCEPT, "application/json"));
        for (k, v) in headers {
            req = req.insert_header((*k, *v));
        }
        self.send(req, json.map(|j| ("application/json", j.to_string()))).await
    }
}
