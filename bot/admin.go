package bot

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// adminChecker decides who may run admin commands: users listed in the
// configuration, and workspace admins and owners according to users.info
// (never guests or deactivated users). Verdicts from Slack are cached.
type adminChecker struct {
	static map[string]bool
	users  UserDirectory
	ttl    time.Duration
	now    func() time.Time

	mu    sync.Mutex
	cache map[string]adminVerdict
}

type adminVerdict struct {
	admin bool
	at    time.Time
}

func newAdminChecker(ids []string, users UserDirectory, ttl time.Duration, now func() time.Time) *adminChecker {
	a := &adminChecker{static: map[string]bool{}, users: users, ttl: ttl, now: now, cache: map[string]adminVerdict{}}
	for _, id := range ids {
		a.static[id] = true
	}
	return a
}

// isAdmin reports whether userID may run admin commands.
func (a *adminChecker) isAdmin(ctx context.Context, userID string) (bool, error) {
	if userID == "" {
		return false, nil
	}
	if a.static[userID] {
		return true, nil
	}
	if a.users == nil {
		return false, nil
	}
	now := a.now()
	a.mu.Lock()
	v, ok := a.cache[userID]
	a.mu.Unlock()
	if ok && now.Sub(v.at) < a.ttl {
		return v.admin, nil
	}
	u, err := a.users.GetUserInfoContext(ctx, userID)
	if err != nil {
		return false, fmt.Errorf("users.info: %w", err)
	}
	if u == nil {
		return false, errors.New("users.info: no user")
	}
	admin := (u.IsAdmin || u.IsOwner || u.IsPrimaryOwner) && !u.Deleted && !u.IsRestricted && !u.IsUltraRestricted && !u.IsBot
	a.mu.Lock()
	if len(a.cache) > 10000 {
		clear(a.cache)
	}
	a.cache[userID] = adminVerdict{admin: admin, at: now}
	a.mu.Unlock()
	return admin, nil
}
