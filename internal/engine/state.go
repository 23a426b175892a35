package engine

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/dealbot/dealbot/internal/extract"
)

// The extraction state is what a reindex keeps beside the index so that
// the next one redoes only what changed: for every corpus file its size,
// time and content hash, the names it contributed to the tally and the
// deals it tells; the tally; and the deals indexed for every company pair.
// It lives in one bbolt database in the index directory and always
// describes the live index: it records the fingerprint of the index it
// was written with, and a state that does not match the live index is
// not used (the reindex is then a full one, which writes it anew).

const stateFile = "extract-state.db"

var (
	bMeta  = []byte("meta")
	bStat  = []byte("stat")  // path → fileStat (small: read whole on every reindex)
	bFiles = []byte("files") // path → fileRec (read for changed files only)
	bNames = []byte("names") // path → extract.Names, binary (read for changed files only)
	bTold  = []byte("told")  // pair \x00 path \x00 n → extract.Told
	bDeals = []byte("deals") // pair → pairDeals

	kVersion     = []byte("version")
	kFingerprint = []byte("fingerprint")
	kTally       = []byte("tally")
	kSentences   = []byte("sentences")
	kDigest      = []byte("digest")     // extract.Digest of the table, gob
	kDealCounts  = []byte("dealcounts") // company name → deals, JSON
	kNextNum     = []byte("nextnum")    // the number the next new file gets
)

// stateVersion identifies the code that wrote a state.
func stateVersion(corpusName string, maxFileSize int64) string {
	return fmt.Sprintf("state=6 extract=%d corpus=%q max=%d", extract.Version, corpusName, maxFileSize)
}

// fileStat is what a reindex checks of every file.
type fileStat struct {
	Size      int64
	ModTime   int64  // unix nanoseconds, 0 when unknown
	Hash      string // of the content; "" when it could not be read
	Skip      string // why the file is not indexed, "" when it is
	Sentences int
	Num       uint32 // the file's number in the tally (see extract.Tally.Add)
}

func (s fileStat) encode() []byte {
	return []byte(strconv.FormatInt(s.Size, 10) + " " + strconv.FormatInt(s.ModTime, 10) + " " + s.Hash + " " +
		strconv.Itoa(s.Sentences) + " " + strconv.FormatUint(uint64(s.Num), 10) + "\n" + s.Skip)
}

// statPrefix appends the start of an encoded fileStat with this size and
// time: a record starting so is of an unchanged file.
func statPrefix(b []byte, size, modTime int64) []byte {
	b = strconv.AppendInt(b, size, 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, modTime, 10)
	return append(b, ' ')
}

// statSkip returns the skip reason of an encoded fileStat.
func statSkip(b []byte) string {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return string(b[i+1:])
	}
	return ""
}

func decodeFileStat(b []byte) (fileStat, error) {
	var s fileStat
	line, skip, ok := strings.Cut(string(b), "\n")
	f := strings.Split(line, " ")
	if !ok || len(f) != 5 {
		return s, errors.New("corrupt file record")
	}
	var err1, err2, err3, err4 error
	var num uint64
	s.Size, err1 = strconv.ParseInt(f[0], 10, 64)
	s.ModTime, err2 = strconv.ParseInt(f[1], 10, 64)
	s.Sentences, err3 = strconv.Atoi(f[3])
	num, err4 = strconv.ParseUint(f[4], 10, 32)
	s.Num = uint32(num)
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		return s, fmt.Errorf("corrupt file record: %w", err)
	}
	s.Hash, s.Skip = f[2], skip
	return s, nil
}

// fileRec is what one file contributed.
type fileRec struct {
	Names    *extract.Names `json:"-"`               // in bNames; nil when the file could not be read
	Pairs    []string       `json:"pairs,omitempty"` // pairs of the deals it tells
	Warnings []string       `json:"warnings,omitempty"`
}

// pairDeals are the deals indexed for one company pair.
type pairDeals struct {
	IDs     []string   `json:"ids"`
	Parties [][]string `json:"parties"` // party names of each deal
}

func pairOf(t *extract.Told) string {
	a, b := t.Parties[0], t.Parties[1]
	if a > b {
		a, b = b, a
	}
	return a + "\x00" + b
}

func toldKey(pair, path string, n int) []byte {
	return []byte(pair + "\x00\x00" + path + "\x00" + fmt.Sprintf("%05d", n))
}

