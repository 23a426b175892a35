package corpus

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultMaxFileSize is the largest file Load reads when Options.MaxFileSize
// is zero. News articles are a few tens of kilobytes; anything past this is
// a data dump or a mistake, and is skipped without being read.
const DefaultMaxFileSize = 5 << 20

// Options tune [Load].
type Options struct {
	// MaxFileSize is the largest file, in bytes, that is read; bigger files
	// are skipped without being read. Zero means DefaultMaxFileSize.
	MaxFileSize int64
	// Progress, when set, is called on Load's goroutine each time a file
	// has been parsed or skipped, with the count so far and the number of
	// candidate files (those with a supported extension).
	Progress func(done, total int)
}

// Errors Load returns (wrapped, with the directory's name) when the corpus
// root is missing or is a file.
var (
	ErrNoDir  = errors.New("no such directory")
	ErrNotDir = errors.New("not a directory")
)

// dirFS is an os.DirFS that remembers its path, so Load can name it.
type dirFS struct {
	fs.FS
	dir string
}

// DirFS returns the directory tree at dir as a file system for [Load]. A
// path that does not exist, or is not a directory, makes Load fail with a
// message naming it: corpus: CORPUS_DIR "/x": no such directory.
func DirFS(dir string) fs.FS { return dirFS{FS: os.DirFS(dir), dir: dir} }

// Stat, ReadDir, Lstat and ReadLink keep os.DirFS's fast paths through the
// wrapper.
func (d dirFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(d.FS, name) }
func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(d.FS, name) }
func (d dirFS) Lstat(name string) (fs.FileInfo, error)     { return fs.Lstat(d.FS, name) }
func (d dirFS) ReadLink(name string) (string, error)       { return fs.ReadLink(d.FS, name) }

// Load reads every article under the root of fsys: .txt, .md/.markdown and
// .html/.htm files (extensions in any case), in all subdirectories.
// Dot-files and dot-directories are ignored. Files of other types, or that
// cannot be used (unreadable, too large, empty, binary, not UTF-8, no text
// left after cleaning), are returned in skipped with the reason; they never
// stop the load. Articles and skipped files are sorted by path.
//
// Files are parsed in parallel, one worker per CPU; the result does not
// depend on the order they finish in. The error is non-nil only when the
// root itself cannot be read or ctx is cancelled.
func Load(ctx context.Context, fsys fs.FS, opts Options) ([]Article, []Skipped, error) {
	files, skipped, err := Scan(ctx, fsys)
	if err != nil {
		return nil, nil, err
	}
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.Path
	}
	articles, more, err := parseAll(ctx, fsys, paths, opts.limit(), opts.Progress)
	if err != nil {
		return nil, nil, err
	}
	skipped = append(skipped, more...)
	slices.SortFunc(articles, func(a, b Article) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(skipped, func(a, b Skipped) int { return cmp.Compare(a.Path, b.Path) })
	return articles, skipped, nil
}

func (o Options) limit() int64 {
	if o.MaxFileSize <= 0 {
		return DefaultMaxFileSize
	}
	return o.MaxFileSize
}

// File is a file of the corpus that may hold an article, as [Scan] found
// it.
type File struct {
	Path    string
	Size    int64
	ModTime time.Time // zero when the file system has no times
}

