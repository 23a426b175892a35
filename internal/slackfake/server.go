// Package slackfake is a fake Slack for tests: a real HTTP server with the
// Web API methods dealbot calls, a Socket Mode WebSocket that delivers
// envelopes the way Slack does, and response_url endpoints.
//
// Point a slack-go client at [Server.APIURL] (slack.OptionAPIURL) with the
// tokens in [Server.AppToken] and [Server.BotToken]. The fake keeps a model
// of what users would see — messages per channel and thread, visible or
// ephemeral, edited or deleted — so tests assert on that rather than on raw
// HTTP calls. It rejects what Slack rejects: wrong or missing tokens, blocks
// over Block Kit's limits, over-long text, used response URLs. Faults (an
// HTTP status, a Slack error, a held call) can be injected per method;
// sockets can be told to disconnect, dropped, or black-holed (no pings,
// lost frames); envelopes unacknowledged when a socket closes are
// redelivered; with several sockets open (replicas) envelopes are spread
// over them.
//
// Typical use:
//
//	fs := slackfake.New(t, slackfake.Options{})
//	// start the bot with fs.APIURL, fs.AppToken, fs.BotToken …
//	fs.WaitConnections(1)
//	sent := fs.SlashCommand(slackfake.SlashCommand{User: "U1", Channel: "C1", Text: "acme"})
//	fs.WaitAck(sent.EnvelopeID)
//	post := fs.WaitResponse(sent.ResponseURL)
package slackfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"
)

// Options configures a fake. Zero values get defaults.
type Options struct {
	AppToken  string // default "xapp-1-A0FAKE-1-fakeapptoken"
	BotToken  string // default "xoxb-1-1-fakebottoken"
	TeamID    string // default "T0FAKE"
	AppID     string // default "A0FAKE"
	BotUserID string // default "U0BOT"
	BotID     string // default "B0BOT"
	// PingInterval is how often the fake pings each socket (Slack pings
	// every few seconds); default 500ms.
	PingInterval time.Duration
	// WaitTimeout bounds every Wait helper; default 10s.
	WaitTimeout time.Duration
	// NoEcho turns off the message.im event Slack sends back when the bot
	// posts in a DM.
	NoEcho bool
	// Users are the workspace's users, for users.info.
	Users []User
	// Faults are injected from the start, by Web API method name: a Slack
	// that lacks a method or fails it before the bot has even connected.
	Faults map[string]Fault
}

// User is a workspace member as users.info reports it.
type User struct {
	ID                string
	Name              string
	IsAdmin           bool
	IsOwner           bool
	IsPrimaryOwner    bool
	IsRestricted      bool
	IsUltraRestricted bool
	IsBot             bool
	Deleted           bool
}

// Channel configures a conversation. Unknown channel IDs starting with C, G
// or D exist and have the bot as a member.
type Channel struct {
	// NotMember makes chat.postMessage answer not_in_channel.
	NotMember bool
	// Missing makes every method answer channel_not_found.
	Missing bool
}

// Fault is a failure injected into one Web API method (or "response_url",
// or "apps.connections.open").
type Fault struct {
	Status     int    // HTTP status to answer with, e.g. 429 or 500; 0 = 200
	RetryAfter int    // Retry-After seconds, with Status 429
	Error      string // a Slack error code answered with ok:false, e.g. "ratelimited"
	Times      int    // how many calls it affects; 0 = every call until cleared
}

// Server is a running fake Slack.
type Server struct {
	// URL is the server's base URL; APIURL (URL + "/api/") is what
	// SLACK_API_URL or slack.OptionAPIURL take.
	URL, APIURL string
	// Tokens and identities the fake accepts and reports.
	AppToken, BotToken, TeamID, AppID, BotUserID, BotID string

	tb   testing.TB
	opts Options
	http *httptest.Server

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every state change
	closed  bool
	seq     int // for IDs and timestamps

	// Socket Mode
	tickets     map[string]bool // unused tickets
	conns       []*conn         // open sockets
	turn        int             // next socket to deliver on
	opened      int             // sockets opened so far
	pending     []*envelope     // envelopes waiting for a socket
	envelopes   map[string]*envelope
	acks        []Ack
	disconnects []string
	deliveries  int // envelopes handed to a socket, redeliveries included

	// Web API
	calls     []Call
	faults    map[string][]*Fault
	holds     map[string]*Held
	users     map[string]User
	channels  map[string]Channel
	messages  []*Message
	responses map[string]*responseURL
}

