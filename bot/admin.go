package bot

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/slack-go/slack"
)

// adminChecker decides who may run admin commands, by user ID only (never
// by a name, which anyone can change): users listed in the configuration
// and workspace admins and owners according to users.info — never guests
// (is_restricted, is_ultra_restricted), deactivated users or bots, even if
// listed. users.info verdicts are cached for a short while.
type adminChecker struct {
	static map[string]bool
	users  UserDirectory
	ttl    time.Duration
	now    func() time.Time
	// lookup calls users.info (with retries); defaults to users directly.
	lookup func(ctx context.Context, id string) (*slack.User, error)

	mu    sync.Mutex
	cache map[string]adminVerdict
}

// adminVerdict is whether a user is an admin, and why not.
type adminVerdict struct {
	admin bool
	why   string // "not an admin", "a guest", "deactivated", "a bot"
	at    time.Time
}

func newAdminChecker(ids []string, users UserDirectory, ttl time.Duration, now func() time.Time) *adminChecker {
	a := &adminChecker{static: map[string]bool{}, users: users, ttl: ttl, now: now, cache: map[string]adminVerdict{}}
	for _, id := range ids {
		a.static[id] = true
	}
	return a
}

// lookupUser calls users.info, retrying rate limits and server errors.
func (b *Bot) lookupUser(ctx context.Context, id string) (*slack.User, error) {
	var u *slack.User
	err := b.withRetry(ctx, "users.info", func() error {
		var err error
		u, err = b.admins.users.GetUserInfoContext(ctx, id)
		return err
	})
	return u, err
}

// check returns whether userID may run admin commands, and if not why.
func (a *adminChecker) check(ctx context.Context, userID string) (adminVerdict, error) {
	if userID == "" {
		return adminVerdict{why: "no user ID"}, nil
	}
	if a.users == nil {
		if a.static[userID] {
			return adminVerdict{admin: true}, nil
		}
		return adminVerdict{why: "not an admin"}, nil
	}
	now := a.now()
	a.mu.Lock()
	v, ok := a.cache[userID]
	a.mu.Unlock()
	if ok && now.Sub(v.at) < a.ttl {
		return v, nil
	}
	lookup := a.lookup
	if lookup == nil {
		lookup = func(ctx context.Context, id string) (*slack.User, error) { return a.users.GetUserInfoContext(ctx, id) }
	}
	u, err := lookup(ctx, userID)
	if err != nil {
		if a.static[userID] {
			// Listed by ID in the configuration: Slack could not say
			// otherwise, so the configuration decides (not cached).
			return adminVerdict{admin: true, why: "listed in ADMIN_USERS; users.info failed: " + err.Error()}, nil
		}
		return adminVerdict{}, fmt.Errorf("users.info: %w", err)
	}
	if u == nil {
		return adminVerdict{}, errors.New("users.info: no user")
	}
	v = adminVerdict{at: now}
	switch {
	case u.ID != "" && u.ID != userID:
		v.why = "users.info answered for another user"
	case u.Deleted:
		v.why = "deactivated"
	case u.IsRestricted || u.IsUltraRestricted:
		v.why = "a guest"
	case u.IsBot:
		v.why = "a bot"
	case a.static[userID] || u.IsAdmin || u.IsOwner || u.IsPrimaryOwner:
		v.admin = true
	default:
		v.why = "not an admin"
	}
	a.mu.Lock()
	if len(a.cache) > 10000 {
		clear(a.cache)
	}
	a.cache[userID] = v
	a.mu.Unlock()
	return v, nil
}

// isAdmin reports whether userID may run admin commands.
func (a *adminChecker) isAdmin(ctx context.Context, userID string) (bool, error) {
	v, err := a.check(ctx, userID)
	return v.admin, err
}
