package bot

import (
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"
)

// ReconnectPacer is an http.RoundTripper for the Slack client that spaces
// out apps.connections.open calls made in quick succession. Slack recycles
// a socket every few hours (refresh_requested), and a reconnect then goes
// out at once; but when sockets keep being closed — too_many_websockets,
// link_disabled, a flapping network — reconnecting at once would only feed
// the storm, so each open within Stable of the previous one waits Base,
// then twice that, and so on up to Max (with jitter). Every other call
// passes straight through.
type ReconnectPacer struct {
	lg   *slog.Logger
	next http.RoundTripper
	// base, max and stable tune the backoff (defaults 100ms, 30s, 30s).
	base, max, stable time.Duration

	mu     sync.Mutex
	last   time.Time // when the previous open went out
	streak int       // opens in a row, each within stable of the previous
}

// NewReconnectPacer wraps next (nil: http.DefaultTransport). Zero durations
// get the defaults.
func NewReconnectPacer(lg *slog.Logger, next http.RoundTripper, base, max, stable time.Duration) *ReconnectPacer {
	if next == nil {
		next = http.DefaultTransport
	}
	if base <= 0 {
		base = 100 * time.Millisecond
	}
	if max <= 0 {
		max = 30 * time.Second
	}
	if stable <= 0 {
		stable = 30 * time.Second
	}
	return &ReconnectPacer{lg: lg, next: next, base: base, max: max, stable: stable}
}

// delay returns how long the next apps.connections.open waits, and counts it.
func (p *ReconnectPacer) delay(now time.Time) (time.Duration, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.last.IsZero() || now.Sub(p.last) >= p.stable {
		p.streak = 0
		p.last = now
		return 0, 0
	}
	p.streak++
	d := p.base << min(p.streak-1, 20)
	if d > p.max || d <= 0 {
		d = p.max
	}
	d += time.Duration(rand.Int64N(int64(p.base)/2 + 1))
	p.last = now.Add(d)
	return d, p.streak
}

// RoundTrip implements http.RoundTripper.
func (p *ReconnectPacer) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(req.URL.Path, "/apps.connections.open") {
		return p.next.RoundTrip(req)
	}
	if d, n := p.delay(time.Now()); d > 0 {
		p.lg.Info("reconnecting to slack after a backoff", "backoff_ms", d.Milliseconds(), "reconnects_in_a_row", n)
		t := time.NewTimer(d)
		select {
		case <-req.Context().Done():
			t.Stop()
			if req.Body != nil {
				req.Body.Close()
			}
			return nil, req.Context().Err()
		case <-t.C:
		}
	}
	return p.next.RoundTrip(req)
}