// Scan lists the files of fsys that [Load] would read, sorted by path,
// without reading them; skipped are the entries it would skip without
// reading (unsupported types, unreadable directories). The error is
// non-nil only when the root cannot be read or ctx is cancelled.
//
// Directories are listed in parallel (one worker per CPU): listing a large
// corpus is mostly waiting on the file system, file by file.
func Scan(ctx context.Context, fsys fs.FS) (files []File, skipped []Skipped, err error) {
	if err := checkRoot(fsys); err != nil {
		return nil, nil, err
	}
	var (
		mu      sync.Mutex
		wg      sync.WaitGroup
		rootErr error
		sem     = make(chan struct{}, runtime.GOMAXPROCS(0))
	)
	var walk func(dir string)
	walk = func(dir string) {
		defer wg.Done()
		sem <- struct{}{}
		ents, err := fs.ReadDir(fsys, dir)
		var fs1 []File
		var sk []Skipped
		var dirs []string
		if err != nil {
			if dir == "." {
				mu.Lock()
				rootErr = err
				mu.Unlock()
			} else {
				sk = append(sk, Skipped{Path: dir, Reason: readReason(err)})
			}
		}
		for _, d := range ents {
			if ctx.Err() != nil {
				break
			}
			if strings.HasPrefix(d.Name(), ".") {
				continue
			}
			p := path.Join(dir, d.Name())
			if d.IsDir() {
				dirs = append(dirs, p)
				continue
			}
			if _, ok := formatOf(p); !ok {
				reason := unsupportedReason
				if d.Type()&fs.ModeSymlink != 0 {
					if info, err := fs.Stat(fsys, p); err == nil && info.IsDir() {
						reason = linkToDirReason
					}
				}
				sk = append(sk, Skipped{Path: p, Reason: reason})
				continue
			}
			f := File{Path: p, Size: -1} // a link: its target is checked when read
			if info, err := d.Info(); err == nil && d.Type()&fs.ModeSymlink == 0 {
				f.Size, f.ModTime = info.Size(), info.ModTime()
			}
			fs1 = append(fs1, f)
		}
		<-sem
		mu.Lock()
		files = append(files, fs1...)
		skipped = append(skipped, sk...)
		mu.Unlock()
		for _, sub := range dirs {
			wg.Add(1)
			go walk(sub)
		}
	}
	wg.Add(1)
	walk(".")
	wg.Wait()
	if ctxErr := ctx.Err(); ctxErr != nil {
		return nil, nil, fmt.Errorf("corpus: load: %w", ctxErr)
	}
	if rootErr != nil {
		return nil, nil, fmt.Errorf("corpus: load: %w", rootErr)
	}
	slices.SortFunc(files, func(a, b File) int { return cmp.Compare(a.Path, b.Path) })
	slices.SortFunc(skipped, func(a, b Skipped) int { return cmp.Compare(a.Path, b.Path) })
	return files, skipped, nil
}

// Read reads and parses one file that [Scan] listed, with the same checks
// as [Load]: it returns the article, or why the file is skipped. hash
// identifies the file's content ("" when it could not be read).
func Read(fsys fs.FS, p string, opts Options) (a Article, skip *Skipped, hash string) {
	r := loadFile(fsys, p, opts.limit())
	if r.skip != nil {
		return Article{}, r.skip, r.hash
	}
	return r.article, nil, r.hash
}

// checkRoot reports a missing or non-directory root clearly, naming the
// directory when fsys came from [DirFS].
func checkRoot(fsys fs.FS) error {
	name := "corpus root"
	var (
		info fs.FileInfo
		err  error
	)
	if d, ok := fsys.(dirFS); ok {
		name = "CORPUS_DIR " + strconv.Quote(d.dir)
		info, err = os.Stat(d.dir)
	} else {
		info, err = fs.Stat(fsys, ".")
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("corpus: %s: %w", name, ErrNoDir)
	case err != nil:
		return fmt.Errorf("corpus: %s: %s: %w", name, readReason(err), err)
	case !info.IsDir():
		return fmt.Errorf("corpus: %s: %w", name, ErrNotDir)
	}
	return nil
}

// result is the outcome for one file: an article, or the reason it was
// skipped.
type result struct {
	article Article
	skip    *Skipped
	hash    string // of the content, when it was read
}

