package pipeline

// Document isolation: each document of a batch is converted by a child process (the same
// executable, started with childEnv set) under a deadline and a memory budget, so that one
// hostile PDF — an endless loop, a runaway allocation, a fatal runtime error recover() cannot
// catch — fails alone instead of taking the batch down.
//
// Protocol: the parent writes one childJob a line as JSON on the child's stdin; the child
// converts them one at a time and writes JSON lines (childMsg) on file descriptor 3:
// progress, warnings, then the document's result. A child that returned a result waits for
// the next document (starting a process costs ≈ 0.1 s, more than a born-digital document);
// one stopped by a limit or dead is replaced. The child's stdout is discarded and the head
// of its stderr since the current document started kept, to name a crash (`fatal error: …`). The child
// converts and writes the document's outputs itself (export writes every file under a temp
// name and renames it), so nothing large crosses the pipe; the parent keeps the lock on the
// output folder, the resume decision and the Archive hook.
//
// Limits: a watchdog reads the child's VmRSS from /proc every 50 ms and kills its process
// group above Memory; inside, the child sets debug.SetMemoryLimit to 3/4 of it so the
// collector works harder before the watchdog has to act. RLIMIT_AS is not used: Go and
// glibc reserve far more address space than they touch (a born-digital child reserves
// ≈1.3 GiB of virtual memory for 40 MiB resident; an OCR child with Tesseract's threads
// several GiB), so an address-space cap low enough to matter kills healthy documents.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/budgetpdf/budgetpdf/export"
	"github.com/budgetpdf/budgetpdf/export/findtext"
	"github.com/budgetpdf/budgetpdf/internal/atomicfile"
	"github.com/budgetpdf/budgetpdf/ocr"
	"github.com/budgetpdf/budgetpdf/ocr/paddle"
)

// childEnv marks a process started to convert one document (its value is the protocol
// version); IsChild reports it.
const childEnv = "BUDGETPDF_CONVERT_CHILD"

// Defaults of the per-document limits (convert --doc-timeout, --doc-memory).
const (
	DefaultDocTimeout = 10 * time.Minute
	DefaultDocMemory  = 2 << 30
)

// Limit kinds recorded in DocResult.Limit for a document stopped by isolation.
const (
	LimitMemory  = "memory"
	LimitTimeout = "timeout"
	LimitCrash   = "crash"
)

// ChildOCR says how a child creates its OCR engine (the parent's engine cannot be shared).
type ChildOCR struct {
	Off      bool   `json:"off,omitempty"`
	Lang     string `json:"lang,omitempty"`
	Tessdata string `json:"tessdata,omitempty"`
	Workers  int    `json:"workers,omitempty"`
	// TextModel is the optional second recogniser of text lines ("paddle:DIR", the
	// CLI's --text-model; "": Tesseract alone).
	TextModel string `json:"text_model,omitempty"`
}

// NewEngine starts the OCR engine o names.
func (o ChildOCR) NewEngine() (*ocr.Engine, error) {
	opts := ocr.Options{Lang: o.Lang, Tessdata: o.Tessdata, Workers: max(o.Workers, 1)}
	if o.TextModel != "" {
		// The recogniser lives as long as the process (engines are made once per batch).
		rec, err := paddle.OpenSpec(o.TextModel)
		if err != nil {
			return nil, err
		}
		opts.TextRecognizer = rec
	}
	return ocr.New(opts)
}

// Isolation runs each document in a child process. Set BatchOptions.Isolation to use it;
// the executable must call ChildMain when IsChild is true (budgetpdf's main and the test
// binaries' TestMain do). BatchOptions.Convert and Stages are not used by the child: it
// runs the real pipeline with OCR built from OCR and PageWorkers.
type Isolation struct {
	Exe         string        // the executable to start ("" = os.Executable())
	Timeout     time.Duration // per document, 0 = DefaultDocTimeout
	Memory      int64         // resident bytes per document, 0 = DefaultDocMemory
	OCR         ChildOCR
	PageWorkers int // pages of one document OCRed at once in the child
	// RetryFailed converts again, with --resume, a document an earlier run recorded as
	// stopped by a limit or a crash (see resumeFailed).
	RetryFailed bool
	// Poll is the watchdog's interval (default 50ms).
	Poll time.Duration
	// Warn, when set, receives each distinct warning of the children once (OCR unavailable).
	Warn func(string)

	warned sync.Map
	mu     sync.Mutex
	idle   []*child // children waiting for a document
}

