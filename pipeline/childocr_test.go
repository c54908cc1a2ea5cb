package pipeline

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestChildOCRTextModel: a child's OCR settings carry --text-model only when it is set,
// and a child whose text model cannot be opened fails to start its engine (the batch then
// reports OCR unavailable) instead of reading without it.
func TestChildOCRTextModel(t *testing.T) {
	for _, tc := range []struct {
		name     string
		o        ChildOCR
		json     string
		errorHas string
	}{
		{"bad spec", ChildOCR{TextModel: "trocr:/x"}, `{"text_model":"trocr:/x"}`, "want paddle:DIR"},
		{"no files", ChildOCR{TextModel: "paddle:" + t.TempDir()}, "", "not found under"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.json != "" {
				b, err := json.Marshal(tc.o)
				if err != nil || string(b) != tc.json {
					t.Errorf("JSON %s (%v), want %s", b, err, tc.json)
				}
			}
			e, err := tc.o.NewEngine()
			if err == nil {
				e.Close()
				t.Fatal("engine started")
			}
			if !strings.Contains(err.Error(), tc.errorHas) {
				t.Errorf("error %q, want it to say %q", err, tc.errorHas)
			}
		})
	}
	if b, _ := json.Marshal(ChildOCR{Lang: "eng"}); string(b) != `{"lang":"eng"}` {
		t.Errorf("without a text model the child's JSON is %s, want {\"lang\":\"eng\"}", b)
	}
}
