package rewrite

import "context"

// ProgressFunc is told, as a run goes, how many of its files are done.
// It is called from the goroutine that calls emit, after the results of
// each unit of work were emitted: first with done = 0.
type ProgressFunc func(done, total int)

type progressKey struct{}

// WithProgress returns a context that makes Run report its progress to
// fn. Progress is not part of Config: it does not change results (the
// result cache keys on Config).
func WithProgress(ctx context.Context, fn ProgressFunc) context.Context {
	return context.WithValue(ctx, progressKey{}, fn)
}

// progressOf returns the context's progress function, or a no-op.
func progressOf(ctx context.Context) ProgressFunc {
	if fn, ok := ctx.Value(progressKey{}).(ProgressFunc); ok && fn != nil {
		return fn
	}
	return func(int, int) {}
}
