package corpus

import (
	"embed"
	"io/fs"
)

//go:embed seed/*.txt
var seedFS embed.FS

// Seed returns the five seed articles dealbot ships with, the default corpus
// when CORPUS_DIR is not set.
func Seed() fs.FS {
	sub, err := fs.Sub(seedFS, "seed")
	if err != nil {
		panic(err) // the embedded directory is fixed at build time
	}
	return sub
}
