package extract

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
)

// namesMagic starts encoded Names.
const namesMagic = "dealbot-names-1"

// MarshalBinary encodes n compactly.
func (n *Names) MarshalBinary() ([]byte, error) {
	e := encoder{b: make([]byte, 0, 64*len(n.Names)+64)}
	e.b = append(e.b, namesMagic...)
	e.str(n.Article)
	keys := slices.Sorted(maps.Keys(n.Names))
	e.uvarint(uint64(len(keys)))
	for _, k := range keys {
		ev := n.Names[k]
		e.str(k)
		e.counts(ev.Surfaces)
		e.varint(int64(ev.Count))
		e.varint(int64(ev.FirstPos))
		if ev.NonInitial {
			e.b = append(e.b, 1)
		} else {
			e.b = append(e.b, 0)
		}
		e.num(ev.Org)
		e.num(ev.Person)
		e.num(ev.Place)
		e.num(ev.FrameOrg)
	}
	e.uvarint(uint64(len(n.Parens)))
	for _, p := range n.Parens {
		e.str(p[0])
		e.str(p[1])
	}
	return e.b, nil
}

// UnmarshalBinary decodes Names encoded by [Names.MarshalBinary].
func (n *Names) UnmarshalBinary(data []byte) error {
	if !bytes.HasPrefix(data, []byte(namesMagic)) {
		return errors.New("extract: decode names: not encoded names")
	}
	d := decoder{b: data[len(namesMagic):]}
	out := Names{Article: d.str(), Names: map[string]*NameEvidence{}}
	count := d.uvarint()
	for i := uint64(0); i < count && d.err == nil; i++ {
		k := d.str()
		ev := &NameEvidence{Surfaces: d.counts(), Count: int(d.varint()), FirstPos: int(d.varint())}
		if len(d.b) == 0 {
			d.fail()
			break
		}
		ev.NonInitial = d.b[0] == 1
		d.b = d.b[1:]
		ev.Org, ev.Person, ev.Place, ev.FrameOrg = d.num(), d.num(), d.num(), d.num()
		out.Names[k] = ev
	}
	np := d.uvarint()
	for i := uint64(0); i < np && d.err == nil; i++ {
		out.Parens = append(out.Parens, [2]string{d.str(), d.str()})
	}
	if d.err != nil {
		return fmt.Errorf("extract: decode names: %w", d.err)
	}
	*n = out
	return nil
}

// encoder writes the compact binary form of tallies and names.
type encoder struct{ b []byte }

func (e *encoder) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) varint(v int64)   { e.b = binary.AppendVarint(e.b, v) }

func (e *encoder) str(s string) {
	e.uvarint(uint64(len(s)))
	e.b = append(e.b, s...)
}

// num writes a float: evidence weights are whole numbers, written as
// varints; anything else is written whole.
func (e *encoder) num(x float64) {
	if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
		e.b = append(e.b, 0)
		e.varint(int64(x))
		return
	}
	e.b = append(e.b, 1)
	e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(x))
}

// counts writes a map of counts in key order.
func (e *encoder) counts(m map[string]int) {
	e.uvarint(uint64(len(m)))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		e.str(k)
		e.varint(int64(m[k]))
	}
}

// decoder reads what an encoder wrote; after the first error every read
// returns zero and err says what went wrong.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = errors.New("truncated or corrupt")
	}
	d.b = nil
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) str() string {
	l := d.uvarint()
	if l > uint64(len(d.b)) {
		d.fail()
		return ""
	}
	s := string(d.b[:l])
	d.b = d.b[l:]
	return s
}

func (d *decoder) num() float64 {
	if len(d.b) == 0 {
		d.fail()
		return 0
	}
	tag := d.b[0]
	d.b = d.b[1:]
	if tag == 0 {
		return float64(d.varint())
	}
	if len(d.b) < 8 {
		d.fail()
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
	d.b = d.b[8:]
	return v
}

func (d *decoder) counts() map[string]int {
	n := d.uvarint()
	m := make(map[string]int, min(n, 64))
	for i := uint64(0); i < n && d.err == nil; i++ {
		k := d.str()
		m[k] = int(d.varint())
	}
	return m
}