// childJob is what the parent sends.
type childJob struct {
	Input       Input         `json:"input"`
	Out         string        `json:"out"`
	Formats     string        `json:"formats"`
	ToolVersion string        `json:"tool_version"`
	Lang        findtext.Lang `json:"lang,omitempty"`
	OCR         ChildOCR      `json:"ocr"`
	PageWorkers int           `json:"page_workers"`
	Memory      int64         `json:"memory"`
}

// childMsg is one line the child writes on fd 3.
type childMsg struct {
	Page   int        `json:"page,omitempty"`
	Warn   string     `json:"warn,omitempty"`
	Pages  int        `json:"pages,omitempty"`
	Result *DocResult `json:"result,omitempty"`
}

// IsChild reports whether this process was started to convert documents for a parent.
func IsChild() bool { return os.Getenv(childEnv) != "" }

// childHook, when set (tests), is called with each job before it is converted.
var childHook func(childJob)

// ChildMain converts the documents described on stdin (one JSON job a line, one at a time)
// and reports on fd 3 until stdin ends; it returns the process exit code.
func ChildMain() int { return childMain(os.Stdin) }

func childMain(stdin io.Reader) int {
	out := os.NewFile(3, "budgetpdf-parent")
	if out == nil {
		fmt.Fprintln(os.Stderr, "budgetpdf: child: no report pipe (fd 3)")
		return 2
	}
	var mu sync.Mutex
	enc := json.NewEncoder(out)
	send := func(m childMsg) {
		mu.Lock()
		defer mu.Unlock()
		enc.Encode(m) // a parent that stopped reading has killed us or is gone
	}
	var lazy *LazyOCR // one engine for every document of this child
	defer func() {
		if lazy != nil {
			lazy.Close()
		}
	}()
	dec := json.NewDecoder(stdin)
	for {
		var job childJob
		if err := dec.Decode(&job); err == io.EOF {
			return 0
		} else if err != nil {
			fmt.Fprintf(os.Stderr, "budgetpdf: child: reading the job: %v\n", err)
			return 2
		}
		if childHook != nil {
			childHook(job)
		}
		if job.Memory > 0 {
			debug.SetMemoryLimit(job.Memory / 4 * 3)
			// A runaway recursion then dies as a named stack overflow, not as a memory kill.
			debug.SetMaxStack(int(min(job.Memory/4, 1<<30)))
		}
		formats, err := export.ParseFormats(job.Formats)
		if err != nil {
			fmt.Fprintf(os.Stderr, "budgetpdf: child: %v\n", err)
			return 2
		}
		opts := BatchOptions{Out: job.Out, Formats: formats, ToolVersion: job.ToolVersion, Lang: job.Lang, Now: time.Now,
			Stages: Options{Workers: max(job.PageWorkers, 1)}}
		opts.Convert = runPipeline
		if !job.OCR.Off {
			if lazy == nil {
				o := job.OCR
				lazy = &LazyOCR{New: o.NewEngine, OnError: func(err error) {
					send(childMsg{Warn: fmt.Sprintf("OCR unavailable (%v): scanned pages will be reported as failed pages of their document", err)})
				}}
			}
			opts.Stages.LazyOCR = lazy
		}
		r := convertOne(job.Input, opts, func(page, pages int) { send(childMsg{Page: page, Pages: pages}) })
		send(childMsg{Result: &r})
		// The watchdog measures the process: a big document's heap goes back to the system
		// before the next one starts (not after every document: a collection costs ms).
		if job.Memory > 0 && rssKB(os.Getpid())*1024 > job.Memory/4 {
			debug.FreeOSMemory()
		}
	}
}

