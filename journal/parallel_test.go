package journal

import (
	"fmt"
	"sync/atomic"
	"testing"
)

func TestParallel(t *testing.T) {
	var calls [100]atomic.Int32
	err := Parallel(len(calls), func(i int) error {
		calls[i].Add(1)
		if i == 40 || i == 70 {
			return fmt.Errorf("item %d", i)
		}
		return nil
	})
	if err == nil || err.Error() != "item 40" {
		t.Errorf("error = %v, want the lowest failing item's (item 40)", err)
	}
	for i := range calls {
		if n := calls[i].Load(); n != 1 {
			t.Errorf("item %d done %d times, want once", i, n)
		}
	}
	if err := Parallel(0, func(int) error { return fmt.Errorf("never") }); err != nil {
		t.Errorf("no items: %v", err)
	}
}
