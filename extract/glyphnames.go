package extract

import (
	"strconv"
	"strings"
)

// glyphNameRune maps a glyph name (from an /Encoding /Differences array or a CMap) to Unicode:
// the Adobe Glyph List forms uniXXXX and uXXXX[XX], single letters and digits, and the names
// of the characters in the standard Latin encodings. Fonts whose Differences use other names
// are decoded through ledongthuc/pdf's full glyph list as a fallback (see font.go).
func glyphNameRune(name string) (rune, bool) {
	if r, ok := glyphNames[name]; ok {
		return r, true
	}
	if i := strings.IndexByte(name, '.'); i > 0 { // "a.sc", "one.oldstyle"
		return glyphNameRune(name[:i])
	}
	if len(name) == 1 && name[0] < 0x80 && name[0] > ' ' {
		return rune(name[0]), true
	}
	if strings.HasPrefix(name, "uni") && len(name) >= 7 {
		if v, err := strconv.ParseUint(name[3:7], 16, 32); err == nil {
			return rune(v), true
		}
	}
	if strings.HasPrefix(name, "u") && len(name) >= 5 && len(name) <= 7 {
		if v, err := strconv.ParseUint(name[1:], 16, 32); err == nil && v <= 0x10FFFF {
			return rune(v), true
		}
	}
	return 0, false
}

var glyphNames = map[string]rune{
	"space": ' ', "exclam": '!', "quotedbl": '"', "numbersign": '#', "dollar": '$',
	"percent": '%', "ampersand": '&', "quotesingle": '\'', "parenleft": '(', "parenright": ')',
	"asterisk": '*', "plus": '+', "comma": ',', "hyphen": '-', "period": '.', "slash": '/',
	"zero": '0', "one": '1', "two": '2', "three": '3', "four": '4', "five": '5', "six": '6',
	"seven": '7', "eight": '8', "nine": '9', "colon": ':', "semicolon": ';', "less": '<',
	"equal": '=', "greater": '>', "question": '?', "at": '@', "bracketleft": '[',
	"backslash": '\\', "bracketright": ']', "asciicircum": '^', "underscore": '_', "grave": '`',
	"braceleft": '{', "bar": '|', "braceright": '}', "asciitilde": '~',
	"bullet": '•', "endash": '–', "emdash": '—', "quoteleft": '‘', "quoteright": '’',
	"quotedblleft": '“', "quotedblright": '”', "quotesinglbase": '‚', "quotedblbase": '„',
	"ellipsis": '…', "dagger": '†', "daggerdbl": '‡', "perthousand": '‰', "fi": 'ﬁ', "fl": 'ﬂ',
	"Euro": '€', "trademark": '™', "copyright": '©', "registered": '®', "degree": '°',
	"plusminus": '±', "multiply": '×', "divide": '÷', "periodcentered": '·', "middot": '·',
	"section": '§', "paragraph": '¶', "nbspace": '\u00a0', "nonbreakingspace": '\u00a0',
	"sfthyphen": '\u00ad', "softhyphen": '\u00ad', "minus": '−', "fraction": '⁄',
	"guillemotleft": '«', "guillemotright": '»', "guilsinglleft": '‹', "guilsinglright": '›',
	"exclamdown": '¡', "questiondown": '¿', "cent": '¢', "sterling": '£', "yen": '¥',
	"currency": '¤', "brokenbar": '¦', "dieresis": '¨', "ordfeminine": 'ª', "ordmasculine": 'º',
	"logicalnot": '¬', "macron": '¯', "acute": '´', "mu": 'µ', "cedilla": '¸',
	"onesuperior": '¹', "twosuperior": '²', "threesuperior": '³', "onequarter": '¼',
	"onehalf": '½', "threequarters": '¾', "florin": 'ƒ', "circumflex": 'ˆ', "tilde": '˜',
	"germandbls": 'ß', "Agrave": 'À', "Aacute": 'Á', "Eacute": 'É', "agrave": 'à',
	"aacute": 'á', "eacute": 'é', "egrave": 'è', "ccedilla": 'ç', "odieresis": 'ö',
	"udieresis": 'ü', "adieresis": 'ä', "Odieresis": 'Ö', "Udieresis": 'Ü', "Adieresis": 'Ä',
	"dotlessi": 'ı', "quotereversed": '‛', "ring": '˚', "caron": 'ˇ', "breve": '˘',
	"dotaccent": '˙', "hungarumlaut": '˝', "ogonek": '˛', "OE": 'Œ', "oe": 'œ', "Scaron": 'Š',
	"scaron": 'š', "Zcaron": 'Ž', "zcaron": 'ž', "Ydieresis": 'Ÿ', "ydieresis": 'ÿ',
}