func toldPrefix(pair string) []byte { return []byte(pair + "\x00\x00") }

// openState opens the state database in dir for reading and writing.
func openState(path string) (*bolt.DB, error) {
	// The free list is kept on disk: without it, opening would read the
	// whole file to find the free pages.
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: 5 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("open extraction state: %w", err)
	}
	return db, nil
}

// stateHeader is the state's identity.
type stateHeader struct {
	version, fingerprint string
	sentences            int
	nextNum              uint32
}

func readHeader(tx *bolt.Tx) (stateHeader, bool) {
	m := tx.Bucket(bMeta)
	if m == nil {
		return stateHeader{}, false
	}
	h := stateHeader{version: string(m.Get(kVersion)), fingerprint: string(m.Get(kFingerprint))}
	h.sentences, _ = strconv.Atoi(string(m.Get(kSentences)))
	next, _ := strconv.ParseUint(string(m.Get(kNextNum)), 10, 32)
	h.nextNum = uint32(next)
	return h, h.version != "" && h.fingerprint != ""
}

func writeHeader(tx *bolt.Tx, h stateHeader) error {
	m, err := tx.CreateBucketIfNotExists(bMeta)
	if err != nil {
		return err
	}
	return errors.Join(
		m.Put(kVersion, []byte(h.version)),
		m.Put(kFingerprint, []byte(h.fingerprint)),
		m.Put(kSentences, []byte(strconv.Itoa(h.sentences))),
		m.Put(kNextNum, []byte(strconv.FormatUint(uint64(h.nextNum), 10))),
	)
}

func putJSON(b *bolt.Bucket, key []byte, v any) error {
	j, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, j)
}

func getJSON(b *bolt.Bucket, key []byte, v any) (bool, error) {
	j := b.Get(key)
	if j == nil {
		return false, nil
	}
	if err := json.Unmarshal(j, v); err != nil {
		return true, fmt.Errorf("decode %q: %w", key, err)
	}
	return true, nil
}

// stateWriter writes a new state, file by file as a full reindex reads
// them, into a temporary database that [stateWriter.commit] puts in place.
type stateWriter struct {
	dir, tmp string
	db       *bolt.DB
	recs     chan stateRecord
	done     chan error
}

// stateRecord is what one file contributes to the state, encoded: its
// names (from the first pass), or the rest (from the second).
type stateRecord struct {
	path  string
	names []byte
	stat  []byte
	rec   []byte
	told  [][2][]byte // key, value
}

const recordsPerTx = 1000

// reopenEvery is how many transactions a stateWriter writes before it
// reopens its database (see stateWriter.loop).
const reopenEvery = 10

func newStateWriter(dir string) (*stateWriter, error) {
	tmp := filepath.Join(dir, stateFile+".tmp")
	os.Remove(tmp)
	db, err := openState(tmp)
	if err != nil {
		return nil, err
	}
	w := &stateWriter{dir: dir, tmp: tmp, db: db, recs: make(chan stateRecord, 256), done: make(chan error, 1)}
	go w.loop()
	return w, nil
}

func (w *stateWriter) loop() {
	var err error
	batch := make([]stateRecord, 0, recordsPerTx)
	flushes := 0
	flush := func() {
		if err == nil && len(batch) > 0 {
			err = w.db.Update(func(tx *bolt.Tx) error {
				st, fr, tb, err := createBuckets(tx)
				if err != nil {
					return err
				}
				nb := tx.Bucket(bNames)
				for _, r := range batch {
					if r.names != nil {
						if err := nb.Put([]byte(r.path), r.names); err != nil {
							return err
						}
						continue
					}
					if err := st.Put([]byte(r.path), r.stat); err != nil {
						return err
					}
					if err := fr.Put([]byte(r.path), r.rec); err != nil {
						return err
					}
					for _, kv := range r.told {
						if err := tb.Put(kv[0], kv[1]); err != nil {
							return err
						}
					}
				}
				return nil
			})
		}
		batch = batch[:0]
		// bbolt maps the whole file and every page it touches stays in
		// the process's memory: reopening now and then lets go of the
		// pages written so far, so a large corpus's state does not add
		// its size to a full reindex's memory.
		if flushes++; err == nil && flushes%reopenEvery == 0 {
			if err = w.db.Close(); err == nil {
				w.db, err = openState(w.tmp)
			}
		}
	}
	for r := range w.recs {
		batch = append(batch, r)
		if len(batch) == recordsPerTx {
			flush()
		}
	}
	flush()
	w.done <- err
}

