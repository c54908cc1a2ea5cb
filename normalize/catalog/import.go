package catalog

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ParseOfficial reads an official catalog file (财政部《政府收支分类科目》 exported as CSV or
// XLSX): a header row naming a code column (科目编码/编码/代码) and a name column (科目名称/
// 名称), or 类/款/项 columns and a name column; codes of the wrong shape are skipped. The
// rows carry the file name and a hash prefix as their source.
func ParseOfficial(path string) ([]Row, string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(b)
	source := fmt.Sprintf("import:%s@%s", filepath.Base(path), hex.EncodeToString(sum[:6]))
	var recs [][]string
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
		r.FieldsPerRecord = -1
		if recs, err = r.ReadAll(); err != nil {
			return nil, "", fmt.Errorf("%s: %w", path, err)
		}
	case ".xlsx", ".xlsm":
		f, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", path, err)
		}
		defer f.Close()
		for _, sh := range f.GetSheetList() {
			rows, err := f.GetRows(sh)
			if err != nil {
				return nil, "", fmt.Errorf("%s: sheet %s: %w", path, sh, err)
			}
			recs = append(recs, rows...)
		}
	default:
		return nil, "", fmt.Errorf("%s: unsupported file type (save it as .csv or .xlsx)", path)
	}
	rows := parseRecords(recs, source)
	if len(rows) == 0 {
		return nil, "", fmt.Errorf("%s: no code/name rows found (need a header with 科目编码 and 科目名称, or 类/款/项 and 科目名称)", path)
	}
	return rows, source, nil
}

func parseRecords(recs [][]string, source string) []Row {
	code, name, lei, kuan, xiang := -1, -1, -1, -1, -1
	var out []Row
	ctxLei, ctxKuan := "", ""
	for _, rec := range recs {
		if code < 0 && lei < 0 {
			for i, c := range rec {
				k := PrintedName(c)
				switch {
				case strings.Contains(k, "编码") || strings.Contains(k, "代码"):
					code = i
				case strings.Contains(k, "名称") && name < 0:
					name = i
				case k == "类":
					lei = i
				case k == "款":
					kuan = i
				case k == "项":
					xiang = i
				}
			}
			if name < 0 {
				code, lei = -1, -1
			}
			continue
		}
		get := func(i int) string {
			if i < 0 || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		var c string
		if code >= 0 && get(code) != "" {
			c = digits(get(code))
		} else if lei >= 0 {
			l, k, x := digits(get(lei)), digits(get(kuan)), digits(get(xiang))
			if l != "" {
				ctxLei, ctxKuan = l, ""
			}
			if k != "" {
				ctxKuan = k
			}
			switch {
			case l != "" && k == "" && x == "":
				c = l
			case k != "" && x == "":
				c = ctxLei + k
			case x != "":
				c = ctxLei + ctxKuan + x
			}
		}
		nm := PrintedName(get(name))
		scheme := SchemeOf(c)
		if lvl, _ := LevelOf(c, scheme); lvl == 0 || nm == "" {
			continue
		}
		out = append(out, Row{Scheme: scheme, Code: c, Name: nm, Kind: KindImported, Sources: []string{source}})
	}
	return out
}

func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
