// Package oracle is sendfix's compile oracle: it checks the sendfix binary
// against the real Rust compiler instead of against golden text.
//
// Each directory under testdata/oracle is a small, realistic cargo crate
// (a cache, a connection pool, a rate limiter, …) built against real tokio
// from the Debian crate registry in /usr/share/cargo/registry, fully offline.
// Its case.txt says what kind of case it is:
//
//   - positive: `cargo check` fails with "future cannot be sent between
//     threads safely"; after `sendfix fix` the crate must compile, print
//     exactly what the hand-fixed program (handfixed.rs used as src/main.rs)
//     prints, leave every other file byte-identical, and a second
//     `sendfix diff` must be empty (idempotence).
//   - negative: the crate already compiles (look-alike code); sendfix must
//     report nothing and leave every byte alone.
//   - manual: sendfix cannot fix it (e.g. async-mutex would need a sync
//     caller to become async); `sendfix check` must exit 3 with a finding
//     that points where rustc points, and `sendfix fix` must leave every
//     byte alone.
//
// After the kind, case.txt may say `transform: NAME` (whose findings must
// point where rustc does; default scope-guard) and `want: TEXT` (a text
// that finding must contain; manual cases default to "async-aware mutex").
// The hand fix of a positive case is handfixed.rs (standing for
// src/main.rs), or a handfixed/ directory holding every file the fix
// changes (src/*.rs, Cargo.toml) as it should be. `sendfix fix` must change
// exactly those files, and exit 0.
//
// TestOracle copies each case to a temporary directory, writes a
// .cargo/config.toml that replaces crates.io by the Debian directory
// registry, and runs cargo with one shared CARGO_TARGET_DIR
// ($SENDFIX_ORACLE_TARGET, else <user cache dir>/sendfix-oracle-target) so
// tokio is compiled once. Cargo's fingerprints of a path package do not
// depend on where the package lives, so copies of one crate with the same
// package name share build state; the harness therefore gives the
// hand-fixed copy its own package name and always writes fresh files (new
// mtimes), so that no cargo result is ever reused from a different copy.
//
// The sendfix binary is built once per run from sendfix/cmd/sendfix; set
// SENDFIX_ORACLE_BIN to test another binary instead. The test skips when
// cargo or the tokio sources are missing, except when CI=true, where a
// missing toolchain is a failure. Run it with
//
//	go test ./oracle/ -run TestOracle -v
package oracle
