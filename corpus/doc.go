// Package corpus holds sendfix's whole-engine tests on real and random
// input: TestRegistryCorpus runs every transform over the Rust crate
// sources Debian installs in /usr/share/cargo/registry (crates that
// compile, so every edit there must be justified: see
// testdata/registry-edits.txt), and FuzzEngine feeds the engine arbitrary
// text (no panic, no unparsable output from parsable input, idempotent
// fixes). The package has no code of its own.
package corpus