// parseAll reads and parses paths with a pool of GOMAXPROCS workers. The
// results are returned in path order whatever order they finish in.
func parseAll(ctx context.Context, fsys fs.FS, paths []string, limit int64, progress func(done, total int)) ([]Article, []Skipped, error) {
	results := make([]result, len(paths))
	jobs := make(chan int)
	done := make(chan struct{}, len(paths))
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(len(paths), 1)) {
		wg.Go(func() {
			for i := range jobs {
				results[i] = loadFile(fsys, paths[i], limit)
				done <- struct{}{}
			}
		})
	}
	go func() {
		defer close(jobs)
		for i := range paths {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(done)
	}()

	finished := 0
	for range done {
		finished++
		if progress != nil {
			progress(finished, len(paths))
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, fmt.Errorf("corpus: load: %w", err)
	}
	var (
		articles []Article
		skipped  []Skipped
	)
	for _, r := range results {
		if r.skip != nil {
			skipped = append(skipped, *r.skip)
		} else {
			articles = append(articles, r.article)
		}
	}
	return articles, skipped, nil
}

// loadFile reads and parses one file. It checks the file's size before
// reading and reads at most limit+1 bytes, so a huge file never fills
// memory; symbolic links to directories, link loops, devices and pipes are
// skipped, never followed or read.
func loadFile(fsys fs.FS, p string, limit int64) result {
	skip := func(reason string) result { return result{skip: &Skipped{Path: p, Reason: reason}} }
	info, err := fs.Stat(fsys, p) // follows symbolic links
	if err != nil {
		if _, lerr := fs.Lstat(fsys, p); errors.Is(err, fs.ErrNotExist) && errors.Is(lerr, fs.ErrNotExist) {
			return skip(goneReason) // it was there when the directory was listed
		}
		return skip(readReason(err))
	}
	switch {
	case info.IsDir():
		return skip(linkToDirReason)
	case !info.Mode().IsRegular():
		return skip("not a regular file (" + specialKind(info.Mode()) + ")")
	case info.Size() > limit:
		return skip(tooLarge(info.Size(), limit))
	}
	f, err := fsys.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return skip(goneReason)
	}
	if err != nil {
		return skip(readReason(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return skip(readReason(err))
	}
	if int64(len(data)) > limit { // the file grew after Stat
		return skip(tooLarge(int64(len(data)), limit) + " or more")
	}
	a, err := parseSafely(Parse, p, data)
	if err != nil {
		var se *SkipError
		reason := err.Error()
		if errors.As(err, &se) {
			reason = se.Reason
		}
		r := skip(reason)
		sum := sha256.Sum256(data) // as Parse hashes an article it keeps
		r.hash = hex.EncodeToString(sum[:])
		return r
	}
	return result{article: a, hash: a.Hash}
}

// Skipped reasons for files that changed under the loader.
const (
	goneReason      = "cannot read: it was deleted or moved while the corpus was being read"
	linkToDirReason = "a link to a directory (not followed)"
)

// parseSafely runs parse, turning a panic on some odd file into a skip
// reason, so one file can never stop the others from loading.
func parseSafely(parse func(string, []byte) (Article, error), p string, data []byte) (a Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			a, err = Article{}, &SkipError{Path: p, Err: ErrUnreadable, Reason: fmt.Sprintf("could not be parsed (internal error: %v)", r)}
		}
	}()
	return parse(p, data)
}

// specialKind names a non-regular file type for a Skipped reason.
func specialKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// readReason words a file-system error for a Skipped reason, without the
// path (Skipped already has it): "cannot read: permission denied".
func readReason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return "cannot read: " + err.Error()
}

// tooLarge words a size-limit skip: "12.4 MB, over the 5 MB limit".
func tooLarge(size, limit int64) string {
	return formatSize(size) + ", over the " + formatSize(limit) + " limit"
}

// formatSize writes a byte count for people: "812 bytes", "3.5 KB",
// "12.4 MB" (binary multiples).
func formatSize(n int64) string {
	const kb, mb = 1 << 10, 1 << 20
	switch {
	case n < kb:
		return strconv.FormatInt(n, 10) + " bytes"
	case n < mb:
		return trimZero(float64(n)/kb) + " KB"
	default:
		return trimZero(float64(n)/mb) + " MB"
	}
}

func trimZero(f float64) string {
	return strings.TrimSuffix(strconv.FormatFloat(f, 'f', 1, 64), ".0")
}
