//go:build race

package extract

// raceEnabled: the race detector slows the regular expressions the
// prefilter tests run down tenfold, so they read fewer articles.
const raceEnabled = true
