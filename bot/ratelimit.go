package bot

import (
	"fmt"
	"math"
	"sync"
	"time"
)

// Rate is a per-user rate limit: on average Count requests per Per, with
// bursts of up to Burst at once. The zero Rate means the default; a
// negative Count means no limit.
type Rate struct {
	Count int
	Per   time.Duration
	Burst int
}

// Default per-user limits.
var (
	// DefaultQueryRate: 10 questions a minute, 5 at once.
	DefaultQueryRate = Rate{Count: 10, Per: time.Minute, Burst: 5}
	// DefaultReindexRate: one reindex per user every 5 minutes.
	DefaultReindexRate = Rate{Count: 1, Per: 5 * time.Minute, Burst: 1}
)

func (r Rate) orDefault(def Rate) Rate {
	if r.Count == 0 {
		return def
	}
	if r.Per <= 0 {
		r.Per = def.Per
	}
	if r.Burst <= 0 {
		r.Burst = 1
	}
	return r
}

// Unlimited reports whether r imposes no limit.
func (r Rate) Unlimited() bool { return r.Count < 0 }

// String reads like "10 a minute" or "1 every 5 minutes".
func (r Rate) String() string {
	if r.Unlimited() {
		return "unlimited"
	}
	switch r.Per {
	case time.Second:
		return fmt.Sprintf("%d a second", r.Count)
	case time.Minute:
		return fmt.Sprintf("%d a minute", r.Count)
	case time.Hour:
		return fmt.Sprintf("%d an hour", r.Count)
	}
	unit := func(n time.Duration, word string) string {
		if n == 1 {
			return word
		}
		return fmt.Sprintf("%d %ss", n, word)
	}
	var per string
	switch {
	case r.Per%time.Hour == 0:
		per = unit(r.Per/time.Hour, "hour")
	case r.Per%time.Minute == 0:
		per = unit(r.Per/time.Minute, "minute")
	default:
		per = unit(r.Per.Round(time.Second)/time.Second, "second")
	}
	if r.Count == 1 {
		return "once every " + per
	}
	return fmt.Sprintf("%d times every %s", r.Count, per)
}

// limiter is a token bucket per user ID.
type limiter struct {
	rate Rate
	now  func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newLimiter(r Rate, now func() time.Time) *limiter {
	return &limiter{rate: r, now: now, buckets: map[string]*bucket{}}
}

// perToken is the time one token takes to come back.
func (l *limiter) perToken() time.Duration {
	return l.rate.Per / time.Duration(l.rate.Count)
}

// allow takes a token for user, or reports how long until one is there.
func (l *limiter) allow(user string) (bool, time.Duration) {
	if l == nil || l.rate.Unlimited() {
		return true, 0
	}
	now := l.now()
	per := l.perToken()
	burst := float64(l.rate.Burst)
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[user]
	if !ok {
		if len(l.buckets) >= 10000 {
			l.evictLocked(now, per, burst)
		}
		b = &bucket{tokens: burst, at: now}
		l.buckets[user] = b
	}
	b.tokens = math.Min(burst, b.tokens+float64(now.Sub(b.at))/float64(per))
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) * float64(per))
	return false, wait
}

// evictLocked forgets users whose bucket has filled up again.
func (l *limiter) evictLocked(now time.Time, per time.Duration, burst float64) {
	for u, b := range l.buckets {
		if b.tokens+float64(now.Sub(b.at))/float64(per) >= burst {
			delete(l.buckets, u)
		}
	}
}
