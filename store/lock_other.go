//go:build !unix

package store

import "os"

// tryLock is a no-op where hone does not lock files itself; bbolt's own
// lock still guards every open journal.
func tryLock(*os.File) error { return nil }

// canLock says that tryLock takes no lock here: a file no one seems to hold
// may be one being written.
const canLock = false
