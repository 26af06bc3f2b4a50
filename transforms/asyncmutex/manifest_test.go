package asyncmutex

import (
	"strings"
	"testing"

	"sendfix/rewrite"
)

func TestTokioSync(t *testing.T) {
	const head = "[package]\nname = \"x\"\nversion = \"0.1.0\"\n\n"
	cases := []struct {
		name, deps, want, why string // want: the dependencies after the edit ("" = unchanged)
	}{
		{"string", "[dependencies]\ntokio = \"1\"\n", "[dependencies]\ntokio = { version = \"1\", features = [\"sync\"] }\n", ""},
		{"table without features", "[dependencies]\ntokio = { version = \"1\" }\n", "[dependencies]\ntokio = { version = \"1\", features = [\"sync\"] }\n", ""},
		{"compact", "[dependencies]\ntokio = {version=\"1\",features=[\"macros\"]}\n", "[dependencies]\ntokio = {version=\"1\",features=[\"macros\", \"sync\"]}\n", ""},
		{"full", "[dependencies]\ntokio = { version = \"1\", features = [\"full\"] }\n", "", ""},
		{"sync already", "[dependencies]\ntokio = { version = \"1\", features = [\"rt\", \"sync\"] }\n", "", ""},
		{"empty features", "[dependencies]\ntokio = { version = \"1\", features = [] }\n", "[dependencies]\ntokio = { version = \"1\", features = [\"sync\"] }\n", ""},
		{"trailing comma", "[dependencies]\ntokio = { version = \"1\", features = [\"rt\", ] }\n", "[dependencies]\ntokio = { version = \"1\", features = [\"rt\", \"sync\", ] }\n", ""},
		{"workspace", "[dependencies]\ntokio = { workspace = true }\n", "[dependencies]\ntokio = { workspace = true, features = [\"sync\"] }\n", ""},
		{"comment after", "[dependencies]\ntokio = { version = \"1\", features = [\"rt\"] } # runtime\n", "[dependencies]\ntokio = { version = \"1\", features = [\"rt\", \"sync\"] } # runtime\n", ""},
		{"table", "[dependencies.tokio]\nversion = \"1\"\nfeatures = [\"macros\"]\n", "[dependencies.tokio]\nversion = \"1\"\nfeatures = [\"macros\", \"sync\"]\n", ""},
		{"table without features", "[dependencies.tokio]\nversion = \"1\"\n\n[dependencies]\nserde = \"1\"\n", "[dependencies.tokio]\nversion = \"1\"\nfeatures = [\"sync\"]\n\n[dependencies]\nserde = \"1\"\n", ""},
		{"multi-line array", "[dependencies]\ntokio = { version = \"1\", features = [\n    \"rt\",\n    \"macros\", # main\n] }\n", "[dependencies]\ntokio = { version = \"1\", features = [\n    \"rt\",\n    \"macros\", \"sync\", # main\n] }\n", ""},
		{"target", "[target.'cfg(unix)'.dependencies]\ntokio = \"1\"\n", "[target.'cfg(unix)'.dependencies]\ntokio = { version = \"1\", features = [\"sync\"] }\n", ""},
		{"commented out", "[dependencies]\n# tokio = \"1\"\nserde = \"1\"\n", "", "tokio is not a dependency"},
		{"dev only", "[dependencies]\nserde = \"1\"\n\n[dev-dependencies]\ntokio = \"1\"\n", "", "tokio is not a dependency"},
		{"crlf table", "[dependencies.tokio]\r\nversion = \"1\"\r\n", "[dependencies.tokio]\r\nversion = \"1\"\r\nfeatures = [\"sync\"]\r\n", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := head + c.deps
			ed, why := tokioSync(&rewrite.Manifest{Path: "Cargo.toml", Src: []byte(src)})
			if c.why != "" {
				if !strings.Contains(why, c.why) || ed != nil {
					t.Fatalf("got edit %v, why %q; want a refusal containing %q", ed, why, c.why)
				}
				return
			}
			if why != "" {
				t.Fatalf("refused: %s", why)
			}
			got := src
			if ed != nil {
				got = string(rewrite.ApplyEdits([]byte(src), []rewrite.Edit{*ed}))
			}
			want := head + c.want
			if c.want == "" {
				want = src
			}
			if got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
	if _, why := tokioSync(nil); why == "" {
		t.Error("no manifest: want a refusal")
	}
}
