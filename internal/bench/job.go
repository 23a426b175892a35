package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/dealbot/dealbot/internal/synth"
)

// JobEnv names the environment variable that turns a dealbench process
// into a measured child running one job (its JSON [Job]).
const JobEnv = "DEALBENCH_JOB"

// Job kinds.
const (
	JobRawIndex = "raw-index" // build the reference index
	JobBotIndex = "bot-index" // dealbot full reindex
	JobRawServe = "raw-serve" // open the reference index and query it
	JobBotServe = "bot-serve" // dealbot start-up and queries
	JobBotIncr  = "bot-incr"  // one file changed, reindex
	JobRecall   = "recall"    // extraction recall against the truth
	JobBot      = "bot"       // the Slack bot, for the load tool
	JobEchoBot  = "echo-bot"  // the load tool's calibration bot
)

// Job is one measured piece of work, run in a process of its own so its
// peak memory is its own.
type Job struct {
	Kind    string      `json:"kind"`
	Corpus  string      `json:"corpus,omitempty"`
	Index   string      `json:"index,omitempty"`
	Pairs   []QueryPair `json:"pairs,omitempty"`
	Warmup  int         `json:"warmup,omitempty"`
	File    string      `json:"file,omitempty"`
	Batch   int         `json:"batch,omitempty"`
	Profile string      `json:"profile,omitempty"` // write a CPU profile here
}

// RecallResult is the outcome of a recall job.
type RecallResult struct {
	Recall float64 `json:"recall"`
	Deals  int     `json:"deals"`
}

// ChildMain runs the job in $DEALBENCH_JOB, if there is one, and returns
// true with the process exit code; false when this process is not a child.
func ChildMain() (bool, int) {
	spec := os.Getenv(JobEnv)
	if spec == "" {
		return false, 0
	}
	var j Job
	if err := json.Unmarshal([]byte(spec), &j); err != nil {
		fmt.Fprintf(os.Stderr, "dealbench child: bad job %s: %v\n", JobEnv, err)
		return true, 2
	}
	if err := runChild(j, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "dealbench child %s: %v\n", j.Kind, err)
		return true, 1
	}
	return true, 0
}

func runChild(j Job, stdout io.Writer) (err error) {
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer cancel()
	lg := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if j.Profile != "" {
		stop, err := StartProfile(j.Profile)
		if err != nil {
			return err
		}
		defer stop()
		stopHeap := heapAtPeak(strings.TrimSuffix(j.Profile, ".prof") + ".heap")
		defer stopHeap()
	}
	var res any
	switch j.Kind {
	case JobRawIndex:
		t, terr := synth.ReadTruth(j.Corpus)
		if terr != nil {
			return terr
		}
		// keep only what the reference needs (the article list), so the
		// truth's deals and its decoding garbage do not count in its peak
		t.Deals, t.Companies = nil, nil
		debug.FreeOSMemory()
		res, err = RawIndex(ctx, j.Corpus, &t, j.Index, max(j.Batch, 1))
	case JobBotIndex:
		res, err = BotIndex(ctx, lg, j.Corpus, j.Index)
	case JobRawServe:
		res, err = RawServe(ctx, j.Index, j.Pairs, j.Warmup)
	case JobBotServe:
		first := func() { fmt.Fprintln(stdout, "FIRST") }
		res, err = BotServe(ctx, lg, j.Corpus, j.Index, j.Pairs, j.Warmup, first)
	case JobBotIncr:
		res, err = BotIncremental(ctx, lg, j.Corpus, j.Index, j.File)
	case JobRecall:
		t, terr := synth.ReadTruth(j.Corpus)
		if terr != nil {
			return terr
		}
		var r RecallResult
		r.Recall, r.Deals, err = Recall(ctx, lg, j.Corpus, j.Index, &t)
		res = r
	case JobBot:
		return RunBot(ctx, os.Getenv, os.Stderr)
	case JobEchoBot:
		return RunEchoBot(ctx, os.Getenv)
	default:
		return fmt.Errorf("unknown job kind %q", j.Kind)
	}
	if err != nil {
		return err
	}
	b, err := json.Marshal(res)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "RESULT %s\n", b)
	return nil
}

