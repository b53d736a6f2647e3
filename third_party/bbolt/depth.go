package bbolt

import (
	"fmt"

	"go.etcd.io/bbolt/internal/common"
)

// MaxTreeDepth bounds how deep the walks of a bucket's tree go (cursors,
// Stats, DeleteBucket's freeing of pages), and how deeply buckets nest. It
// is hone's addition (see README.hone.md): a damaged file whose branch
// page points back up its tree (at an ancestor or at itself) made those
// walks recurse until the goroutine's stack overflowed, which ends the
// process and cannot be recovered. Past the bound they panic instead, as
// bbolt does on other damage, and the caller can recover.
//
// bbolt splits a page into parts of at least two keys, so a tree of depth
// d holds at least 2^(d-1) pages; the largest file bbolt maps (256 TiB,
// maxMapSize) holds 2^38 pages of 1 KiB, so no real tree is deeper than
// 39 levels. A hone journal's trees are 2 to 4 levels deep and its buckets
// nest 2 deep. 64 leaves a margin over both.
const MaxTreeDepth = 64

// treeLoop is the panic of a walk that went MaxTreeDepth pages down a
// tree; p is the last page reached, when known.
func treeLoop(p *common.Page) string {
	if p == nil {
		return fmt.Sprintf("bbolt: a tree goes more than %d pages deep: the file is damaged (a branch page points back up its tree)", MaxTreeDepth)
	}
	return fmt.Sprintf("bbolt: page %d lies more than %d pages deep in its tree: the file is damaged (a branch page points back up its tree)", p.Id(), MaxTreeDepth)
}

// free frees page p and its overflow pages in the freelist, as
// tx.db.freelist.Free did at each of its callers. (hone) The pages must lie
// inside the file: a damaged page header whose overflow count runs past
// the end made the freelist add pages one by one up to it, billions of
// them, for minutes and gigabytes; it panics instead.
func (tx *Tx) free(p *common.Page) {
	if uint64(p.Id())+uint64(p.Overflow()) >= uint64(tx.meta.Pgid()) {
		panic(fmt.Sprintf("bbolt: page %d runs %d pages past the end of the file: the file is damaged (a page's overflow count)", p.Id(), p.Overflow()))
	}
	tx.db.freelist.Free(tx.meta.Txid(), p)
}
