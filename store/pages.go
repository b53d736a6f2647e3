package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
)

// hone checks the pages of a bbolt file itself, reading them from the
// file (not from bbolt's memory map), instead of running bbolt's
// tx.Check: on a damaged file that check can run without end (a page
// whose overflow count is in the billions fills its map of pages; a branch
// page that points back up the tree recurses until the stack overflows,
// which ends the process), and it runs in a goroutine of its own, where a
// memory fault of a damaged page ends hone. Here each page is read at
// most once, every page id, count and offset is checked against the file
// before it is used, and a read past the file is an error, not a fault:
// the work is bounded by the pages in the file.

// The layout of a bbolt file (go.etcd.io/bbolt/internal/common, file
// format version 2): a page starts with a 16-byte header (id uint64, flags
// uint16, count uint16, overflow uint32); branch and leaf elements are 16
// bytes each; numbers are in the machine's byte order.
const (
	pageHeaderSize  = 16
	pageElementSize = 16
	pageBranch      = 0x01
	pageLeaf        = 0x02
	pageMeta        = 0x04
	pageFreelist    = 0x10
	leafBucket      = 0x01 // a leaf element whose value is a bucket
	boltVersion     = 2
	noFreelist      = ^uint64(0)
	maxTreeDepth    = 64 // far deeper than any bbolt tree of a file that fits a disk
)

// pageChecker walks the pages of one bbolt file.
type pageChecker struct {
	f     io.ReaderAt
	ps    uint64
	pages uint64 // the high-water mark: pages in use are below it
	seen  []byte // per page: 0 not reached, seenFree, seenUsed
	r     *Report
	bad   bool

	// scratch holds, per level of the tree, the page read there and its
	// elements: a page's keys stay in use while the pages below it are
	// checked, and nothing is allocated per page.
	scratch [maxTreeDepth + 3]scratch
}

// scratch is the memory of one level of the walk.
type scratch struct {
	buf          []byte
	keys, values [][]byte
	flags        []uint32
}

// label names a page in a problem: formatted only when there is one.
type label struct {
	what   string // "a page", "a branch page", "the freelist", ...
	bucket []byte // the bucket it belongs to; nil: the root bucket
	alone  bool   // the page needs no bucket named
}

// String returns the label as the start of a sentence.
func (l label) String() string {
	switch {
	case l.alone:
		return l.what
	case l.bucket == nil:
		return l.what + " of the root bucket"
	}
	return fmt.Sprintf("%s of bucket %q", l.what, clip(l.bucket))
}

const (
	seenFree = 1 << iota
	seenUsed
)

// checkPages checks the pages of the bbolt file at path as the read
// transaction tx sees it (its meta page is the one whose transaction id
// is tx's): the meta page, the freelist, and every bucket's tree from the
// root: each page inside the file and reached once, of the right type,
// its elements inside it, keys in order within a page and between a
// branch and the pages below it, no page both in use and free, and every
// page either in use or free. Problems go into r; it reports whether the
// pages hold, so that bbolt's cursors can walk the trees (they loop or
// read out of bounds on some damaged pages).
//
// held is the file bbolt has open, as it is while the transaction holds
// its lock: the file read here must be the same one (ELOCKED otherwise, as
// when it is replaced while it is opened).
func checkPages(path string, held fs.FileInfo, ps int, pages uint64, txid uint64, r *Report) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, fileError(path, opRead, err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || held == nil || !os.SameFile(fi, held) {
		return false, replacedError(path)
	}
	c := &pageChecker{f: f, ps: uint64(ps), pages: pages, r: r}
	return c.check(txid), nil
}

// problem records a problem of the pages.
func (c *pageChecker) problem(format string, args ...any) {
	c.bad = true
	c.r.problem(format, args...)
}

