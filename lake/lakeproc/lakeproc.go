// Package lakeproc runs the data lake (package lake) in its own program, budgetpdf-lake,
// and talks to it over a pipe: one JSON line per document folder, one JSON line back.
//
// Why a second program: Apache Iceberg (iceberg-go with Arrow, the AWS SDK, the SQL
// drivers) makes a binary 84 MB larger (35.5 → 119.5 MB, docs/lake.md); budgetpdf itself
// stays as lean as before, and only users of --lake need budgetpdf-lake (make build
// builds both). This package imports neither, so convert and the batch workers use the
// lake through it without linking it.
package lakeproc

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
)

// Program is the lake program's name, looked for beside the running executable, then on
// PATH; the environment variable BUDGETPDF_LAKE names it explicitly.
const Program = "budgetpdf-lake"

// Options say where the lake is (see lake.Options).
type Options struct {
	Location   string
	Catalog    string
	S3Endpoint string
	S3Region   string
	Resume     bool
}

// Register adds the lake's flags to fs (not Resume: each command has its own --resume).
func (o *Options) Register(fs *flag.FlagSet) {
	fs.StringVar(&o.Location, "lake", o.Location, "also add each document to the Iceberg lake at this folder or s3://bucket/prefix (docs/lake.md)")
	fs.StringVar(&o.Catalog, "lake-catalog", o.Catalog, "the lake's SQL catalog: postgres://… or sqlite:PATH (default: LAKE/catalog.db)")
	fs.StringVar(&o.S3Endpoint, "lake-s3-endpoint", o.S3Endpoint, "S3-compatible endpoint URL for an s3:// lake (credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)")
	fs.StringVar(&o.S3Region, "lake-s3-region", o.S3Region, "S3 region (default: AWS_REGION, or us-east-1 with an endpoint)")
}

// Args are o as flags of budgetpdf-lake.
func (o Options) Args() []string {
	args := []string{"--lake", o.Location}
	for _, f := range []struct{ name, v string }{
		{"--lake-catalog", o.Catalog}, {"--lake-s3-endpoint", o.S3Endpoint}, {"--lake-s3-region", o.S3Region},
	} {
		if f.v != "" {
			args = append(args, f.name, f.v)
		}
	}
	if o.Resume {
		args = append(args, "--resume")
	}
	return args
}

// Find locates budgetpdf-lake.
func Find() (string, error) {
	if p := os.Getenv("BUDGETPDF_LAKE"); p != "" {
		return p, nil
	}
	if exe, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(exe), Program)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	if p, err := exec.LookPath(Program); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("the lake needs the %s program beside budgetpdf or on PATH (make build builds both; or set BUDGETPDF_LAKE)", Program)
}

// Request asks the lake to add one converted document folder (OUT/<doc-id>).
type Request struct {
	Dir string `json:"dir"`
}

// Reply is what the lake did with a Request (lake.Added, or the error). The first line the
// server writes is a Reply with Ready set, or with Error when the lake cannot be opened.
type Reply struct {
	Ready    bool    `json:"ready,omitempty"`
	DocID    string  `json:"doc_id,omitempty"`
	Skipped  bool    `json:"skipped,omitempty"` // Resume: already in the lake
	Cells    int64   `json:"cells"`
	Findings int64   `json:"findings"`
	Snapshot int64   `json:"snapshot,omitempty"`
	Seconds  float64 `json:"seconds"`
	Error    string  `json:"error,omitempty"`
}

// Client is a running budgetpdf-lake serve. Add may be called from several goroutines;
// requests are answered one at a time.
type Client struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Scanner
	mu  sync.Mutex
}

// Start runs budgetpdf-lake serve for the lake in opts and waits until the lake is open:
// an unreachable catalog or a bad location is an error here, before any document. The
// server ignores interrupts (a Ctrl-C reaches the whole process group): it ends when
// Close closes its input, after the document in progress, so a stopped convert never
// leaves a commit half done.
func Start(opts Options) (*Client, error) {
	prog, err := Find()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(prog, append([]string{"serve"}, opts.Args()...)...)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("lake: %w", err)
	}
	c := &Client{cmd: cmd, in: in, out: bufio.NewScanner(out)}
	c.out.Buffer(make([]byte, 64<<10), 16<<20)
	r, err := c.read()
	if err == nil && !r.Ready {
		err = errors.New(r.Error)
	}
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("lake %s: %w", opts.Location, err)
	}
	return c, nil
}

func (c *Client) read() (Reply, error) {
	var r Reply
	if !c.out.Scan() {
		if err := c.out.Err(); err != nil {
			return r, err
		}
		return r, fmt.Errorf("%s stopped", Program)
	}
	if err := json.Unmarshal(c.out.Bytes(), &r); err != nil {
		return r, fmt.Errorf("%s answered %q: %w", Program, c.out.Text(), err)
	}
	return r, nil
}

// Add adds the document in dir; a lake error is returned as an error (and in Reply.Error).
func (c *Client) Add(dir string) (Reply, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, err := json.Marshal(Request{Dir: dir})
	if err != nil {
		return Reply{}, err
	}
	if _, err := c.in.Write(append(b, '\n')); err != nil {
		return Reply{}, fmt.Errorf("lake: %s: %w", Program, err)
	}
	r, err := c.read()
	if err != nil {
		return r, fmt.Errorf("lake: %w", err)
	}
	if r.Error != "" {
		return r, errors.New(r.Error)
	}
	return r, nil
}

// Close ends the server (it finishes the request in progress first).
func (c *Client) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.in.Close()
	return c.cmd.Wait()
}

// Serve is budgetpdf-lake serve's loop: it writes the ready line (or openErr and returns
// it), then answers each Request line of in with add's Reply, until in ends.
func Serve(in io.Reader, out io.Writer, openErr error, add func(dir string) Reply) error {
	enc := json.NewEncoder(out)
	if openErr != nil {
		enc.Encode(Reply{Error: openErr.Error()})
		return openErr
	}
	if err := enc.Encode(Reply{Ready: true}); err != nil {
		return err
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		var req Request
		r := Reply{}
		if err := json.Unmarshal(sc.Bytes(), &req); err != nil {
			r.Error = fmt.Sprintf("bad request %q: %v", sc.Text(), err)
		} else {
			r = add(req.Dir)
		}
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return sc.Err()
}
