package extract

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// Encrypted files are decrypted in memory by pdfcpu before ledongthuc/pdf reads them.
// ledongthuc/pdf's own support is too weak for what government PDFs use (measured with
// pdfcpu-encrypted copies of the corpus): it rejects V4 crypt filters with RC4 (/V2) and
// AES-128 crypt filters whose /Length is given in bits, and its 40-bit RC4 path decrypts
// streams wrongly. Disclosures are usually encrypted with an owner password only (to stop
// editing), so the empty user password opens them.

// isEncrypted reports whether a file ledongthuc/pdf refused names an /Encrypt dictionary
// in a trailer: the raw bytes near the end, or near the start (linearized files).
func isEncrypted(ra io.ReaderAt, size int64) bool {
	n := min(size, 64<<10)
	for _, off := range []int64{size - n, 0} {
		buf := make([]byte, n)
		if _, err := ra.ReadAt(buf, off); err != nil && err != io.EOF {
			return false
		}
		if bytes.Contains(buf, []byte("/Encrypt")) {
			return true
		}
	}
	return false
}

// decrypt returns the decrypted file, opened with the empty user password.
func decrypt(f *os.File) ([]byte, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	conf := model.NewDefaultConfiguration()
	conf.UserPW, conf.OwnerPW = "", ""
	conf.ValidationMode = model.ValidationRelaxed
	var buf bytes.Buffer
	if err := api.Decrypt(f, &buf, conf); err != nil {
		if errors.Is(err, pdfcpu.ErrWrongPassword) {
			return nil, fmt.Errorf("%w (only files that open with an empty password are supported)", ErrEncrypted)
		}
		return nil, fmt.Errorf("encrypted PDF: cannot decrypt: %w", err)
	}
	return buf.Bytes(), nil
}