// check runs the checks of checkPages.
func (c *pageChecker) check(txid uint64) bool {
	if c.ps < 512 || c.ps > 1<<20 || c.pages < 2 {
		c.problem("its page size (%d) or page count (%d) is impossible", c.ps, c.pages)
		return false
	}
	if c.pages > 1<<40/c.ps {
		c.problem("its page count (%d) is impossible", c.pages)
		return false
	}
	root, freelist, ok := c.meta(txid)
	if !ok {
		return false
	}
	c.seen = make([]byte, c.pages)
	c.seen[0], c.seen[1] = seenUsed, seenUsed
	if freelist != noFreelist {
		c.freelist(freelist)
	}
	if root != 0 {
		c.tree(root, nil, nil, nil, 0)
	}
	if freelist != noFreelist && !c.bad {
		lost, first := 0, uint64(0)
		for id := uint64(2); id < c.pages; id++ {
			if c.seen[id] == 0 {
				if lost == 0 {
					first = id
				}
				lost++
			}
		}
		if lost > 0 {
			c.problem("%d %s neither in use nor free (the first: page %d)", lost, plural(lost, "page is", "pages are"), first)
		}
	}
	return !c.bad
}

// read reads n bytes of the file from page id on, into buf when it is
// large enough.
func (c *pageChecker) read(id, n uint64, buf []byte) ([]byte, error) {
	if uint64(cap(buf)) < n {
		buf = make([]byte, n)
	}
	b := buf[:n]
	if _, err := c.f.ReadAt(b, int64(id*c.ps)); err != nil {
		return nil, err
	}
	return b, nil
}

// meta returns the root page and freelist page of the meta page of
// transaction txid.
func (c *pageChecker) meta(txid uint64) (root, freelist uint64, ok bool) {
	for id := uint64(0); id < 2; id++ {
		p, err := c.read(id, c.ps, nil)
		if err != nil {
			continue
		}
		m := p[pageHeaderSize:]
		h := fnv.New64a()
		h.Write(m[:56])
		if binary.NativeEndian.Uint32(m) != boltMagic || binary.NativeEndian.Uint32(m[4:]) != boltVersion ||
			binary.NativeEndian.Uint64(m[56:]) != h.Sum64() || binary.NativeEndian.Uint64(m[48:]) != txid {
			continue
		}
		root, freelist = binary.NativeEndian.Uint64(m[16:]), binary.NativeEndian.Uint64(m[32:])
		if hwm := binary.NativeEndian.Uint64(m[40:]); hwm != c.pages {
			c.problem("its meta page %d says %d pages, not %d", id, hwm, c.pages)
			return 0, 0, false
		}
		if root < 2 || root >= c.pages {
			c.problem("its meta page %d names page %d as the root, outside the file's %d pages", id, root, c.pages)
			return 0, 0, false
		}
		if freelist != noFreelist && (freelist < 2 || freelist >= c.pages) {
			c.problem("its meta page %d names page %d as the freelist, outside the file's %d pages", id, freelist, c.pages)
			return 0, 0, false
		}
		return root, freelist, true
	}
	c.problem("neither meta page is the one bbolt read")
	return 0, 0, false
}

// oneTypeOf reports whether a page's flags f are exactly one of the types
// in flags, as bbolt wants them: a stray bit beside the right type makes
// bbolt refuse the page on every read.
func oneTypeOf(f, flags uint16) bool {
	return f != 0 && f&(f-1) == 0 && f&flags != 0
}

