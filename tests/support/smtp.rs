//! A minimal SMTP server that accepts every message and keeps it, to test the SMTP
//! transport end to end without any external service.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

pub struct SmtpSink {
    pub url: String,
    pub messages: Arc<Mutex<Vec<String>>>,
}

impl SmtpSink {
    pub fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind SMTP sink");
        let port = listener.local_addr().unwrap().port();
        let messages = Arc::new(Mutex::new(Vec::new()));
        let store = messages.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let store = store.clone();
                std::thread::spawn(move || {
                    let mut writer = stream.try_clone().unwrap();
                    let mut reader = BufReader::new(stream);
                    let _ = writer.write_all(b"220 sink ESMTP\r\n");
                    let mut line = String::new();
                    loop {
                        line.clear();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        let command = line.trim_end().to_ascii_uppercase();
                        let reply: &[u8] = if command.starts_with("EHLO") || command.starts_with("HELO") {
                            b"250 sink\r\n"
                        } else if command.starts_with("DATA") {
                            let _ = writer.write_all(b"354 end with <CR><LF>.<CR><LF>\r\n");
                            let mut data = String::new();
                            loop {
                                line.clear();
                                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                                    return;
                                }
                                if line == ".\r\n" || line == ".\n" {
                                    break;
                                }
                                data.push_str(&line);
                            }
                            store.lock().unwrap().push(data);
                            b"250 queued\r\n"
                        } else if command.starts_with("QUIT") {
                            let _ = writer.write_all(b"221 bye\r\n");
                            return;
                        } else {
                            b"250 OK\r\n"
                        };
                        let _ = writer.write_all(reply);
                    }
                });
            }
        });
        SmtpSink { url: format!("smtp://127.0.0.1:{port}"), messages }
    }
}
