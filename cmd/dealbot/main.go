// Command dealbot answers questions about company partnerships, investments
// and acquisitions from a corpus of news articles, on the command line and as
// a Slack bot.
//
// Usage:
//
//	dealbot ask [--json] <query>   answer a query ("xiaomi microsoft", "who bought Acme?")
//	dealbot deals [--json]         list every extracted deal
//	dealbot index                  rebuild the index now
//	dealbot serve                  run the Slack bot (Socket Mode)
//	dealbot help                   show this help
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	env := &Env{Getenv: os.Getenv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	code := run(ctx, env, os.Args[1:])
	stop()
	os.Exit(code)
}

// Env is the process environment a command runs in. Tests supply their own.
type Env struct {
	Getenv func(string) string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// NoDotEnv skips loading ./.env (tests).
	NoDotEnv bool
}

// run runs the command named by args[0] and returns the exit code.
func run(ctx context.Context, env *Env, args []string) int {
	if len(args) == 0 {
		printHelp(env.Stderr)
		return 2
	}
	name, rest := args[0], args[1:]
	cmd := lookup(name)
	if cmd == nil {
		fmt.Fprintf(env.Stderr, "dealbot: unknown command %q\n\n", name)
		printHelp(env.Stderr)
		return 2
	}
	if err := cmd.Run(ctx, env, rest); err != nil {
		if err == errUsage {
			fmt.Fprintf(env.Stderr, "usage: dealbot %s\n", cmd.Usage)
			return 2
		}
		fmt.Fprintf(env.Stderr, "dealbot %s: %v\n", name, err)
		return 1
	}
	return 0
}
