package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"hone/journal"
	"hone/store"
)

// maxInput bounds the size of a file hone reads in: far above any real
// export, far below what would exhaust memory.
const maxInput = 512 << 20

// openInput opens a file given on the command line. Errors name the file.
// A hone journal given where an export is read is named as one, with the
// command that makes an export of it.
func openInput(name string) (*os.File, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, unreadable(name, errors.Unwrap(err))
	}
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && store.IsJournalFile(name) {
		f.Close()
		return nil, fileError(name, journal.Errorf(journal.EINVALID, "is a hone journal, not an export; hone export --full --db %s -o FILE.json makes an export of it", shellWord(name)))
	}
	return f, nil
}

// unreadable is the error of a file that could not be read.
func unreadable(name string, err error) error {
	return fileError(name, journal.Errorf(journal.EINVALID, "cannot be read: %v", err))
}

// tooLarge is the error of a file larger than maxInput.
func tooLarge(name string) error {
	return fileError(name, journal.Errorf(journal.EINVALID, "is larger than %d MiB, more than any hone export", maxInput>>20))
}

// readInput reads a file given on the command line, decrypting it when it
// is an age-encrypted export. Errors name the file.
func (a *app) readInput(name string) ([]byte, error) {
	f, err := openInput(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	size := fileSize(f)
	if size > maxInput {
		return nil, tooLarge(name) // known from its size, before reading it
	}
	data, err := readBounded(f, size)
	if err != nil {
		return nil, unreadable(name, err)
	}
	if len(data) > maxInput {
		return nil, tooLarge(name)
	}
	if !isSealed(data) {
		return data, nil
	}
	pass, err := a.passphrase(false)
	if err != nil {
		return nil, err
	}
	plain, err := unseal(pass, data)
	if err != nil {
		return nil, fileError(name, err)
	}
	return plain, nil
}

// readBounded reads r whole, or maxInput+1 bytes of it when it is longer,
// into one buffer made for about size bytes: a buffer grown as it fills
// copies a large export many times over. Of unknown size (a pipe), the
// buffer doubles as it fills but never past the bound, so that a stream
// without end costs about the bound, not twice or four times it.
func readBounded(r io.Reader, size int64) ([]byte, error) {
	const limit = maxInput + 1
	buf := make([]byte, 0, min(size+bytes.MinRead, limit))
	for len(buf) < limit {
		if len(buf) == cap(buf) {
			next := max(2*cap(buf), 64<<10)
			if next > limit-next {
				next = limit // a doubling after this one would pass it
			}
			buf = append(make([]byte, 0, next), buf...)
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// fileSize is the length of f when it is a regular file, and 0 when it
// has none (a pipe) or cannot tell.
func fileSize(f *os.File) int64 {
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		return st.Size()
	}
	return 0
}

// exportLoader checks that the export file name can be read and returns
// what reads it for review mode. A plain file is read when the loader runs,
// as a stream, with no copy of it kept; an encrypted one is read and
// opened now, as its passphrase is asked before the screen starts.
func (a *app) exportLoader(name string) (func() (*journal.Export, error), error) {
	f, err := openInput(name)
	if err != nil {
		return nil, err
	}
	head := make([]byte, len(sealedHeader))
	n, err := io.ReadFull(f, head)
	fi, statErr := f.Stat()
	f.Close()
	switch {
	case err != nil && err != io.EOF && err != io.ErrUnexpectedEOF:
		return nil, unreadable(name, err)
	case statErr == nil && fi.Size() > maxInput:
		return nil, tooLarge(name)
	case journal.IsHTML(head[:n]):
		return nil, fileError(name, journal.WebPageError())
	case isSealed(head[:n]):
		data, err := a.readInput(name)
		if err != nil {
			return nil, err
		}
		return func() (*journal.Export, error) { return readExport(name, bytes.NewReader(data)) }, nil
	}
	return func() (*journal.Export, error) {
		f, err := openInput(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return readExport(name, f)
	}, nil
}

// readExport reads the export in r, from the file name, which its errors
// name.
func readExport(name string, r io.Reader) (*journal.Export, error) {
	x, err := journal.ReadExport(r)
	if err != nil {
		return nil, fileError(name, err)
	}
	return x, nil
}

// fileError names the file an error is about.
func fileError(name string, err error) error {
	var e *journal.Error
	if errors.As(err, &e) {
		field := name
		if e.Field != "" {
			field += ": " + e.Field
		}
		return &journal.Error{Code: e.Code, Field: field, Message: e.Message}
	}
	return fmt.Errorf("%s: %w", name, err)
}