// convert is the batch's per-document step under isolation: the resume decision here, the
// conversion in a child.
func (iso *Isolation) convert(in Input, opts BatchOptions, onPage func(page, pages int)) DocResult {
	start := time.Now()
	name := in.Name()
	base := DocResult{DocID: in.DocID, Source: name}
	if in.Err != nil {
		// A path that cannot be a document (inputs.go): nothing for a child to open.
		return failed(base, in, in.Err)
	}
	dir := filepath.Join(opts.Out, in.DocID)
	var sha string // hashed here only when needed: the child hashes the file anyway
	if opts.Resume {
		var err error
		if sha, err = fileSHA256(in.Path); err != nil {
			return failed(base, in, err)
		}
		if r, ok := resumeSkip(in, opts, sha); ok {
			return r
		}
		if prev, _ := ReadConversion(dir); prev != nil && !iso.RetryFailed && iso.sameFailure(prev, sha, opts) {
			prev.Seconds = 0
			prev.Error = strings.TrimSuffix(prev.Error, resumeNote) + resumeNote
			return *prev
		}
	}
	r := iso.run(in, opts, onPage)
	r.Seconds = time.Since(start).Seconds()
	if r.Status == StatusFailed && r.Limit == "" {
		// Another kind of failure now: an old limit record must not stand for it.
		if prev, _ := ReadConversion(dir); prev != nil && prev.Limit != "" {
			os.Remove(filepath.Join(dir, ConversionFile))
		}
	}
	if r.Status == StatusFailed && r.Limit != "" {
		if sha == "" {
			sha, _ = fileSHA256(in.Path)
		}
		r.SHA256, r.ToolVersion, r.LimitValue = sha, opts.ToolVersion, iso.limitValue(r.Limit)
		// The child may have died while writing: what it wrote goes (outputs.go: a failed
		// document keeps no outputs), and the record says what happened so --resume does
		// not walk into the same wall again.
		if err := removeDocOutputs(opts.Out, in.DocID); err != nil {
			r.Error += "; " + err.Error()
		}
		if b, err := json.MarshalIndent(r, "", "  "); err == nil && os.MkdirAll(dir, 0o755) == nil {
			atomicfile.WriteFile(filepath.Join(dir, ConversionFile), append(b, '\n'))
		}
	}
	return r
}

// resumeNote ends the message of a failure taken over from an earlier run.
const resumeNote = " (recorded by an earlier run: not retried; --retry-failed converts it again)"

// sameFailure: prev records a limit failure of this content by this tool version under the
// limits of this run (raising --doc-memory or --doc-timeout retries it).
func (iso *Isolation) sameFailure(prev *DocResult, sha string, opts BatchOptions) bool {
	return prev.Status == StatusFailed && prev.Limit != "" && prev.SHA256 == sha && prev.ToolVersion == opts.ToolVersion &&
		prev.LimitValue == iso.limitValue(prev.Limit)
}

func (iso *Isolation) limitValue(kind string) string {
	switch kind {
	case LimitMemory:
		return FormatBytes(iso.memory())
	case LimitTimeout:
		return iso.timeout().String()
	}
	return ""
}

func (iso *Isolation) memory() int64 {
	if iso.Memory > 0 {
		return iso.Memory
	}
	return DefaultDocMemory
}

func (iso *Isolation) timeout() time.Duration {
	if iso.Timeout > 0 {
		return iso.Timeout
	}
	return DefaultDocTimeout
}

// child is a running conversion process; it converts one document at a time.
type child struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	msgs   *bufio.Scanner
	pipe   *os.File
	stderr *headBuffer
}

// start starts a child process.
func (iso *Isolation) start() (*child, error) {
	exe := iso.Exe
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return nil, err
		}
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	c := &child{cmd: exec.Command(exe), pipe: pr, stderr: &headBuffer{max: 16 << 10}}
	c.cmd.Env = childEnviron()
	c.cmd.Stderr = c.stderr
	c.cmd.ExtraFiles = []*os.File{pw}
	c.cmd.SysProcAttr = childSysProcAttr()
	if c.stdin, err = c.cmd.StdinPipe(); err != nil {
		pr.Close()
		pw.Close()
		return nil, err
	}
	if err := c.cmd.Start(); err != nil {
		pr.Close()
		pw.Close()
		return nil, err
	}
	pw.Close()
	c.msgs = bufio.NewScanner(pr)
	c.msgs.Buffer(make([]byte, 64<<10), 16<<20)
	return c, nil
}

