package journal

import (
	"strings"
	"testing"
)

func TestReadInputCapsSize(t *testing.T) {
	_, err := readInput(strings.NewReader(strings.Repeat("a", 2<<10+1)), 2<<10, "a hone export")
	if ErrorCode(err) != EINVALID || err.Error() != "the file is larger than 2 KiB, too large for a hone export" {
		t.Errorf("err = %v", err)
	}
	if _, err := readInput(strings.NewReader(strings.Repeat("a", 2<<10)), 2<<10, "x"); err != nil {
		t.Errorf("at the limit: %v", err)
	}
	if MaxExportSize != 512<<20 {
		t.Errorf("MaxExportSize = %d", MaxExportSize)
	}
}
