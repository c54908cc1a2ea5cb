package extract

import (
	"github.com/ledongthuc/pdf"
	"golang.org/x/image/font/sfnt"
)

// loadTrueTypeCmap recovers Unicode for an Identity-H CID TrueType font without ToUnicode
// from the embedded font's own cmap table (inverted: glyph → Unicode), through CIDToGIDMap.
func (f *font) loadTrueTypeCmap(df pdf.Value) {
	ff := df.Key("FontDescriptor").Key("FontFile2")
	if ff.Kind() != pdf.Stream {
		return
	}
	data, err := readStream(ff)
	if err != nil || len(data) == 0 {
		return
	}
	gidUni := trueTypeGlyphUnicode(data)
	if len(gidUni) == 0 {
		return
	}
	// CIDToGIDMap: Identity (default) or a stream of big-endian 2-byte GIDs indexed by CID.
	var cidToGID []byte
	if m := df.Key("CIDToGIDMap"); m.Kind() == pdf.Stream {
		cidToGID, _ = readStream(m)
	}
	f.gidUni = map[uint32]rune{}
	if cidToGID == nil {
		for gid, r := range gidUni {
			f.gidUni[uint32(gid)] = r
		}
		return
	}
	for cid := 0; 2*cid+1 < len(cidToGID); cid++ {
		gid := uint16(cidToGID[2*cid])<<8 | uint16(cidToGID[2*cid+1])
		if r, ok := gidUni[gid]; ok && gid != 0 {
			f.gidUni[uint32(cid)] = r
		}
	}
}

// trueTypeGlyphUnicode inverts a TrueType font's Unicode cmap. When several characters share
// a glyph, the smallest code point wins (deterministic).
func trueTypeGlyphUnicode(data []byte) (out map[uint16]rune) {
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	fnt, err := sfnt.Parse(data)
	if err != nil {
		return nil
	}
	var buf sfnt.Buffer
	out = map[uint16]rune{}
	n := fnt.NumGlyphs()
	for r := rune(0x20); r < 0x10000 && len(out) < n; r++ {
		if r >= 0xD800 && r < 0xE000 {
			continue
		}
		gi, err := fnt.GlyphIndex(&buf, r)
		if err != nil || gi == 0 {
			continue
		}
		if _, ok := out[uint16(gi)]; !ok {
			out[uint16(gi)] = r
		}
	}
	return out
}