// stop ends a child: kill (a limit, a crash) or, idle, close its stdin and wait.
func (c *child) stop(kill bool) error {
	if kill {
		killChild(c.cmd.Process)
	}
	c.stdin.Close()
	err := c.cmd.Wait()
	c.pipe.Close()
	return err
}

// get takes an idle child or starts one: a process start costs ≈ 0.1 s (the binary's
// libraries and package initialisation), more than converting a born-digital document.
func (iso *Isolation) get() (*child, error) {
	iso.mu.Lock()
	defer iso.mu.Unlock()
	if n := len(iso.idle); n > 0 {
		c := iso.idle[n-1]
		iso.idle = iso.idle[:n-1]
		return c, nil
	}
	return iso.start()
}

func (iso *Isolation) put(c *child) {
	iso.mu.Lock()
	defer iso.mu.Unlock()
	iso.idle = append(iso.idle, c)
}

// Close stops the idle children (call it when the batch is over).
func (iso *Isolation) Close() {
	iso.mu.Lock()
	idle := iso.idle
	iso.idle = nil
	iso.mu.Unlock()
	for _, c := range idle {
		c.stop(false)
	}
}

// run converts one document in a child and watches it.
func (iso *Isolation) run(in Input, opts BatchOptions, onPage func(page, pages int)) DocResult {
	name := in.Name()
	base := DocResult{DocID: in.DocID, Source: name}
	job := childJob{Input: in, Out: opts.Out, Formats: opts.Formats.String(), ToolVersion: opts.ToolVersion, Lang: opts.Lang,
		OCR: iso.OCR, PageWorkers: iso.PageWorkers, Memory: iso.memory()}
	jb, err := json.Marshal(job)
	if err != nil {
		return failed(base, in, err)
	}
	jb = append(jb, '\n')
	var c *child
	for attempt := 0; ; attempt++ {
		if c, err = iso.get(); err != nil {
			return failed(base, in, fmt.Errorf("starting the conversion process: %w", err))
		}
		c.stderr.reset()
		if _, err = c.stdin.Write(jb); err == nil {
			break
		}
		c.stop(true) // an idle child that died: start another once
		if attempt > 0 {
			return failed(base, in, fmt.Errorf("starting the conversion process: %w", err))
		}
	}

	var (
		mu      sync.Mutex
		stopped string // the limit that stopped the child
		page    [2]int
	)
	kill := func(why string) {
		mu.Lock()
		if stopped == "" {
			stopped = why
		}
		mu.Unlock()
		killChild(c.cmd.Process)
	}
	done := make(chan struct{})
	watched := make(chan struct{})
	go func() { // the watchdog
		defer close(watched)
		poll := iso.Poll
		if poll <= 0 {
			poll = 50 * time.Millisecond
		}
		deadline := time.NewTimer(iso.timeout())
		defer deadline.Stop()
		tick := time.NewTicker(poll)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-deadline.C:
				kill(LimitTimeout)
				return
			case <-tick.C:
				if rssKB(c.cmd.Process.Pid)*1024 > iso.memory() {
					kill(LimitMemory)
					return
				}
			}
		}
	}()

	var result *DocResult
	for result == nil && c.msgs.Scan() {
		var m childMsg
		if json.Unmarshal(c.msgs.Bytes(), &m) != nil {
			continue
		}
		switch {
		case m.Result != nil:
			result = m.Result
		case m.Warn != "":
			if _, dup := iso.warned.LoadOrStore(m.Warn, true); !dup && iso.Warn != nil {
				iso.Warn(m.Warn)
			}
		case m.Pages > 0:
			mu.Lock()
			page = [2]int{m.Page, m.Pages}
			mu.Unlock()
			if onPage != nil {
				onPage(m.Page, m.Pages)
			}
		}
	}
	close(done)
	<-watched
	mu.Lock()
	why, at := stopped, page
	mu.Unlock()
	if result != nil {
		if why == "" {
			iso.put(c)
		} else {
			c.stop(true) // a limit hit just after the result: the document is complete
		}
		return *result
	}
	waitErr := c.stop(true)
	where := ""
	if at[1] > 0 {
		where = fmt.Sprintf(" (after page %d of %d)", at[0], at[1])
	}
	switch {
	case why == LimitMemory:
		r := failed(base, in, fmt.Errorf("killed: exceeded --doc-memory %s%s", FormatBytes(iso.memory()), where))
		r.Limit = LimitMemory
		return r
	case why == LimitTimeout:
		r := failed(base, in, fmt.Errorf("no result after --doc-timeout %s%s", iso.timeout(), where))
		r.Limit = LimitTimeout
		return r
	}
	msg := crashLine(c.stderr.String())
	if msg == "" {
		msg = fmt.Sprint(waitErr)
		if waitErr == nil {
			msg = "ended without a result"
		}
	}
	r := failed(base, in, fmt.Errorf("crashed: %s%s", msg, where))
	r.Limit = LimitCrash
	return r
}

