package main

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// errUsage makes run print the command's usage line.
var errUsage = errors.New("usage")

// command is one dealbot subcommand.
type command struct {
	Name  string
	Usage string // after "dealbot "
	Short string
	Run   func(ctx context.Context, env *Env, args []string) error
}

// commands is the command table; help is generated from it.
var commands []*command

func init() {
	commands = []*command{
		{Name: "ask", Usage: "ask [--json] <query>", Short: "answer a query, e.g. `xiaomi microsoft` or `how much did X invest in Y?`", Run: cmdAsk},
		{Name: "deals", Usage: "deals [--json]", Short: "list every deal extracted from the corpus", Run: cmdDeals},
		{Name: "index", Usage: "index [--full] [--json]", Short: "bring the index up to date now (only changed files; --full reads all), printing counts and time", Run: cmdIndex},
		{Name: "eval", Usage: "eval --gold FILE --corpus DIR [--json] [-v]", Short: "measure extraction against a gold file: precision, recall, F1, field accuracy, query hit@3", Run: cmdEval},
		{Name: "serve", Usage: "serve", Short: "run the Slack bot over Socket Mode", Run: cmdServe},
		{Name: "help", Usage: "help", Short: "show this help", Run: cmdHelp},
	}
}

func lookup(name string) *command {
	switch name {
	case "-h", "--help", "-help":
		name = "help"
	}
	for _, c := range commands {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func cmdHelp(ctx context.Context, env *Env, args []string) error {
	printHelp(env.Stdout)
	return nil
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "dealbot answers questions about company deals from a corpus of news articles.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  dealbot %s\n      %s\n", c.Usage, c.Short)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Configuration comes from the environment and ./.env: CORPUS_DIR (default: the")
	fmt.Fprintln(w, "embedded seed articles), INDEX_DIR, and for serve SLACK_APP_TOKEN and SLACK_BOT_TOKEN.")
	fmt.Fprintln(w, "See README.md for every variable.")
}
