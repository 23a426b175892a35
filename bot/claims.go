package bot

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Claims records which requests have been taken, so that each is answered
// once: a Slack retry of an event, an @mention delivered both as
// app_mention and as message.im, and — when the store is shared — an event
// Slack hands to another replica of the bot all carry a key already
// claimed.
type Claims interface {
	// Claim records every key and reports whether none of them had been
	// claimed before (within the store's time to live). Empty keys are
	// ignored. An error means the store could not be used.
	Claim(keys ...string) (bool, error)
}

// Claim implements [Claims] in memory, for one process.
func (s *ttlSet) Claim(keys ...string) (bool, error) { return s.addAll(keys...), nil }

// FileClaims is a [Claims] store shared by every process that uses the same
// directory: replicas of the bot on one machine or one shared volume. A
// claim is a file created with O_EXCL, which exactly one process can do;
// claims older than the time to live are removed now and then, by a
// background sweep paced so as not to compete with requests.
type FileClaims struct {
	lg  *slog.Logger
	dir string
	ttl time.Duration
	now func() time.Time

	lastSweep atomic.Int64 // unix nanoseconds
	sweeping  atomic.Bool
	wg        sync.WaitGroup
	closing   chan struct{}
	closeOnce sync.Once
}

// Sweep pacing: a sweep lists and checks sweepBatch claims, then rests
// sweepPause, so that even a directory of hundreds of thousands of claims
// is swept with a small share of one core instead of a burst that delays
// acks and answers. The first sweep comes at most firstSweep after the
// store is opened rather than at once: start-up, when the socket connects
// and the first requests arrive, is no time for housekeeping.
const (
	sweepBatch = 256
	sweepPause = 10 * time.Millisecond
	firstSweep = time.Minute
)

// NewFileClaims returns a claim store in dir (created if needed) whose
// claims are forgotten after ttl (Slack retries an event within minutes;
// an hour is plenty).
func NewFileClaims(lg *slog.Logger, dir string, ttl time.Duration) (*FileClaims, error) {
	return newFileClaims(lg, dir, ttl, time.Now)
}

func newFileClaims(lg *slog.Logger, dir string, ttl time.Duration, now func() time.Time) (*FileClaims, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("claims: %w", err)
	}
	if ttl <= 0 {
		ttl = time.Hour
	}
	c := &FileClaims{lg: lg, dir: dir, ttl: ttl, now: now, closing: make(chan struct{})}
	// what earlier runs left goes in the first sweep, due firstSweep from
	// now (or a quarter of the time to live, if that is sooner)
	interval := c.ttl / 4
	c.lastSweep.Store(c.now().Add(min(interval, firstSweep) - interval).UnixNano())
	return c, nil
}

// Claim implements [Claims]. The keys are created in sorted order and the
// first one already there ends the claim: two processes claiming
// overlapping key sets meet first on the same key, so exactly one of them
// wins (creating keys in different orders, each could win one key and both
// lose).
func (c *FileClaims) Claim(keys ...string) (bool, error) {
	keys = slices.Sorted(slices.Values(keys))
	fresh := true
	var errs []error
	for _, k := range keys {
		if k == "" {
			continue
		}
		f, err := os.OpenFile(c.path(k), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			fresh = false
			break
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		_, werr := f.WriteString(k + "\n")
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			errs = append(errs, werr)
		}
	}
	if time.Duration(c.now().UnixNano()-c.lastSweep.Load()) >= c.ttl/4 {
		c.sweepAsync()
	}
	if len(errs) > 0 {
		return fresh, fmt.Errorf("claims: %w", errors.Join(errs...))
	}
	return fresh, nil
}

// path is the claim file of key: a hash, so any key makes a safe name.
func (c *FileClaims) path(key string) string {
	h := sha256.Sum256([]byte(key))
	return filepath.Join(c.dir, hex.EncodeToString(h[:16]))
}

// sweepAsync removes expired claims in the background, one sweep at a time.
func (c *FileClaims) sweepAsync() {
	if !c.sweeping.CompareAndSwap(false, true) {
		return
	}
	c.lastSweep.Store(c.now().UnixNano())
	c.wg.Go(func() {
		defer c.sweeping.Store(false)
		c.sweep()
	})
}

// sweep removes claims older than the time to live, sweepBatch at a
// time with a pause between batches; it stops early when the store is
// closed (the next sweep, here or in another process, finishes the job).
func (c *FileClaims) sweep() {
	d, err := os.Open(c.dir)
	if err != nil {
		c.lg.Warn("claims: cannot list", "dir", c.dir, "error", err)
		return
	}
	defer d.Close()
	cutoff := c.now().Add(-c.ttl)
	removed := 0
	defer func() {
		if removed > 0 {
			c.lg.Debug("claims: removed expired", "count", removed)
		}
	}()
	for {
		entries, err := d.ReadDir(sweepBatch)
		for _, e := range entries {
			info, err := e.Info()
			if err != nil || !info.Mode().IsRegular() || info.ModTime().After(cutoff) {
				continue
			}
			if err := os.Remove(filepath.Join(c.dir, e.Name())); err == nil {
				removed++
			}
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				c.lg.Warn("claims: cannot list", "dir", c.dir, "error", err)
			}
			return
		}
		select {
		case <-c.closing:
			return
		case <-time.After(sweepPause):
		}
	}
}

// Close stops a sweep in progress and waits for it to end.
func (c *FileClaims) Close() error {
	c.closeOnce.Do(func() { close(c.closing) })
	c.wg.Wait()
	return nil
}
