//! What the binary's tests share: the binary, a scratch directory, and plain HTTP/1.1.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_yoriai"))
}

/// A scratch directory, removed afterwards.
pub struct Dir(pub std::path::PathBuf);
impl Dir {
    pub fn new(tag: &str) -> Dir {
        let p = std::env::temp_dir().join(format!("yoriai-cli-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Dir(p)
    }
}
impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// One HTTP/1.1 request on a fresh connection; returns status, headers and body.
pub fn http(addr: &str, request: &str) -> (u16, String, String) {
    try_http(addr, request).unwrap()
}

/// As `http`, but a connection the server dropped (or never accepted) is an error.
pub fn try_http(addr: &str, request: &str) -> std::io::Result<(u16, String, String)> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(30)))?;
    stream.write_all(request.as_bytes())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    if status == 0 {
        return Err(std::io::Error::other("no HTTP answer"));
    }
    Ok((status, head.to_owned(), body.to_owned()))
}
