package bench

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/dealbot/dealbot/internal/slackfake"
)

// LoadOptions configure a load run.
type LoadOptions struct {
	N      int // timed /deal commands
	C      int // commands in flight at once
	Warmup int // untimed commands sent first, one at a time
	Pairs  []QueryPair
	// Corpus and Index are the bot's CORPUS_DIR and INDEX_DIR.
	Corpus, Index string
	// BotCmd returns the command that runs the bot with env added to its
	// environment (the fake's URL and tokens, the corpus and index).
	BotCmd func(env []string) *exec.Cmd
	// Logs receives the bot's log (stderr); nil discards it.
	Logs *os.File
	// Workers is BOT_WORKERS for the bot (0 = the bot's default).
	Workers int
	// Timeout bounds each command's ack and answer (default 30s) and the
	// bot's start (ten times that).
	Timeout time.Duration
}

// LoadResult is what a load run measured.
type LoadResult struct {
	N         int      `json:"n"`
	C         int      `json:"c"`
	Errors    int      `json:"errors"`
	Samples   []string `json:"error_samples,omitempty"`
	Ack       Dist     `json:"ack"`    // envelope sent → ack read by the fake
	Answer    Dist     `json:"answer"` // envelope sent → response_url post received
	Seconds   float64  `json:"seconds"`
	PerSecond float64  `json:"answers_per_s"`
	BotMem    Mem      `json:"bot_mem"` // the bot process after the run
	// BotCPU and HarnessCPU are the CPU seconds (user and system) the bot
	// process and this one (the fake Slack and the load driver) used during
	// the timed commands: less noisy than latencies on a shared machine.
	BotCPU     float64 `json:"bot_cpu_s"`
	HarnessCPU float64 `json:"harness_cpu_s"`
	Bot        string  `json:"bot"` // the command that ran the bot
	StartS     float64 `json:"bot_start_s"`
}

// RunLoad starts a fake Slack on loopback and the bot against it, sends
// Warmup and then N /deal commands with C in flight, and measures each
// command's ack and answer latency at the fake, the throughput and the
// bot's memory. The bot is stopped with SIGTERM at the end.
// Each command comes from another user, so per-user rate limits do not
// apply.
func RunLoad(ctx context.Context, lg *slog.Logger, o LoadOptions) (LoadResult, error) {
	if o.C < 1 {
		o.C = 1
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if len(o.Pairs) == 0 {
		return LoadResult{}, errors.New("load: no query pairs")
	}
	fs := slackfake.Standalone(slackfake.Options{WaitTimeout: o.Timeout})
	defer fs.Close()
	st := fs.Stamps()
	defer st.Stop()

	env := []string{
		"SLACK_APP_TOKEN=" + fs.AppToken, "SLACK_BOT_TOKEN=" + fs.BotToken, "SLACK_API_URL=" + fs.APIURL,
		"CORPUS_DIR=" + o.Corpus, "INDEX_DIR=" + o.Index, "LOG_LEVEL=info", "LOG_FORMAT=json", "ADMIN_USERS=",
	}
	if o.Workers > 0 {
		env = append(env, fmt.Sprintf("BOT_WORKERS=%d", o.Workers))
	}
	cmd := o.BotCmd(env)
	botLabel := strings.Join(cmd.Args, " ")
	switch env := strings.Join(cmd.Env, "\n"); {
	case strings.Contains(env, `"kind":"`+JobEchoBot+`"`):
		botLabel = "calibration bot: bare slack-go client, no search (" + filepath.Base(cmd.Path) + ")"
	case strings.Contains(env, JobEnv+"="):
		botLabel = "built-in copy of serve's wiring (" + filepath.Base(cmd.Path) + ")"
	}
	if o.Logs != nil {
		cmd.Stderr = o.Logs
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return LoadResult{}, fmt.Errorf("load: start the bot: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stopped := false
	stop := func() error {
		if stopped {
			return nil
		}
		stopped = true
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-exited:
			return err
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
			return errors.New("load: the bot did not stop within 30s of SIGTERM")
		}
	}
	defer stop()

	// wait for the socket
	deadline := time.Now().Add(10 * o.Timeout)
	for fs.OpenConnections() < 1 {
		select {
		case err := <-exited:
			stopped = true
			return LoadResult{}, fmt.Errorf("load: the bot exited before connecting: %v", err)
		case <-ctx.Done():
			return LoadResult{}, ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return LoadResult{}, errors.New("load: the bot did not connect in time")
		}
	}
	res := LoadResult{N: o.N, C: o.C, StartS: time.Since(start).Seconds(), Bot: botLabel}
	lg.Info("load: bot connected", "after", time.Since(start).Round(time.Millisecond))

	send := func(i int) (ack, ans time.Duration, err error) {
		p := o.Pairs[i%len(o.Pairs)]
		t0 := time.Now()
		// one user per command, as in a busy workspace: no per-user rate
		// limit applies
		sent := fs.SlashCommand(slackfake.SlashCommand{User: fmt.Sprintf("UL%07d", i), Channel: "C0LOAD1", Text: p.Text})
		a, post, err := st.Wait(sent, o.Timeout)
		if err != nil {
			return 0, 0, err
		}
		if a.Error != "" {
			return 0, 0, fmt.Errorf("ack of %q: %s", p.Text, a.Error)
		}
		if post.Error != "" {
			return 0, 0, fmt.Errorf("answer to %q: %s", p.Text, post.Error)
		}
		return a.At.Sub(t0), post.At.Sub(t0), nil
	}
	for i := range o.Warmup {
		if _, _, err := send(i); err != nil {
			return res, fmt.Errorf("load: warm-up: %w", err)
		}
	}

	var (
		mu       sync.Mutex
		acks     []time.Duration
		answers  []time.Duration
		next     int
		wg       sync.WaitGroup
		runStart = time.Now()
		botCPU0  = procCPU(cmd.Process.Pid)
		selfCPU0 = selfCPU()
	)
	for range o.C {
		wg.Go(func() {
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= o.N || ctx.Err() != nil {
					return
				}
				a, b, err := send(o.Warmup + i)
				mu.Lock()
				if err != nil {
					res.Errors++
					if len(res.Samples) < 5 {
						res.Samples = append(res.Samples, err.Error())
					}
				} else {
					acks = append(acks, a)
					answers = append(answers, b)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	res.Seconds = time.Since(runStart).Seconds()
	res.BotCPU, res.HarnessCPU = procCPU(cmd.Process.Pid)-botCPU0, selfCPU()-selfCPU0
	res.Ack, res.Answer = Summarise(acks), Summarise(answers)
	if res.Seconds > 0 {
		res.PerSecond = float64(len(answers)) / res.Seconds
	}
	res.BotMem, _ = ReadMem(cmd.Process.Pid)
	if err := stop(); err != nil {
		lg.Warn("load: stopping the bot", "err", err)
	}
	return res, ctx.Err()
}

// procCPU returns the CPU seconds (user and system) process pid has used,
// from /proc/PID/stat; 0 when it cannot be read.
func procCPU(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// the command name (field 2) may hold spaces; the fields after it do not
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	// utime and stime are fields 14 and 15, in clock ticks (USER_HZ, 100 on Linux)
	ut, err1 := strconv.ParseFloat(f[11], 64)
	st, err2 := strconv.ParseFloat(f[12], 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return (ut + st) / 100
}

// selfCPU returns the CPU seconds this process has used.
func selfCPU() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