// page reads page id and its overflow pages into *buf, checking that they
// lie in the file, that the header names the page, and that it has one of
// the types in flags; it marks the pages with mark and says when one was
// marked before. It returns nil when the page cannot be used.
func (c *pageChecker) page(id uint64, flags uint16, mark byte, what label, buf *[]byte) []byte {
	if id < 2 || id >= c.pages {
		c.problem("%s is page %d, outside the file's %d pages", what, id, c.pages)
		return nil
	}
	p, err := c.read(id, c.ps, *buf)
	if err != nil {
		c.problem("%s, page %d, cannot be read: %v", what, id, err)
		return nil
	}
	*buf = p
	overflow := uint64(binary.NativeEndian.Uint32(p[12:]))
	switch {
	case binary.NativeEndian.Uint64(p) != id:
		c.problem("%s, page %d, says it is page %d", what, id, binary.NativeEndian.Uint64(p))
		return nil
	case !oneTypeOf(binary.NativeEndian.Uint16(p[8:]), flags):
		c.problem("%s, page %d, has the wrong type (flags %#x)", what, id, binary.NativeEndian.Uint16(p[8:]))
		return nil
	case overflow >= c.pages-id:
		c.problem("%s, page %d, runs %d pages past the end of the file", what, id, overflow)
		return nil
	}
	for i := id; i <= id+overflow; i++ {
		if c.seen[i]&mark != 0 {
			c.problem("%s, page %d, is reached twice", what, i)
			return nil
		}
	}
	for i := id; i <= id+overflow; i++ {
		if mark == seenUsed && c.seen[i]&seenFree != 0 {
			c.problem("%s, page %d, is in use and also listed as free", what, i)
		}
		c.seen[i] |= mark
	}
	if overflow > 0 {
		if p, err = c.read(id, (1+overflow)*c.ps, p); err != nil {
			c.problem("%s, page %d, cannot be read: %v", what, id, err)
			return nil
		}
		*buf = p
	}
	return p
}

// freelist checks the freelist page and marks the pages it lists free.
func (c *pageChecker) freelist(id uint64) {
	var buf []byte
	p := c.page(id, pageFreelist, seenUsed, label{what: "the freelist", alone: true}, &buf)
	if p == nil {
		return
	}
	count, start := uint64(binary.NativeEndian.Uint16(p[10:])), uint64(pageHeaderSize)
	if count == 0xffff { // the count is in the first element
		count, start = binary.NativeEndian.Uint64(p[pageHeaderSize:]), pageHeaderSize+8
	}
	if count > c.pages || start+count*8 > uint64(len(p)) {
		c.problem("the freelist, page %d, lists %d pages, more than it holds", id, count)
		return
	}
	for i := uint64(0); i < count; i++ {
		free := binary.NativeEndian.Uint64(p[start+i*8:])
		switch {
		case free < 2 || free >= c.pages:
			c.problem("the freelist lists page %d, outside the file's %d pages", free, c.pages)
		case c.seen[free]&seenFree != 0:
			c.problem("the freelist lists page %d twice", free)
		case c.seen[free]&seenUsed != 0:
			c.problem("page %d is in use and also listed as free", free)
		default:
			c.seen[free] |= seenFree
		}
	}
}

// tree checks the bucket tree below page id, whose keys must lie in
// [lo, hi) (nil: no bound), and returns its last key. where names the
// bucket, for messages.
func (c *pageChecker) tree(id uint64, lo, hi []byte, where []byte, depth int) []byte {
	what := label{what: "a page", bucket: where}
	if depth > maxTreeDepth {
		c.problem("%s, page %d, lies %d levels down the tree", what, id, depth)
		return nil
	}
	p := c.page(id, pageBranch|pageLeaf, seenUsed, what, &c.scratch[depth].buf)
	if p == nil {
		return nil
	}
	if binary.NativeEndian.Uint16(p[8:])&pageBranch != 0 {
		return c.branch(id, p, lo, hi, where, depth)
	}
	return c.leaf(id, p, lo, hi, where, depth)
}

