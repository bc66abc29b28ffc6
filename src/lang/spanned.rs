//! Data files (YAML, TOML, JSON) as one small tree that keeps where every value stands, so the
//! manifests that start an app (compose files, `fly.toml`, `render.yaml`, Kubernetes...) are
//! read the same way whatever their format, and a finding points into the file. The parsing is
//! the crates' (saphyr for YAML, toml, tree-sitter-json); this module only keeps positions.

use std::borrow::Cow;

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

use super::shell::Mapped;
use crate::source::Span;

/// A value of a data file, with its span in the file's text.
#[derive(Debug, Clone, PartialEq)]
pub struct DataNode {
    pub span: Span,
    pub value: DataValue,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DataValue {
    /// A string, each byte mapped to where it stands in the file (through quotes and escapes
    /// when they can be followed, else to the value's start).
    Str(Mapped),
    Int(i64),
    Bool(bool),
    Null,
    /// Floats, dates, aliases: nothing a manifest reader needs.
    Other,
    Seq(Vec<DataNode>),
    /// Keys in file order, with the span of each key.
    Map(Vec<(String, Span, DataNode)>),
}

/// Why a data file could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    pub offset: usize,
    pub message: String,
}

/// How deep a data file may nest before it is refused: manifests nest a dozen levels; the bound
/// keeps a hostile file from exhausting the stack of the parser or of this module.
pub const MAX_NESTING: usize = 256;

impl DataNode {
    /// The value under `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&DataNode> {
        match &self.value {
            DataValue::Map(entries) => entries
                .iter()
                .find(|(name, _, _)| name == key)
                .map(|(_, _, value)| value),
            _ => None,
        }
    }

    /// The value at a path of keys (`["deploy", "startCommand"]`).
    pub fn path(&self, keys: &[&str]) -> Option<&DataNode> {
        keys.iter().try_fold(self, |node, key| node.get(key))
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            DataValue::Str(mapped) => Some(&mapped.text),
            _ => None,
        }
    }

    /// The string with the file offset of each of its bytes.
    pub fn as_mapped(&self) -> Option<&Mapped> {
        match &self.value {
            DataValue::Str(mapped) => Some(mapped),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> &[DataNode] {
        match &self.value {
            DataValue::Seq(items) => items,
            _ => &[],
        }
    }

    pub fn entries(&self) -> &[(String, Span, DataNode)] {
        match &self.value {
            DataValue::Map(entries) => entries,
            _ => &[],
        }
    }

    /// A port number: an integer, or a string of digits (`"8080"`).
    pub fn as_port(&self) -> Option<u16> {
        match &self.value {
            DataValue::Int(value) => u16::try_from(*value).ok(),
            DataValue::Str(mapped) => mapped.text.trim().parse().ok(),
            _ => None,
        }
    }

    /// The text of a scalar of any kind (`8080`, `true`, `"x"`), as a manifest's env value is.
    pub fn scalar_text(&self) -> Option<Cow<'_, str>> {
        match &self.value {
            DataValue::Str(mapped) => Some(Cow::Borrowed(&mapped.text)),
            DataValue::Int(value) => Some(Cow::Owned(value.to_string())),
            DataValue::Bool(value) => Some(Cow::Owned(value.to_string())),
            _ => None,
        }
    }
}

/// Every document of a YAML file (Kubernetes manifests hold several, split by `---`).
pub fn parse_yaml(text: &str) -> Result<Vec<DataNode>, DataError> {
    refuse_deep_nesting(text)?;
    let documents = MarkedYaml::load_from_str(text).map_err(|error| DataError {
        offset: byte_offset(text, error.marker().index()),
        message: error.info().to_string(),
    })?;
    let offsets = CharOffsets::new(text);
    Ok(documents
        .iter()
        .map(|document| from_yaml(text, &offsets, document, 0))
        .collect())
}

/// A TOML file's top-level table.
pub fn parse_toml(text: &str) -> Result<DataNode, DataError> {
    refuse_deep_nesting(text)?;
    let table = toml::de::DeTable::parse(text).map_err(|error| DataError {
        offset: error.span().map_or(0, |span| span.start),
        message: error.message().trim().to_string(),
    })?;
    let span = table.span();
    Ok(DataNode {
        span,
        value: from_toml_table(text, table.get_ref(), 0),
    })
}

/// A JSON file's value, with strings decoded through their escapes.
pub fn parse_json(text: &str) -> Result<DataNode, DataError> {
    refuse_deep_nesting(text)?;
    let tree = crate::tree::parse(crate::tree::Grammar::Json, text).ok_or(DataError {
        offset: 0,
        message: "the JSON parser gave up".to_string(),
    })?;
    if let Some(offset) = crate::tree::first_error(&tree) {
        return Err(DataError {
            offset,
            message: "not valid JSON".to_string(),
        });
    }
    let root = crate::tree::named_children(tree.root_node())
        .find(|node| node.kind() != "comment")
        .ok_or(DataError {
            offset: 0,
            message: "an empty JSON file".to_string(),
        })?;
    Ok(from_json(text, root, 0))
}

