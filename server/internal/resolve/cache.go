package resolve

import (
	"bytes"
	"crypto/sha256"
	"sync"

	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
)

// Cache keeps each folder's contexts between resolutions, for a long-running language server:
// a folder is resolved again only when its inputs changed. Its inputs are the fingerprint of
// the whole Input except the other folders' contents (every shared input — environments,
// user, remote and workspace settings, observed processes, HostLive, and fields added later,
// without a list to keep up to date), the fingerprint of its own Folder, and what the run
// read through World: the same files with the same contents, the same GOROOT found on each
// PATH. The result is always the one Resolve gives.
//
// Resolve must not run concurrently on one Cache. The contexts it returns may be returned
// again: callers must not change them.
type Cache struct {
	mu      sync.Mutex
	folders map[string]*cachedFolder // by folder path: the last resolution's
	next    map[string]*cachedFolder // the folders of the resolution running
}

type cachedFolder struct {
	key    [sha256.Size]byte
	shared *reads // what the run's shared part (the extension host's activation) read
	reads  *reads // what resolving the folder read
	ctxs   []*model.Context
}

// Resolve is Resolve(in, w), reusing the contexts of folders whose inputs did not change.
func (c *Cache) Resolve(in *Input, w World) []*model.Context {
	shared := *in
	shared.Folders = nil
	names := make([][2]string, len(in.Folders))
	for i, f := range in.Folders {
		names[i] = [2]string{f.Name, f.Path}
	}
	r := newResolver(in, w)
	r.cache = c
	r.sharedSum, r.cacheable = fingerprint(struct {
		In    Input
		Names [][2]string // ${workspaceFolder:name}, the first folder and the folder count are shared too
	}{shared, names})
	c.next = map[string]*cachedFolder{}
	out := r.all()
	c.folders, c.next = c.next, nil
	return out
}

// key is what f's contexts are stored under; false when its inputs cannot be fingerprinted.
func (c *Cache) key(r *resolver, f *Folder) ([sha256.Size]byte, bool) {
	folderSum, ok := fingerprint(f)
	if !ok || !r.cacheable {
		return [sha256.Size]byte{}, false
	}
	return sha256.Sum256(append(r.sharedSum[:], folderSum[:]...)), true
}

// get returns the contexts stored for folder under key if World still gives what resolving
// them read, and keeps them for the next resolution; nil otherwise.
func (c *Cache) get(folder string, key [sha256.Size]byte, w World) []*model.Context {
	c.mu.Lock()
	cf := c.folders[folder]
	c.mu.Unlock()
	if cf == nil || cf.key != key || !cf.shared.same(w) || !cf.reads.same(w) {
		return nil
	}
	c.put(folder, cf)
	return cf.ctxs
}

func (c *Cache) put(folder string, cf *cachedFolder) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.next[folder] = cf
}

// reads records what a resolution read through World, to tell later whether reading again
// would give the same.
type reads struct {
	mu     sync.Mutex
	files  map[string]fileRead
	goroot map[string][2]string
}

type fileRead struct {
	data []byte
	err  string
}

func newReads() *reads {
	return &reads{files: map[string]fileRead{}, goroot: map[string][2]string{}}
}

// same reports whether w gives what was recorded.
func (rd *reads) same(w World) bool {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	for p, was := range rd.files {
		data, err := w.ReadFile(p)
		if errString(err) != was.err || !bytes.Equal(data, was.data) {
			return false
		}
	}
	for pathList, was := range rd.goroot {
		if root, how := w.DiscoverGoroot(pathList); [2]string{root, how} != was {
			return false
		}
	}
	return true
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// recording is a World that notes every answer in reads.
type recording struct {
	w  World
	rd *reads
}

func (rw recording) ReadFile(p string) ([]byte, error) {
	data, err := rw.w.ReadFile(p)
	rw.rd.mu.Lock()
	rw.rd.files[p] = fileRead{data, errString(err)}
	rw.rd.mu.Unlock()
	return data, err
}

func (rw recording) DiscoverGoroot(pathList string) (string, string) {
	root, how := rw.w.DiscoverGoroot(pathList)
	rw.rd.mu.Lock()
	rw.rd.goroot[pathList] = [2]string{root, how}
	rw.rd.mu.Unlock()
	return root, how
}
