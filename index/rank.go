package index

import (
	"encoding/binary"
	"errors"

	"github.com/dealbot/dealbot/internal/deal"
)

// keyRank is the internal key of the rank table.
var keyRank = []byte("dealbot.rank")

// rankInfo is what ranking needs to know about a deal, kept in memory per
// generation (a few dozen bytes per deal) so ranking reads no stored
// fields or doc values.
type rankInfo struct {
	historic bool
	date     int32 // yyyymmdd, month and day 0 when unknown; 0 = undated
	sources  int32
	kinds    uint8 // bit i = deal.Kinds[i]
}

// kindBit returns the bit of kind k in rankInfo.kinds, or 0.
func kindBit(k deal.Kind) uint8 {
	for i, x := range deal.Kinds {
		if x == k {
			return 1 << i
		}
	}
	return 0
}

func newRankInfo(d *deal.Deal) rankInfo {
	r := rankInfo{historic: d.Historic, sources: int32(min(len(d.Sources), 1<<30))}
	if !d.Date.IsZero() && d.Date.Year > 0 && d.Date.Year < 100000 {
		r.date = int32(d.Date.Year*10000 + d.Date.Month*100 + d.Date.Day)
	}
	r.kinds = kindBit(d.Kind)
	for _, k := range d.Kinds {
		r.kinds |= kindBit(k)
	}
	return r
}

// appendRank encodes one entry of the rank table.
func appendRank(b []byte, id string, r rankInfo) []byte {
	b = binary.AppendUvarint(b, uint64(len(id)))
	b = append(b, id...)
	flags := byte(0)
	if r.historic {
		flags = 1
	}
	b = append(b, flags, r.kinds)
	b = binary.AppendUvarint(b, uint64(r.date))
	return binary.AppendUvarint(b, uint64(r.sources))
}

// decodeRank decodes a rank table.
func decodeRank(b []byte) (map[string]rankInfo, error) {
	out := make(map[string]rankInfo)
	bad := errors.New("corrupt rank table")
	for len(b) > 0 {
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n+2 {
			return nil, bad
		}
		b = b[k:]
		id := string(b[:n])
		b = b[n:]
		r := rankInfo{historic: b[0]&1 != 0, kinds: b[1]}
		b = b[2:]
		date, k := binary.Uvarint(b)
		if k <= 0 {
			return nil, bad
		}
		b = b[k:]
		src, k := binary.Uvarint(b)
		if k <= 0 {
			return nil, bad
		}
		b = b[k:]
		r.date, r.sources = int32(date), int32(src)
		out[id] = r
	}
	return out, nil
}
