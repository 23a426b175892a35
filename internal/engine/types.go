package engine

import (
	"errors"
	"time"

	"github.com/dealbot/dealbot/corpus"
)

// ErrBusy is returned by [Engine.Reindex] while another reindex runs.
var ErrBusy = errors.New("engine: a reindex is already running")

// Stage names the step a reindex is in.
type Stage string

// Reindex stages, in order.
const (
	StageLoading    Stage = "loading"    // reading and cleaning articles
	StageExtracting Stage = "extracting" // finding deals
	StageIndexing   Stage = "indexing"   // writing the new index
	StageDone       Stage = "done"
)

// Progress reports how far a reindex has got. Done and Total count articles
// in the loading and extracting stages and documents in the indexing stage.
type Progress struct {
	Stage Stage `json:"stage"`
	Done  int   `json:"done"`
	Total int   `json:"total"`
}

// Report is the result of a reindex.
type Report struct {
	Articles  int              `json:"articles"`
	Sentences int              `json:"sentences"`
	Deals     int              `json:"deals"`
	Companies int              `json:"companies"`
	Skipped   []corpus.Skipped `json:"skipped"`
	Warnings  []corpus.Skipped `json:"warnings,omitempty"`
	Duration  time.Duration    `json:"duration_ns"`
	Reused    bool             `json:"reused,omitempty"` // the index was already up to date
	// Mode is how the index was brought up to date: ModeFull (every
	// article read) or ModeIncremental (only the files that changed);
	// "" when it was reused.
	Mode    Mode `json:"mode,omitempty"`
	Changed int  `json:"changed,omitempty"` // incremental: files whose content changed
	Added   int  `json:"added,omitempty"`   // incremental: new files
	Deleted int  `json:"deleted,omitempty"` // incremental: files gone
	// Reread counts the unchanged files an incremental reindex read again
	// because what the changes taught about company names concerns them.
	Reread int `json:"reread,omitempty"`
}

// Mode is how a reindex brought the index up to date.
type Mode string

// Reindex modes.
const (
	ModeFull        Mode = "full"
	ModeIncremental Mode = "incremental"
)
