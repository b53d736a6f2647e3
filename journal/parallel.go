package journal

import (
	"runtime"
	"sync"
)

// Parallel runs do(i) for every i from 0 to n-1 on every core, each i
// once, and returns the error of the lowest i that failed (the first in
// the caller's order, whichever core met it first), or nil.
func Parallel(n int, do func(i int) error) error {
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := range next {
				errs[i] = do(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
