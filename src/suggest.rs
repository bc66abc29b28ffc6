//! "Did you mean ...?": the nearest of the names a user could have meant, for config keys, rule
//! codes and platform names (clap does the same for flags).

/// The candidate closest to `word`, when one is close enough to be what was meant (Jaro-Winkler
/// similarity of at least 0.8, ignoring case, as clap's suggestions are).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|candidate| {
            let score = strsim::jaro_winkler(&word, &candidate.to_ascii_lowercase());
            (score, candidate)
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// `did you mean `select`? ` before `rest`, or `rest` alone when nothing is close.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    rest: &str,
) -> String {
    match closest(word, candidates) {
        Some(candidate) => format!("did you mean `{candidate}`? ({rest})"),
        None => rest.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_are_suggested_and_far_ones_are_not() {
        let keys = ["select", "extend-select", "ignore", "platform"];
        assert_eq!(closest("selct", keys), Some("select"));
        assert_eq!(closest("platfrom", keys), Some("platform"));
        assert_eq!(closest("colour", keys), None);
        assert_eq!(
            closest("herku", ["heroku", "render", "fly"]),
            Some("heroku")
        );
        assert_eq!(closest("bl1o1", ["BL101", "BL102", "BL201"]), Some("BL101"));
        assert_eq!(
            did_you_mean("selct", keys, "keys: select, ..."),
            "did you mean `select`? (keys: select, ...)"
        );
    }
}
