package slackfake

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

// Standalone starts a fake outside a test, for load tools and demos: the
// same server [New] starts, with nothing tied to a testing.TB. Helpers that
// would fail a test (the Wait… methods, Retry, Click) panic instead, with
// the message a test would get. Call [Server.Close] when done.
//
// Its IDs (envelopes, response URLs, triggers, timestamps) continue from
// the clock instead of starting at 1, so a bot that remembers the requests
// it answered (across restarts) does not take a new fake's requests for
// ones it has seen.
func Standalone(opts Options) *Server {
	s := New(standaloneTB{}, opts)
	s.mu.Lock()
	s.seq = int(time.Now().UnixMicro() % 1e12)
	s.mu.Unlock()
	return s
}

// standaloneTB stands in for a testing.TB outside tests. Only the methods
// the fake calls are implemented; the embedded nil interface is never used.
type standaloneTB struct{ testing.TB }

func (standaloneTB) Helper()        {}
func (standaloneTB) Cleanup(func()) {}
func (standaloneTB) Fatalf(format string, args ...any) {
	panic(fmt.Sprintf(format, args...))
}
func (standaloneTB) Errorf(format string, args ...any) {
	panic(fmt.Sprintf(format, args...))
}
func (standaloneTB) Logf(string, ...any) {}

// Stamp is when the fake recorded something the bot sent.
type Stamp struct {
	At time.Time
	// Error is the error the fake answered ("" when accepted); for acks,
	// "dropped" when the ack was too big for Slack.
	Error string
}

// Stamps records when acks and response_url posts reach the fake, so a
// load tool can measure latency without polling. The time is the moment
// the fake read the ack frame or received the post request ([Ack.At],
// [ResponsePost.At]), before decoding and checking it: what Slack would
// see, without the fake's own bookkeeping or the wake-up of the waiter.
// Stop it when done.
type Stamps struct {
	s    *Server
	stop chan struct{}
	once sync.Once

	mu      sync.Mutex
	changed chan struct{}
	nAcks   int                 // s.acks already seen
	acks    map[string]Stamp    // envelope ID → first ack
	watch   map[string]struct{} // response URL IDs awaiting a first post
	posts   map[string]Stamp    // response URL ID → first post
	closed  bool
}

// Stamps starts recording acks from now on (and the acks already received)
// and posts to the response URLs passed to [Stamps.Wait].
func (s *Server) Stamps() *Stamps {
	st := &Stamps{s: s, stop: make(chan struct{}), changed: make(chan struct{}),
		acks: map[string]Stamp{}, watch: map[string]struct{}{}, posts: map[string]Stamp{}}
	go st.run()
	return st
}

// Stop stops recording; waiters return.
func (st *Stamps) Stop() { st.once.Do(func() { close(st.stop) }) }

func (st *Stamps) run() {
	s := st.s
	for {
		s.mu.Lock()
		now := time.Now()
		st.mu.Lock()
		st.collectLocked(now)
		st.closed = s.closed
		close(st.changed)
		st.changed = make(chan struct{})
		st.mu.Unlock()
		ch, closed := s.changed, s.closed
		s.mu.Unlock()
		if closed {
			return
		}
		select {
		case <-ch:
		case <-st.stop:
			st.mu.Lock()
			st.closed = true
			close(st.changed)
			st.changed = make(chan struct{})
			st.mu.Unlock()
			return
		}
	}
}

// collectLocked records new acks and first posts. s.mu and st.mu are held.
func (st *Stamps) collectLocked(now time.Time) {
	s := st.s
	for ; st.nAcks < len(s.acks); st.nAcks++ {
		a := s.acks[st.nAcks]
		if _, ok := st.acks[a.EnvelopeID]; ok {
			continue
		}
		e := a.Error
		if a.Dropped {
			e = "dropped"
		}
		at := a.At
		if at.IsZero() {
			at = now
		}
		st.acks[a.EnvelopeID] = Stamp{At: at, Error: e}
	}
	for id := range st.watch {
		if ru := s.responses[id]; ru != nil && len(ru.posts) > 0 {
			at := ru.posts[0].At
			if at.IsZero() {
				at = now
			}
			st.posts[id] = Stamp{At: at, Error: ru.posts[0].Error}
			delete(st.watch, id)
		}
	}
}

// ErrWaitTimeout is returned by [Stamps.Wait] when the ack or the answer did
// not arrive in time.
var ErrWaitTimeout = errors.New("slackfake: timed out waiting for the bot")

// Wait waits until the ack of sent.EnvelopeID and, when sent has a response
// URL, the first post to it have arrived, and returns when each did. It
// forgets them afterwards, so each Sent is waited for once.
func (st *Stamps) Wait(sent Sent, timeout time.Duration) (ack, post Stamp, err error) {
	id := responseURLID(sent.ResponseURL)
	if sent.ResponseURL != "" {
		st.s.mu.Lock()
		st.mu.Lock()
		if _, done := st.posts[id]; !done {
			st.watch[id] = struct{}{}
			st.collectLocked(time.Now())
		}
		st.mu.Unlock()
		st.s.mu.Unlock()
	}
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		st.mu.Lock()
		a, okA := st.acks[sent.EnvelopeID]
		p, okP := st.posts[id]
		if sent.ResponseURL == "" {
			okP = true
		}
		ch, closed := st.changed, st.closed
		if okA && okP {
			delete(st.acks, sent.EnvelopeID)
			delete(st.posts, id)
			st.mu.Unlock()
			return a, p, nil
		}
		st.mu.Unlock()
		if closed {
			return a, p, fmt.Errorf("slackfake: stopped while waiting for %s", sent.EnvelopeID)
		}
		select {
		case <-ch:
		case <-deadline.C:
			st.mu.Lock()
			delete(st.watch, id)
			st.mu.Unlock()
			return a, p, fmt.Errorf("%w: envelope %s (ack %v, answer %v)", ErrWaitTimeout, sent.EnvelopeID, okA, okP)
		}
	}
}