// crashLine picks the line that says why a Go program died.
func crashLine(stderr string) string {
	for _, prefix := range []string{"fatal error: ", "panic: ", "runtime: out of memory"} {
		for l := range strings.Lines(stderr) {
			if strings.HasPrefix(l, prefix) {
				return strings.TrimSpace(l)
			}
		}
	}
	return ""
}

// childEnviron is the parent's environment with the child marker and OMP_THREAD_LIMIT
// (Tesseract's OpenMP threads off: ocr/threads.go; set here so the child never needs to
// restart itself to get it).
func childEnviron() []string {
	env := make([]string, 0, len(os.Environ())+2)
	for _, e := range os.Environ() {
		if strings.HasPrefix(e, childEnv+"=") || strings.HasPrefix(e, "OMP_THREAD_LIMIT=") || strings.HasPrefix(e, "GOMEMLIMIT=") {
			continue
		}
		env = append(env, e)
	}
	omp := "1"
	if v, ok := os.LookupEnv("OMP_THREAD_LIMIT"); ok {
		omp = v
	}
	return append(env, childEnv+"=1", "OMP_THREAD_LIMIT="+omp)
}

// rssKB is a process's resident set (KiB) from /proc; 0 when unknown.
func rssKB(pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for l := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				n, _ := strconv.ParseInt(f[0], 10, 64)
				return n
			}
		}
	}
	return 0
}

// headBuffer keeps the first max bytes written (a crash names itself at the top; the
// goroutine dump that follows can be megabytes).
type headBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (h *headBuffer) Write(p []byte) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if n := h.max - len(h.b); n > 0 {
		h.b = append(h.b, p[:min(n, len(p))]...)
	}
	return len(p), nil
}

// reset forgets what was written (a new document starts in a reused child).
func (h *headBuffer) reset() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.b = h.b[:0]
}

func (h *headBuffer) String() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return string(h.b)
}

var _ io.Writer = (*headBuffer)(nil)

// ParseBytes reads a size: 2GiB, 512MiB, 1.5G, 800M, or bytes.
func ParseBytes(s string) (int64, error) {
	t := strings.TrimSpace(s)
	units := []struct {
		suffix string
		mult   float64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}}
	mult := 1.0
	for _, u := range units {
		if rest, ok := strings.CutSuffix(t, u.suffix); ok {
			t, mult = strings.TrimSpace(rest), u.mult
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v <= 0 || v*mult > 1<<50 {
		return 0, fmt.Errorf("%q is not a size (e.g. 2GiB, 512MiB)", s)
	}
	return int64(v * mult), nil
}

// FormatBytes prints a size the way ParseBytes reads it: 2 GiB, 512 MiB.
func FormatBytes(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<30:
		return strconv.FormatFloat(float64(n)/(1<<30), 'f', 2, 64) + " GiB"
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', -1, 64) + " MiB"
	}
	return strconv.FormatInt(n, 10) + " B"
}
