//go:build unix

package store

import (
	"os"
	"syscall"
)

// tryLock takes an exclusive, non-blocking lock on f: the lock bbolt takes
// on a journal it has open for writing.
func tryLock(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}

// canLock says that tryLock takes a real lock here, so that a file no one
// holds can be told from one being written.
const canLock = true
