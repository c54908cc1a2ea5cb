package extract

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// TestEncrypted: files encrypted with an empty user password (only an owner password, as
// many government PDFs are, to prevent editing) open and extract like the plain file; a
// user password or an unsupported scheme is a clear error naming the file.
func TestEncrypted(t *testing.T) {
	src := corpusFile(t, "putuo-govoffice-2025-budget.pdf")
	plain, err := Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	want, err := plain.Page(8)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cases := []struct {
		name     string
		conf     *model.Configuration
		wantErr  string // "" = opens and matches the plain file
		sentinel error
	}{
		{"rc4-128 owner password only", model.NewRC4Configuration("", "owner", 128), "", nil},
		{"rc4-40 owner password only", model.NewRC4Configuration("", "owner", 40), "", nil},
		{"aes-128 owner password only", model.NewAESConfiguration("", "owner", 128), "", nil},
		{"rc4-128 user password", model.NewRC4Configuration("secret", "owner", 128), "encrypted with a user password", ErrEncrypted},
		{"aes-256 owner password only", model.NewAESConfiguration("", "owner", 256), "", nil},
		{"aes-256 user password", model.NewAESConfiguration("secret", "owner", 256), "encrypted with a user password", ErrEncrypted},
		{"public-key security handler", model.NewRC4Configuration("", "owner", 128), "cannot decrypt", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "_")+".pdf")
			if err := api.EncryptFile(src, out, c.conf); err != nil {
				t.Fatalf("encrypting the test file: %v", err)
			}
			if strings.HasPrefix(c.name, "public-key") {
				// Same length, so offsets stay valid: a handler nobody here implements.
				data, _ := os.ReadFile(out)
				data = bytes.Replace(data, []byte("/Filter /Standard"), []byte("/Filter /PubSecXY"), 1)
				data = bytes.Replace(data, []byte("/Filter/Standard"), []byte("/Filter/PubSecXY"), 1)
				os.WriteFile(out, data, 0o644)
			}
			f, err := Open(out)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) || !strings.Contains(err.Error(), out) {
					t.Fatalf("Open = %v, want an error naming the file and saying %q", err, c.wantErr)
				}
				if c.sentinel != nil && !errors.Is(err, c.sentinel) {
					t.Errorf("error %v is not %v", err, c.sentinel)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got, err := f.Page(8)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Words) != len(want.Words) || len(got.Rules) != len(want.Rules) {
				t.Fatalf("%d words / %d rules, the plain file has %d / %d", len(got.Words), len(got.Rules), len(want.Words), len(want.Rules))
			}
			for i := range got.Words {
				if !reflect.DeepEqual(got.Words[i], want.Words[i]) {
					t.Fatalf("word %d: %+v, plain file: %+v", i, got.Words[i], want.Words[i])
				}
			}
		})
	}
}
