package rewrite

import (
	"context"
	"sync"
)

// parseBudget bounds the source bytes that groups being processed at the
// same time may parse: a package's trees and crate-wide facts take memory
// in proportion to what is parsed of it (about 30 bytes per source byte
// for the crate-wide passes), so this bounds a run's memory whatever the
// number of jobs. A group over the budget runs alone. 3 MiB lets tokio's
// 3 MB run whole.
const parseBudget = 3 << 20

// maxHeldBytes bounds the source bytes of groups loaded ahead and waiting
// to run (while a large package runs, the other workers would otherwise
// load up to the window's count of packages).
const maxHeldBytes = 8 << 20

// scheduler hands the groups of a run to its workers. Workers load groups
// in path order, at most window ahead of the emitter, and run loaded ones
// earliest first, each as soon as its parse cost fits in what the groups
// running beside it leave of parseBudget. A large package therefore does
// not stop the other workers: they load and run the small groups after it
// meanwhile.
type scheduler struct {
	ctx    context.Context
	groups []group
	load   func(i int) *loadedGroup
	run    func(i int, lg *loadedGroup)
	window int

	mu      sync.Mutex
	wake    *sync.Cond
	loaded  map[int]*loadedGroup // loaded, not started
	held    int                  // their source bytes
	next    int                  // the next group to load
	emitted int                  // groups the emitter is done with
	free    int                  // what is left of parseBudget
	running int                  // groups with a parse cost that are running
}

func newScheduler(ctx context.Context, groups []group, window int, load func(int) *loadedGroup, run func(int, *loadedGroup)) *scheduler {
	s := &scheduler{ctx: ctx, groups: groups, load: load, run: run, window: window,
		loaded: map[int]*loadedGroup{}, free: parseBudget}
	s.wake = sync.NewCond(&s.mu)
	return s
}

// work is a worker's loop: it returns when every group has started or the
// context is done.
func (s *scheduler) work() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.ctx.Err() == nil {
		if i, lg := s.runnable(); lg != nil {
			cost := min(lg.cost, parseBudget)
			s.free -= cost
			if cost > 0 {
				s.running++
			}
			s.mu.Unlock()
			s.run(i, lg)
			s.mu.Lock()
			s.free += cost
			if cost > 0 {
				s.running--
			}
			s.wake.Broadcast()
			continue
		}
		if s.next < len(s.groups) && s.next < s.emitted+s.window && s.held < maxHeldBytes {
			i := s.next
			s.next++
			s.mu.Unlock()
			lg := s.load(i)
			s.mu.Lock()
			s.loaded[i] = lg
			s.held += lg.bytes
			continue
		}
		if s.next == len(s.groups) && len(s.loaded) == 0 {
			return
		}
		s.wake.Wait()
	}
}

// runnable returns the earliest loaded group that fits in the budget
// (any group fits when no other with a parse cost is running).
func (s *scheduler) runnable() (int, *loadedGroup) {
	best := -1
	for i, lg := range s.loaded {
		if (lg.cost <= s.free || s.running == 0) && (best < 0 || i < best) {
			best = i
		}
	}
	if best < 0 {
		return -1, nil
	}
	lg := s.loaded[best]
	delete(s.loaded, best)
	s.held -= lg.bytes
	return best, lg
}

// emittedUpTo tells the scheduler the emitter is done with groups before
// n: workers may load that much further.
func (s *scheduler) emittedUpTo(n int) {
	s.mu.Lock()
	s.emitted = n
	s.wake.Broadcast()
	s.mu.Unlock()
}

// stop wakes every waiting worker once the context is done.
func (s *scheduler) stop() {
	s.mu.Lock()
	s.wake.Broadcast()
	s.mu.Unlock()
}