// elements returns the keys (and, of a leaf, the values and flags) of the
// page p, checking that each lies inside the page and that the keys
// ascend inside [lo, hi).
func (c *pageChecker) elements(id uint64, p []byte, leaf bool, lo, hi []byte, what label, s *scratch) (keys, values [][]byte, flags []uint32, ok bool) {
	keys, values, flags = s.keys[:0], s.values[:0], s.flags[:0]
	defer func() { s.keys, s.values, s.flags = keys, values, flags }()
	count := uint64(binary.NativeEndian.Uint16(p[10:]))
	size := uint64(len(p))
	if pageHeaderSize+count*pageElementSize > size {
		c.problem("%s, page %d, counts %d elements, more than it holds", what, id, count)
		return nil, nil, nil, false
	}
	prev := lo
	for i := uint64(0); i < count; i++ {
		at := pageHeaderSize + i*pageElementSize
		e := p[at : at+pageElementSize]
		var pos, ksize, vsize uint64
		if leaf {
			pos, ksize, vsize = uint64(binary.NativeEndian.Uint32(e[4:])), uint64(binary.NativeEndian.Uint32(e[8:])), uint64(binary.NativeEndian.Uint32(e[12:]))
		} else {
			pos, ksize = uint64(binary.NativeEndian.Uint32(e)), uint64(binary.NativeEndian.Uint32(e[4:]))
		}
		if at+pos+ksize+vsize > size {
			c.problem("%s, page %d: element %d lies outside the page", what, id, i)
			return nil, nil, nil, false
		}
		k := p[at+pos : at+pos+ksize]
		switch {
		case i == 0 && prev != nil && bytes.Compare(k, prev) < 0,
			i > 0 && bytes.Compare(k, prev) <= 0:
			c.problem("%s, page %d: key %d is out of order", what, id, i)
			return nil, nil, nil, false
		case hi != nil && bytes.Compare(k, hi) >= 0:
			c.problem("%s, page %d: key %d is past the key of the next page", what, id, i)
			return nil, nil, nil, false
		}
		prev = k
		keys = append(keys, k)
		if leaf {
			values = append(values, p[at+pos+ksize:at+pos+ksize+vsize])
			flags = append(flags, binary.NativeEndian.Uint32(e))
		} else {
			values = append(values, e[8:16])
		}
	}
	return keys, values, flags, true
}

// branch checks a branch page and the pages below it.
func (c *pageChecker) branch(id uint64, p, lo, hi, where []byte, depth int) []byte {
	what := label{what: "a branch page", bucket: where}
	keys, children, _, ok := c.elements(id, p, false, lo, hi, what, &c.scratch[depth])
	if !ok {
		return nil
	}
	if len(keys) == 0 {
		c.problem("%s, page %d, is empty", what, id)
		return nil
	}
	var last []byte
	for i, k := range keys {
		next := hi
		if i+1 < len(keys) {
			next = keys[i+1]
		}
		last = c.tree(binary.NativeEndian.Uint64(children[i]), k, next, where, depth+1)
		if c.bad {
			return nil // one broken subtree is enough: its neighbours' bounds are unknown
		}
	}
	return last
}

// leaf checks a leaf page and the buckets it holds.
func (c *pageChecker) leaf(id uint64, p, lo, hi, where []byte, depth int) []byte {
	what := label{what: "a leaf page", bucket: where}
	keys, values, flags, ok := c.elements(id, p, true, lo, hi, what, &c.scratch[depth])
	if !ok {
		return nil
	}
	for i, k := range keys {
		if flags[i]&leafBucket != 0 {
			c.bucket(id, k, values[i], depth)
			if c.bad {
				return nil
			}
		}
	}
	if len(keys) == 0 {
		return nil
	}
	return keys[len(keys)-1]
}

// bucket checks the bucket whose header is v, named k, kept on page id.
func (c *pageChecker) bucket(id uint64, k, v []byte, depth int) {
	if len(v) < 16 {
		c.problem("bucket %q on page %d has a header of %d bytes", clip(k), id, len(v))
		return
	}
	if root := binary.NativeEndian.Uint64(v); root != 0 {
		c.tree(root, nil, nil, k, depth+1)
		return
	}
	// An inline bucket: its one leaf page follows the header.
	inline := v[16:]
	what := label{what: fmt.Sprintf("the inline page of bucket %q", clip(k)), alone: true}
	if depth+1 > maxTreeDepth {
		c.problem("%s, on page %d, lies %d levels down the tree", what, id, depth+1)
		return
	}
	if len(inline) < pageHeaderSize || binary.NativeEndian.Uint16(inline[8:])&pageLeaf == 0 {
		c.problem("%s, on page %d, is not a leaf page", what, id)
		return
	}
	keys, values, flags, ok := c.elements(id, inline, true, nil, nil, what, &c.scratch[depth+1])
	if !ok {
		return
	}
	for i, ik := range keys {
		if flags[i]&leafBucket != 0 {
			c.bucket(id, ik, values[i], depth+1)
			if c.bad {
				return
			}
		}
	}
}
