package rewrite

import (
	"context"
	"sync"
	"testing"
	"time"
)

// TestSchedulerBudget runs groups of mixed parse costs on several workers:
// every group runs once, groups with a cost never together exceed
// parseBudget unless one runs alone, and small groups run beside a large
// one instead of waiting for it.
func TestSchedulerBudget(t *testing.T) {
	costs := []int{0, parseBudget * 2, 100, parseBudget / 2, parseBudget / 2, 0, parseBudget, 10, parseBudget / 3, 0, 5, parseBudget - 1}
	for i := 0; i < 40; i++ {
		costs = append(costs, (i*7919)%(parseBudget/4))
	}
	groups := make([]group, len(costs))
	var mu sync.Mutex
	ran := make([]int, len(costs))
	inUse, costly, besideLarge := 0, 0, 0
	done := make([]chan struct{}, len(costs))
	for i := range done {
		done[i] = make(chan struct{})
	}
	s := newScheduler(context.Background(), groups, 8,
		func(i int) *loadedGroup { return &loadedGroup{cost: costs[i]} },
		func(i int, lg *loadedGroup) {
			mu.Lock()
			ran[i]++
			c := min(lg.cost, parseBudget)
			if lg.cost > 0 {
				if costly > 0 && inUse+c > parseBudget {
					t.Errorf("group %d (cost %d) started beside %d bytes of others", i, lg.cost, inUse)
				}
				if costly > 0 && inUse >= parseBudget/2 {
					besideLarge++
				}
				costly++
				inUse += c
			}
			mu.Unlock()
			time.Sleep(time.Millisecond)
			mu.Lock()
			if lg.cost > 0 {
				costly--
				inUse -= c
			}
			mu.Unlock()
			close(done[i])
		})
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() { defer wg.Done(); s.work() }()
	}
	for i := range done { // the emitter: in order
		<-done[i]
		s.emittedUpTo(i + 1)
	}
	wg.Wait()
	for i, n := range ran {
		if n != 1 {
			t.Errorf("group %d ran %d times", i, n)
		}
	}
	if besideLarge == 0 {
		t.Error("no group ran beside a large one")
	}
}

// TestSchedulerStops: a cancelled run's workers return even though
// groups are left.
func TestSchedulerStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	groups := make([]group, 100)
	s := newScheduler(ctx, groups, 2,
		func(int) *loadedGroup { return &loadedGroup{} },
		func(i int, _ *loadedGroup) {
			if i == 1 {
				cancel()
			}
		})
	finished := make(chan struct{})
	go func() {
		var wg sync.WaitGroup
		for w := 0; w < 2; w++ {
			wg.Add(1)
			go func() { defer wg.Done(); s.work() }()
		}
		wg.Wait()
		close(finished)
	}()
	// Nothing is emitted: without the cancellation the workers would wait
	// for the window forever.
	<-ctx.Done()
	s.stop()
	select {
	case <-finished:
	case <-time.After(10 * time.Second):
		t.Fatal("workers still waiting after the run was cancelled")
	}
}