/// Refuses text nested deeper than [`MAX_NESTING`] brackets or indentation levels before any
/// parser recurses into it.
fn refuse_deep_nesting(text: &str) -> Result<(), DataError> {
    let mut depth: usize = 0;
    for (offset, byte) in text.bytes().enumerate() {
        match byte {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(DataError {
                        offset,
                        message: format!("nested more than {MAX_NESTING} levels deep"),
                    });
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    let indented = text.lines().position(|line| {
        let indent = line.len() - line.trim_start_matches([' ', '-']).len();
        indent > MAX_NESTING * 2
    });
    match indented {
        Some(line) => Err(DataError {
            offset: text.lines().take(line).map(|l| l.len() + 1).sum(),
            message: format!("indented more than {MAX_NESTING} levels deep"),
        }),
        None => Ok(()),
    }
}

/// The byte offset of each character, for the YAML parser's character positions.
struct CharOffsets(Vec<usize>);

impl CharOffsets {
    fn new(text: &str) -> CharOffsets {
        let mut offsets: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
        offsets.push(text.len());
        CharOffsets(offsets)
    }

    fn byte(&self, index: usize) -> usize {
        self.0
            .get(index)
            .copied()
            .unwrap_or_else(|| self.0.last().copied().unwrap_or(0))
    }
}

fn byte_offset(text: &str, char_index: usize) -> usize {
    text.char_indices()
        .nth(char_index)
        .map_or(text.len(), |(at, _)| at)
}

fn from_yaml(text: &str, offsets: &CharOffsets, node: &MarkedYaml<'_>, depth: usize) -> DataNode {
    let start = offsets.byte(node.span.start.index());
    let end = offsets.byte(node.span.end.index()).max(start);
    let span = start..end;
    let value = if depth > MAX_NESTING {
        DataValue::Other
    } else {
        match &node.data {
            YamlData::Value(scalar) => from_scalar(text, &span, scalar),
            YamlData::Representation(raw, _, _) => {
                DataValue::Str(scalar_text(text, &span, raw.as_ref()))
            }
            YamlData::Sequence(items) => DataValue::Seq(
                items
                    .iter()
                    .map(|item| from_yaml(text, offsets, item, depth + 1))
                    .collect(),
            ),
            YamlData::Mapping(entries) => DataValue::Map(
                entries
                    .iter()
                    .filter_map(|(key, value)| {
                        let key_node = from_yaml(text, offsets, key, depth + 1);
                        let name = key_node.scalar_text()?.into_owned();
                        Some((
                            name,
                            key_node.span,
                            from_yaml(text, offsets, value, depth + 1),
                        ))
                    })
                    .collect(),
            ),
            _ => DataValue::Other,
        }
    };
    DataNode { span, value }
}

fn from_scalar(text: &str, span: &Span, scalar: &Scalar<'_>) -> DataValue {
    match scalar {
        Scalar::Null => DataValue::Null,
        Scalar::Boolean(value) => DataValue::Bool(*value),
        Scalar::Integer(value) => DataValue::Int(*value),
        Scalar::FloatingPoint(_) => DataValue::Other,
        Scalar::String(value) => DataValue::Str(scalar_text(text, span, value)),
    }
}

/// A scalar's value mapped to the file: byte for byte where the source holds the value as it is
/// (plain, or quoted without escapes), else every byte at the value's start (a finding still
/// points into the right line; a fix is not offered, since the text is not the value).
fn scalar_text(text: &str, span: &Span, value: &str) -> Mapped {
    let raw = text.get(span.clone()).unwrap_or("");
    let quoted = ['"', '\'']
        .iter()
        .any(|quote| raw.len() >= 2 && raw.starts_with(*quote) && raw.ends_with(*quote));
    if raw == value {
        return Mapped::verbatim(value, span.start);
    }
    if quoted && &raw[1..raw.len() - 1] == value {
        return Mapped::verbatim(value, span.start + 1);
    }
    // The span may end early (a block scalar) or cover more: find the value on its first line.
    if let Some(at) = raw.find(value).filter(|_| !value.is_empty()) {
        return Mapped::verbatim(value, span.start + at);
    }
    let mut mapped = Mapped::default();
    for ch in value.chars() {
        mapped.push(ch, span.start);
    }
    mapped.close();
    mapped
}

fn from_toml_table(text: &str, table: &toml::de::DeTable<'_>, depth: usize) -> DataValue {
    DataValue::Map(
        table
            .iter()
            .map(|(key, value)| {
                let node = from_toml(text, value, depth + 1);
                (key.get_ref().to_string(), key.span(), node)
            })
            .collect(),
    )
}

fn from_toml(text: &str, value: &toml::Spanned<toml::de::DeValue<'_>>, depth: usize) -> DataNode {
    let span = value.span();
    let value = match value.get_ref() {
        _ if depth > MAX_NESTING => DataValue::Other,
        toml::de::DeValue::String(string) => DataValue::Str(scalar_text(text, &span, string)),
        toml::de::DeValue::Integer(integer) => integer
            .as_str()
            .replace('_', "")
            .parse()
            .map_or(DataValue::Other, DataValue::Int),
        toml::de::DeValue::Boolean(value) => DataValue::Bool(*value),
        toml::de::DeValue::Array(items) => DataValue::Seq(
            items
                .iter()
                .map(|item| from_toml(text, item, depth + 1))
                .collect(),
        ),
        toml::de::DeValue::Table(table) => from_toml_table(text, table, depth),
        _ => DataValue::Other,
    };
    DataNode { span, value }
}

fn from_json(text: &str, node: tree_sitter::Node<'_>, depth: usize) -> DataNode {
    let span = node.byte_range();
    let value = match node.kind() {
        _ if depth > MAX_NESTING => DataValue::Other,
        "string" => {
            let range = node.byte_range();
            let inner = range.start + 1..range.end.saturating_sub(1).max(range.start + 1);
            match text.get(inner.clone()) {
                Some(raw) => {
                    DataValue::Str(super::json::decode(&Mapped::verbatim(raw, inner.start)))
                }
                None => DataValue::Other,
            }
        }
        "number" => text[span.clone()]
            .parse()
            .map_or(DataValue::Other, DataValue::Int),
        "true" => DataValue::Bool(true),
        "false" => DataValue::Bool(false),
        "null" => DataValue::Null,
        "array" => DataValue::Seq(
            crate::tree::named_children(node)
                .filter(|child| child.kind() != "comment")
                .map(|child| from_json(text, child, depth + 1))
                .collect(),
        ),
        "object" => DataValue::Map(
            crate::tree::named_children(node)
                .filter(|child| child.kind() == "pair")
                .filter_map(|pair| {
                    let key = pair.child_by_field_name("key")?;
                    let value = pair.child_by_field_name("value")?;
                    let name = from_json(text, key, depth + 1).as_str()?.to_string();
                    Some((name, key.byte_range(), from_json(text, value, depth + 1)))
                })
                .collect(),
        ),
        _ => DataValue::Other,
    };
    DataNode { span, value }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at<'a>(text: &'a str, node: &DataNode) -> &'a str {
        &text[node.span.clone()]
    }

    #[test]
    fn yaml_values_keep_their_place() {
        let text = "services:\n  web:\n    command: gunicorn --bind 127.0.0.1:8000 app:app\n    ports:\n      - \"8000:8000\"\n      - 9000\n";
        let documents = parse_yaml(text).unwrap();
        let web = documents[0].path(&["services", "web"]).unwrap();
        let command = web.get("command").unwrap().as_mapped().unwrap();
        assert_eq!(command.text, "gunicorn --bind 127.0.0.1:8000 app:app");
        assert_eq!(&text[command.span()], command.text);
        let ports = web.get("ports").unwrap().as_seq();
        assert_eq!(ports[0].as_str(), Some("8000:8000"));
        assert_eq!(&text[ports[0].as_mapped().unwrap().span()], "8000:8000");
        assert_eq!(ports[1].as_port(), Some(9000));
        assert_eq!(at(text, &ports[1]), "9000");
    }

    #[test]
    fn toml_values_keep_their_place() {
        let text =
            "[http_service]\ninternal_port = 8080\n\n[processes]\napp = \"gunicorn app:app\"\n";
        let table = parse_toml(text).unwrap();
        let port = table.path(&["http_service", "internal_port"]).unwrap();
        assert_eq!((port.as_port(), at(text, port)), (Some(8080), "8080"));
        let app = table
            .path(&["processes", "app"])
            .unwrap()
            .as_mapped()
            .unwrap();
        assert_eq!(&text[app.span()], "gunicorn app:app");
    }

    #[test]
    fn json_strings_are_decoded_through_escapes() {
        let text = r#"{"deploy": {"startCommand": "node \"server.js\" --port 3000"}}"#;
        let root = parse_json(text).unwrap();
        let command = root
            .path(&["deploy", "startCommand"])
            .unwrap()
            .as_mapped()
            .unwrap();
        assert_eq!(command.text, "node \"server.js\" --port 3000");
        let port = command.text.find("3000").unwrap();
        assert_eq!(&text[command.span_of(port..port + 4)], "3000");
    }

    #[test]
    fn broken_and_hostile_files_are_errors_with_a_place() {
        let error = parse_yaml("services:\n  web: [unclosed\n").unwrap_err();
        assert!(error.offset > 0, "{error:?}");
        assert!(parse_toml("[section\nkey = 1\n").is_err());
        assert!(parse_json("{\"a\": }").is_err());
        let deep = "[".repeat(10_000);
        assert!(parse_yaml(&deep).unwrap_err().message.contains("nested"));
        assert!(parse_toml(&format!("a = {deep}")).is_err());
        assert!(parse_json(&deep).is_err());
    }
}
