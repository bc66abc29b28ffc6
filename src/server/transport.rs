//! The stdio transport: `Content-Length` framed JSON-RPC messages on stdin and stdout.
//!
//! `lsp-server` has a stdio transport of its own, but its reader thread stops at the first
//! message that is not valid JSON, which ends the session. This reader logs a malformed message
//! and goes on to the next one, so a client's bad message costs that message only. It hands
//! what it reads to an in-memory [`Connection`] (the same one the tests drive), and a writer
//! thread writes what the server sends.

use std::io::{BufRead, Write};
use std::thread;

use lsp_server::{Connection, Message};

use super::log::Logger;

/// The largest message read; a larger `Content-Length` is skipped as malformed.
const MAX_MESSAGE: usize = 64 * 1024 * 1024;

/// The server's end of a connection over stdin and stdout, and the threads that serve it.
pub fn stdio(logger: Logger) -> (Connection, Vec<thread::JoinHandle<()>>) {
    let (server, client) = Connection::memory();
    let Connection {
        sender: to_server,
        receiver: from_server,
    } = client;
    let reader = thread::Builder::new()
        .name("bindlint-lsp-reader".into())
        .spawn(move || {
            let stdin = std::io::stdin();
            let mut input = stdin.lock();
            loop {
                match read_message(&mut input) {
                    Ok(Some(Framed::Message(message))) => {
                        let is_exit =
                            matches!(&message, Message::Notification(n) if n.method == "exit");
                        if to_server.send(message).is_err() || is_exit {
                            break;
                        }
                    }
                    Ok(Some(Framed::Malformed(reason))) => {
                        logger.warn(&format!("skipped a malformed message: {reason}"));
                    }
                    Ok(None) => break,
                    Err(error) => {
                        logger.error(&format!("cannot read stdin: {error}"));
                        break;
                    }
                }
            }
        })
        .expect("a thread can be spawned");
    let writer = thread::Builder::new()
        .name("bindlint-lsp-writer".into())
        .spawn(move || {
            let stdout = std::io::stdout();
            let mut output = stdout.lock();
            for message in from_server {
                if message.write(&mut output).is_err() || output.flush().is_err() {
                    break;
                }
            }
        })
        .expect("a thread can be spawned");
    (server, vec![reader, writer])
}

/// What one frame held.
#[derive(Debug)]
pub enum Framed {
    Message(Message),
    /// A frame whose header or body could not be used, and why.
    Malformed(String),
}

/// Reads one frame: `Ok(None)` at the end of input.
pub fn read_message(input: &mut impl BufRead) -> std::io::Result<Option<Framed>> {
    let mut length: Option<usize> = None;
    let mut bad_header = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if length.is_some() || bad_header.is_some() {
                break;
            }
            // Blank lines between frames are tolerated.
            continue;
        }
        match header.split_once(':') {
            Some((name, value)) if name.eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) if n <= MAX_MESSAGE => length = Some(n),
                    _ => bad_header = Some(format!("bad Content-Length `{}`", value.trim())),
                }
            }
            Some(_) => {}
            None => bad_header = Some(format!("not a header: `{header}`")),
        }
    }
    let Some(length) = length.filter(|_| bad_header.is_none()) else {
        return Ok(Some(Framed::Malformed(
            bad_header.unwrap_or_else(|| "no Content-Length".into()),
        )));
    };
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(match serde_json::from_slice::<Message>(&body) {
        Ok(message) => Framed::Message(message),
        Err(error) => Framed::Malformed(format!("not a JSON-RPC message: {error}")),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<String> {
        let mut reader = std::io::BufReader::new(input.as_bytes());
        let mut out = Vec::new();
        while let Some(frame) = read_message(&mut reader).unwrap() {
            out.push(match frame {
                Framed::Message(Message::Request(r)) => format!("request {}", r.method),
                Framed::Message(Message::Notification(n)) => format!("notification {}", n.method),
                Framed::Message(Message::Response(_)) => "response".into(),
                Framed::Malformed(reason) => format!("malformed: {reason}"),
            });
        }
        out
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn a_malformed_frame_is_skipped_and_the_next_is_read() {
        let input = [
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
            "Content-Length: lots\r\n\r\n".into(),
            frame(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#),
        ]
        .concat();
        let read = frames(&input);
        assert_eq!(read.len(), 4, "{read:?}");
        assert!(read[0].starts_with("malformed: not a JSON-RPC message"));
        assert_eq!(read[1], "notification initialized");
        assert_eq!(read[2], "malformed: bad Content-Length `lots`");
        assert_eq!(read[3], "request shutdown");
    }

    #[test]
    fn a_truncated_body_ends_the_input() {
        let mut reader = std::io::BufReader::new("Content-Length: 50\r\n\r\n{}".as_bytes());
        assert!(read_message(&mut reader).is_err());
        assert!(frames("").is_empty());
    }
}
