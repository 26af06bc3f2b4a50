package transforms

import "testing"

// TestAllOrder: the passes that read the shared mirror unexpanded run
// before those whose analysis grafts macro arguments into it.
func TestAllOrder(t *testing.T) {
	at := map[string]int{}
	for i, p := range All() {
		at[p.Name] = i
	}
	for _, reader := range []string{"scope-guard", "async-mutex"} {
		for _, grafter := range []string{"rc-to-arc", "send-bound"} {
			if at[reader] > at[grafter] {
				t.Errorf("%s runs after %s, which grafts macro arguments into the syntax it shares", reader, grafter)
			}
		}
	}
}
