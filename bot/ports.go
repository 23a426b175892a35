package bot

import (
	"context"

	"github.com/dealbot/dealbot/index"
	"github.com/dealbot/dealbot/internal/deal"
	"github.com/dealbot/dealbot/internal/engine"
	"github.com/slack-go/slack"
)

// Engine is what the bot needs from the deal engine (*engine.Engine
// satisfies it). Every method must be safe for concurrent use, and Ask and
// Stats must keep answering while Reindex runs.
type Engine interface {
	// Ask answers a query: company names or a question.
	Ask(ctx context.Context, query string) (index.Answer, error)
	// Deals lists every deal; help uses it for examples from the corpus.
	Deals(ctx context.Context) ([]deal.Deal, error)
	// Stats describes the live index.
	Stats(ctx context.Context) (index.Stats, error)
	// Reindex rebuilds the index, reporting progress; engine.ErrBusy when
	// one is already running.
	Reindex(ctx context.Context, progress func(engine.Progress)) (engine.Report, error)
	// ReindexFull is Reindex reading every article, not only the files
	// that changed.
	ReindexFull(ctx context.Context, progress func(engine.Progress)) (engine.Report, error)
}

// UserDirectory looks users up (*slack.Client satisfies it); the admin check
// uses it for users.info.
type UserDirectory interface {
	GetUserInfoContext(ctx context.Context, user string, options ...slack.GetUserInfoOption) (*slack.User, error)
}
