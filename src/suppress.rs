//! Inline suppressions: `# bindlint: ignore[BL101]`, `// bindlint: ignore[BL101, BL201]`, or a
//! bare `# bindlint: ignore` for every rule. A trailing comment covers its own line; a comment
//! alone on its line covers the next line.

use crate::source::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The 1-based line whose findings it silences.
    pub line: usize,
    /// The codes it names; `None` silences every rule.
    pub codes: Option<Vec<String>>,
    /// The directive's text (`bindlint: ignore[BL101]`), for reporting an unused one.
    pub span: Span,
}

impl Suppression {
    pub fn covers(&self, line: usize, code: &str) -> bool {
        self.line == line
            && self
                .codes
                .as_ref()
                .is_none_or(|codes| codes.iter().any(|c| c.eq_ignore_ascii_case(code)))
    }
}

const DIRECTIVE: &str = "bindlint: ignore";

/// Every suppression comment in `text`.
pub fn parse(text: &str) -> Vec<Suppression> {
    let mut suppressions = Vec::new();
    let mut line_start = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let offset = line_start;
        line_start += line.len();
        let Some(at) = line.find(DIRECTIVE) else {
            continue;
        };
        let before = line[..at].trim_end();
        let marker = ["#", "//", "/*"].iter().find(|m| before.ends_with(**m));
        let Some(marker) = marker else { continue };
        let code_before = before[..before.len() - marker.len()].trim();
        let rest = &line[at + DIRECTIVE.len()..];
        let (codes, length) = match rest.strip_prefix('[') {
            Some(list) => match list.find(']') {
                Some(end) => (
                    Some(
                        list[..end]
                            .split(',')
                            .map(|c| c.trim().to_string())
                            .filter(|c| !c.is_empty())
                            .collect(),
                    ),
                    DIRECTIVE.len() + end + 2,
                ),
                None => continue,
            },
            None if rest.starts_with(|c: char| c.is_whitespace())
                || rest.is_empty()
                || rest.starts_with("*/") =>
            {
                (None, DIRECTIVE.len())
            }
            None => continue,
        };
        suppressions.push(Suppression {
            line: if code_before.is_empty() {
                index + 2
            } else {
                index + 1
            },
            codes,
            span: offset + at..offset + at + length,
        });
    }
    suppressions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_and_own_line_forms() {
        let text = "app.run()  # bindlint: ignore[BL102, bl202]\n// bindlint: ignore\nlisten(3000)\nx = 1 # bindlint: ignored\n";
        let found = parse(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].line, 1);
        assert_eq!(
            found[0].codes.as_deref(),
            Some(&["BL102".to_string(), "bl202".to_string()][..])
        );
        assert!(found[0].covers(1, "BL202") && !found[0].covers(1, "BL101"));
        assert_eq!(
            &text[found[0].span.clone()],
            "bindlint: ignore[BL102, bl202]"
        );
        assert_eq!(found[1].line, 3);
        assert!(found[1].covers(3, "BL201"));
    }

    #[test]
    fn text_that_is_not_a_comment_is_not_a_suppression() {
        assert!(parse("msg = 'bindlint: ignore'\n").is_empty());
        assert!(parse("# bindlint: ignore[BL101\n").is_empty());
    }
}