// StartProfile starts a CPU profile written to path; call the returned
// function to stop it.
func StartProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// heapAtPeak samples the Go heap every 100ms and writes a heap profile to
// path each time it is larger than ever before, so the file shows what was
// live at (about) the process's peak. Call the returned function to stop.
func heapAtPeak(path string) func() {
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		var most uint64
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse <= most+most/20 { // 5 % more than the last profile
				continue
			}
			most = ms.HeapInuse
			if f, err := os.Create(path); err == nil {
				_ = pprof.Lookup("heap").WriteTo(f, 0)
				f.Close()
			}
		}
	}()
	return func() { close(done); <-stopped }
}

// Runner starts jobs in child processes of exe.
type Runner struct {
	Exe  string    // the dealbench executable (os.Executable)
	Logs io.Writer // children's stderr; nil = discard
}

// Child is what the parent saw of a job's process.
type Child struct {
	MaxRSS int64         // peak resident memory of the whole process (rusage), bytes
	First  time.Duration // process start … "FIRST" (bot-serve), 0 otherwise
	Wall   time.Duration
}

// Run runs job in a child process and decodes its result into out.
func (r *Runner) Run(ctx context.Context, job Job, out any) (Child, error) {
	spec, err := json.Marshal(job)
	if err != nil {
		return Child{}, err
	}
	cmd := exec.CommandContext(ctx, r.Exe)
	cmd.Env = append(os.Environ(), JobEnv+"="+string(spec))
	cmd.Stderr = r.Logs
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return Child{}, err
	}
	var c Child
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return c, fmt.Errorf("job %s: %w", job.Kind, err)
	}
	var result string
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "FIRST":
			c.First = time.Since(start)
		case strings.HasPrefix(line, "RESULT "):
			result = strings.TrimPrefix(line, "RESULT ")
		}
	}
	werr := cmd.Wait()
	c.Wall = time.Since(start)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		c.MaxRSS = ru.Maxrss * 1024 // kB on Linux
	}
	if werr != nil {
		return c, fmt.Errorf("job %s failed: %w", job.Kind, werr)
	}
	if result == "" {
		return c, fmt.Errorf("job %s: no result", job.Kind)
	}
	if err := json.Unmarshal([]byte(result), out); err != nil {
		return c, fmt.Errorf("job %s: bad result: %w", job.Kind, err)
	}
	return c, nil
}

// BuildDealbot builds cmd/dealbot into dir and returns the binary's path,
// so the load runs exactly what `dealbot serve` runs. It needs the Go
// toolchain and the module's source (dealbench is run with go run from
// the module).
func BuildDealbot(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "dealbot")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/dealbot/dealbot/cmd/dealbot")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("build cmd/dealbot: %w: %s", err, strings.TrimSpace(string(out)))
	}
	return bin, nil
}

// EchoBot names the calibration bot for [Runner.BotCmd].
const EchoBot = "echo"

// BotCmd returns a command factory for the load tool: the dealbot binary's
// `serve` when bin is a path, the calibration bot when it is [EchoBot],
// else this executable running the built-in copy of serve's wiring.
func (r *Runner) BotCmd(bin, profile string) func(env []string) *exec.Cmd {
	return func(env []string) *exec.Cmd {
		if bin == EchoBot {
			spec, _ := json.Marshal(Job{Kind: JobEchoBot, Profile: profile})
			cmd := exec.Command(r.Exe)
			cmd.Env = append(append(os.Environ(), JobEnv+"="+string(spec)), env...)
			return cmd
		}
		if bin != "" {
			cmd := exec.Command(bin, "serve")
			cmd.Env = append(os.Environ(), env...)
			return cmd
		}
		spec, _ := json.Marshal(Job{Kind: JobBot, Profile: profile})
		cmd := exec.Command(r.Exe)
		cmd.Env = append(append(os.Environ(), JobEnv+"="+string(spec)), env...)
		return cmd
	}
}
