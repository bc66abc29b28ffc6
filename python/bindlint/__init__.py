"""bindlint: a linter for localhost-only binding bugs. This package only ships the binary;
`python -m bindlint` runs it."""
