package bot

import (
	"sync"
	"time"
)

// ttlSet remembers keys for a while: envelope IDs, event IDs and message
// timestamps already handled, so a redelivered or doubled event is answered
// once.
type ttlSet struct {
	ttl time.Duration
	now func() time.Time

	mu        sync.Mutex
	m         map[string]time.Time
	lastSweep time.Time
}

func newTTLSet(ttl time.Duration, now func() time.Time) *ttlSet {
	return &ttlSet{ttl: ttl, now: now, m: map[string]time.Time{}}
}

// add records key and reports whether it was new (not seen within the TTL).
func (s *ttlSet) add(key string) bool {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if now.Sub(s.lastSweep) > s.ttl/2 {
		for k, t := range s.m {
			if now.Sub(t) >= s.ttl {
				delete(s.m, k)
			}
		}
		s.lastSweep = now
	}
	if t, ok := s.m[key]; ok && now.Sub(t) < s.ttl {
		return false
	}
	s.m[key] = now
	return true
}

// addAll records every key and reports whether all were new. Keys are
// recorded even when one was already seen, so any later duplicate of any of
// them is dropped too.
func (s *ttlSet) addAll(keys ...string) bool {
	fresh := true
	for _, k := range keys {
		if k == "" {
			continue
		}
		if !s.add(k) {
			fresh = false
		}
	}
	return fresh
}