// New starts a fake and stops it when the test ends.
func New(tb testing.TB, opts Options) *Server {
	tb.Helper()
	def := func(p *string, v string) {
		if *p == "" {
			*p = v
		}
	}
	def(&opts.AppToken, "xapp-1-A0FAKE-1-fakeapptoken")
	def(&opts.BotToken, "xoxb-1-1-fakebottoken")
	def(&opts.TeamID, "T0FAKE")
	def(&opts.AppID, "A0FAKE")
	def(&opts.BotUserID, "U0BOT")
	def(&opts.BotID, "B0BOT")
	if opts.PingInterval <= 0 {
		opts.PingInterval = 500 * time.Millisecond
	}
	if opts.WaitTimeout <= 0 {
		opts.WaitTimeout = 10 * time.Second
	}
	s := &Server{
		AppToken: opts.AppToken, BotToken: opts.BotToken, TeamID: opts.TeamID,
		AppID: opts.AppID, BotUserID: opts.BotUserID, BotID: opts.BotID,
		tb: tb, opts: opts,
		changed:   make(chan struct{}),
		tickets:   map[string]bool{},
		envelopes: map[string]*envelope{},
		faults:    map[string][]*Fault{},
		holds:     map[string]*Held{},
		users:     map[string]User{},
		channels:  map[string]Channel{},
		responses: map[string]*responseURL{},
	}
	for _, u := range opts.Users {
		s.users[u.ID] = u
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/{method}", s.serveAPI)
	mux.HandleFunc("GET /link/", s.serveSocket)
	mux.HandleFunc("POST /response/{id}", s.serveResponseURL)
	s.http = httptest.NewServer(mux)
	s.URL = s.http.URL
	s.APIURL = s.http.URL + "/api/"
	tb.Cleanup(s.Close)
	for method, f := range opts.Faults {
		s.InjectFault(method, f)
	}
	return s
}

// Close closes every socket, releases held calls and stops the server.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	conns := slices.Clone(s.conns)
	for _, h := range s.holds {
		h.release()
	}
	s.notifyLocked()
	s.mu.Unlock()
	for _, c := range conns {
		c.close()
	}
	s.http.Close()
}

// notifyLocked wakes every waiter. s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// nextLocked returns a fresh sequence number. s.mu must be held.
func (s *Server) nextLocked() int {
	s.seq++
	return s.seq
}

// tsLocked returns a fresh message timestamp. s.mu must be held.
func (s *Server) tsLocked() string {
	n := s.nextLocked()
	return fmt.Sprintf("%d.%06d", 1700000000+n, n)
}

// AddUser adds or replaces a workspace user.
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[u.ID] = u
}

// SetChannel configures a channel.
func (s *Server) SetChannel(id string, c Channel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.channels[id] = c
}

// DMChannel is the ID of the DM between the bot and user.
func (s *Server) DMChannel(user string) string { return "D" + user }

// InjectFault makes method fail as f describes. Faults queue: each applies
// to f.Times calls (0 = all calls until ClearFaults) before the next one.
func (s *Server) InjectFault(method string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[method] = append(s.faults[method], &f)
}

// ClearFaults removes every fault and hold on method.
func (s *Server) ClearFaults(method string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.faults, method)
	if h := s.holds[method]; h != nil {
		h.release()
		delete(s.holds, method)
	}
}

// takeFaultLocked returns the fault for the next call to method, if any.
func (s *Server) takeFaultLocked(method string) *Fault {
	fs := s.faults[method]
	if len(fs) == 0 {
		return nil
	}
	f := *fs[0]
	if fs[0].Times > 0 {
		fs[0].Times--
		if fs[0].Times == 0 {
			s.faults[method] = fs[1:]
		}
	}
	return &f
}

// Held is a method whose calls block until released.
type Held struct {
	method  string
	arrived chan struct{}
	done    chan struct{}
	once    sync.Once
	count   int
}

// Hold makes every call to method block (after being recorded) until
// [Held.Release]. It lets a test freeze the bot mid-request.
func (s *Server) Hold(method string) *Held {
	s.mu.Lock()
	defer s.mu.Unlock()
	h := &Held{method: method, arrived: make(chan struct{}), done: make(chan struct{})}
	s.holds[method] = h
	return h
}

// Arrived is closed when the first held call arrives.
func (h *Held) Arrived() <-chan struct{} { return h.arrived }

// Release lets held calls (and later ones) proceed.
func (h *Held) Release() { h.release() }

func (h *Held) release() { h.once.Do(func() { close(h.done) }) }

// waitHeld blocks a call on method while it is held.
func (s *Server) waitHeld(method string) {
	s.mu.Lock()
	h := s.holds[method]
	if h != nil {
		h.count++
		if h.count == 1 {
			close(h.arrived)
		}
	}
	s.mu.Unlock()
	if h != nil {
		<-h.done
	}
}

// Call is one Web API call the fake received.
type Call struct {
	Method string
	// Values are the form values without the token.
	Values url.Values
	// Body is the JSON body, for JSON calls.
	Body json.RawMessage
	// Auth says how the call authenticated: "ok", "missing" or "invalid".
	Auth string
	// Error is the Slack error answered, or "" for ok.
	Error string
	// Status is the HTTP status answered.
	Status int
	// At is when the call arrived.
	At time.Time

	tokenKind string
}

// Calls returns the calls to method so far ("" = every call).
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// wait polls cond under the lock until it reports true or the wait times
// out, which fails the test with what was being waited for.
func (s *Server) wait(what string, cond func() bool) {
	s.tb.Helper()
	deadline := time.NewTimer(s.opts.WaitTimeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ok := cond()
		ch := s.changed
		closed := s.closed
		s.mu.Unlock()
		if ok {
			return
		}
		if closed {
			s.tb.Fatalf("slackfake: server closed while waiting for %s", what)
		}
		select {
		case <-ch:
		case <-deadline.C:
			s.tb.Fatalf("slackfake: timed out after %v waiting for %s", s.opts.WaitTimeout, what)
		}
	}
}

// WaitCalls waits until method has been called at least n times.
func (s *Server) WaitCalls(method string, n int) []Call {
	s.tb.Helper()
	var out []Call
	s.wait(fmt.Sprintf("%d calls to %s", n, method), func() bool {
		out = out[:0]
		for _, c := range s.calls {
			if c.Method == method {
				out = append(out, c)
			}
		}
		return len(out) >= n
	})
	return slices.Clone(out)
}
