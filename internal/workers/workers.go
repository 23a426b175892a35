// Package workers runs independent pieces of work on every CPU.
package workers

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Each runs f(0) … f(n-1) on GOMAXPROCS goroutines, each taking the next
// index as it finishes the last, and returns when all have run.
func Each(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}
