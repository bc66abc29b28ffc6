//! `"host:port"` strings (gunicorn's and hypercorn's `bind`, `--bind 0.0.0.0:$PORT`) split into
//! a host and a port argument, keeping exact spans where the text came verbatim from the file.

use super::Value;
use super::{Arg, Piece};
use crate::source::Span;

/// Splits a bind string into host and port. `None` for addresses that are not host and port
/// (`unix:/run/app.sock`, `fd://3`). `whole` is the span of the expression the pieces came
/// from, used where a piece has no exact span of its own.
pub fn split_bind(pieces: &[Piece], whole: &Span) -> Option<(Arg, Arg)> {
    if let Some(Piece::Text { text, .. }) = pieces.first() {
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("unix:") || lower.starts_with("fd://") {
            return None;
        }
    }
    // The separator is the last `:` outside IPv6 brackets (`[::1]:8000`).
    let mut separator = None;
    let mut depth = 0i32;
    for (index, piece) in pieces.iter().enumerate() {
        if let Piece::Text { text, .. } = piece {
            for (offset, ch) in text.char_indices() {
                match ch {
                    '[' => depth += 1,
                    ']' => depth -= 1,
                    ':' if depth == 0 => separator = Some((index, offset)),
                    _ => {}
                }
            }
        }
    }
    let Some((index, offset)) = separator else {
        let host = pieces_to_arg(pieces, whole);
        let port = if matches!(host, Arg::Given { .. }) {
            Arg::Omitted
        } else {
            Arg::Unknown
        };
        return Some((host, port));
    };
    let mut host: Vec<Piece> = pieces[..index].to_vec();
    let mut port: Vec<Piece> = Vec::new();
    if let Piece::Text { text, span } = &pieces[index] {
        host.push(Piece::Text {
            text: text[..offset].to_string(),
            span: span.as_ref().map(|s| s.start..s.start + offset),
        });
        port.push(Piece::Text {
            text: text[offset + 1..].to_string(),
            span: span.as_ref().map(|s| s.start + offset + 1..s.end),
        });
    }
    port.extend(pieces[index + 1..].iter().cloned());
    let port = match pieces_to_arg(&port, whole) {
        Arg::Given { values, .. } if matches!(values.as_slice(), [Value::Str { text, .. }] if text.is_empty()) => {
            Arg::Omitted
        }
        other => other,
    };
    Some((pieces_to_arg(&host, whole), port))
}

/// A run of pieces as one argument: all text is a literal, a lone env read is that read.
fn pieces_to_arg(pieces: &[Piece], whole: &Span) -> Arg {
    let meaningful: Vec<&Piece> = pieces
        .iter()
        .filter(|p| !matches!(p, Piece::Text { text, .. } if text.is_empty()))
        .collect();
    match meaningful.as_slice() {
        [] => Arg::Given {
            span: pieces
                .iter()
                .find_map(text_span)
                .unwrap_or_else(|| whole.clone()),
            values: vec![Value::Str {
                text: String::new(),
                span: whole.clone(),
            }],
        },
        [Piece::Env(read)] => Arg::Given {
            span: read.span.clone(),
            values: vec![Value::Env(read.clone())],
        },
        texts if texts.iter().all(|p| matches!(p, Piece::Text { .. })) => {
            let text: String = texts
                .iter()
                .map(|p| match p {
                    Piece::Text { text, .. } => text.as_str(),
                    _ => "",
                })
                .collect();
            let spans: Vec<Span> = texts.iter().filter_map(|p| text_span(p)).collect();
            let contiguous =
                spans.len() == texts.len() && spans.windows(2).all(|w| w[0].end == w[1].start);
            let span = match (contiguous, spans.first(), spans.last()) {
                (true, Some(first), Some(last)) => first.start..last.end,
                _ => whole.clone(),
            };
            Arg::Given {
                span: span.clone(),
                values: vec![Value::Str { text, span }],
            }
        }
        _ => Arg::Unknown,
    }
}

fn text_span(piece: &Piece) -> Option<Span> {
    match piece {
        Piece::Text { span, .. } => span.clone(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::EnvRead;

    fn text(text: &str, start: usize) -> Piece {
        Piece::Text {
            text: text.into(),
            span: Some(start..start + text.len()),
        }
    }

    fn given(arg: &Arg) -> (Span, Vec<Value>) {
        match arg {
            Arg::Given { span, values } => (span.clone(), values.clone()),
            other => panic!("expected a value, got {other:?}"),
        }
    }

    #[test]
    fn literal_bind_splits_with_exact_spans() {
        // bind = "127.0.0.1:8000" with the content starting at byte 8.
        let (host, port) = split_bind(&[text("127.0.0.1:8000", 8)], &(7..23)).unwrap();
        let (host_span, host_values) = given(&host);
        assert_eq!(host_span, 8..17);
        assert!(matches!(&host_values[..], [Value::Str { text, .. }] if text == "127.0.0.1"));
        let (port_span, port_values) = given(&port);
        assert_eq!(port_span, 18..22);
        assert_eq!(port_values[0].literal_port(), Some(8000));
    }

    #[test]
    fn ipv6_and_env_ports() {
        let env = EnvRead {
            name: "PORT".into(),
            name_span: 0..0,
            span: 30..40,
            fallback: vec![],
            as_int: false,
        };
        let (host, port) = split_bind(&[text("[::]:", 0), Piece::Env(env)], &(0..40)).unwrap();
        assert!(matches!(&given(&host).1[..], [Value::Str { text, .. }] if text == "[::]"));
        assert!(matches!(&given(&port).1[..], [Value::Env(read)] if read.name == "PORT"));
    }

    #[test]
    fn sockets_and_missing_ports() {
        assert!(split_bind(&[text("unix:/tmp/app.sock", 0)], &(0..1)).is_none());
        let (_, port) = split_bind(&[text("0.0.0.0", 0)], &(0..7)).unwrap();
        assert!(matches!(port, Arg::Omitted));
        let (host, port) = split_bind(&[Piece::Unknown], &(0..7)).unwrap();
        assert!(matches!((host, port), (Arg::Unknown, Arg::Unknown)));
    }
}