func createBuckets(tx *bolt.Tx) (stat, files, told *bolt.Bucket, err error) {
	if stat, err = tx.CreateBucketIfNotExists(bStat); err != nil {
		return
	}
	if files, err = tx.CreateBucketIfNotExists(bFiles); err != nil {
		return
	}
	if told, err = tx.CreateBucketIfNotExists(bTold); err != nil {
		return
	}
	_, err = tx.CreateBucketIfNotExists(bNames)
	return
}

// putNames queues one file's names; it is safe for concurrent use.
func (w *stateWriter) putNames(path string, n *extract.Names) error {
	b, err := n.MarshalBinary()
	if err != nil {
		return err
	}
	w.recs <- stateRecord{path: path, names: b}
	return nil
}

// put queues the rest of one file's record; it is safe for concurrent
// use. It encodes in the caller's goroutine.
func (w *stateWriter) put(path string, stat fileStat, rec *fileRec, told []extract.Told) error {
	r := stateRecord{path: path, stat: stat.encode()}
	var err error
	if r.rec, err = json.Marshal(rec); err != nil {
		return err
	}
	for i := range told {
		v, err := json.Marshal(&told[i])
		if err != nil {
			return err
		}
		r.told = append(r.told, [2][]byte{toldKey(pairOf(&told[i]), path, i), v})
	}
	w.recs <- r
	return nil
}

// fullState is what a full reindex learned about the whole corpus.
type fullState struct {
	header stateHeader
	tally  *extract.Tally
	digest extract.Digest
	counts map[string]int // deals by company name
	deals  map[string]pairDeals
}

// commit writes the corpus-wide part of the state and puts the new state
// in place of the old one.
func (w *stateWriter) commit(s *fullState) error {
	close(w.recs)
	err := <-w.done
	if err == nil {
		err = w.db.Update(func(tx *bolt.Tx) error {
			if _, _, _, err := createBuckets(tx); err != nil {
				return err
			}
			db, err := tx.CreateBucketIfNotExists(bDeals)
			if err != nil {
				return err
			}
			for _, p := range sortedKeys(s.deals) {
				if err := putJSON(db, []byte(p), s.deals[p]); err != nil {
					return err
				}
			}
			m, err := tx.CreateBucketIfNotExists(bMeta)
			if err != nil {
				return err
			}
			return errors.Join(writeCorpusWide(m, s.tally, s.digest, s.counts), writeHeader(tx, s.header))
		})
	}
	if cerr := w.db.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(w.tmp, filepath.Join(w.dir, stateFile))
	}
	if err != nil {
		os.Remove(w.tmp)
		return fmt.Errorf("write extraction state: %w", err)
	}
	return nil
}

// abort drops the new state.
func (w *stateWriter) abort() {
	close(w.recs)
	<-w.done
	w.db.Close()
	os.Remove(w.tmp)
}

// writeCorpusWide stores the state's corpus-wide part: the tally, the
// company table's digest and the deal counts.
func writeCorpusWide(m *bolt.Bucket, tally *extract.Tally, digest extract.Digest, counts map[string]int) error {
	tb, err := tally.MarshalBinary()
	if err != nil {
		return err
	}
	return errors.Join(m.Put(kTally, tb), putGob(m, kDigest, digest), putJSON(m, kDealCounts, counts))
}

// countParties adds sign to the deal count of every party of the pair's
// deals, dropping names that reach zero.
func countParties(counts map[string]int, pd pairDeals, sign int) {
	for _, names := range pd.Parties {
		for _, n := range names {
			if counts[n] += sign; counts[n] <= 0 {
				delete(counts, n)
			}
		}
	}
}

func putGob(b *bolt.Bucket, key []byte, v any) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		return err
	}
	return b.Put(key, buf.Bytes())
}

func getGob(b *bolt.Bucket, key []byte, v any) error {
	data := b.Get(key)
	if data == nil {
		return fmt.Errorf("no %q", key)
	}
	return gob.NewDecoder(bytes.NewReader(data)).Decode(v)
}
