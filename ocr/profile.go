package ocr

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Where a page's recognition spends its time (issue 11): wall time per phase, exclusive of
// the phases nested in it, and the Tesseract calls made in each with their time. Off (nil)
// unless a test or benchmark sets profile; meant for one worker at a time, since the phases
// of pages read in parallel would mix.
type phaseProfile struct {
	mu    sync.Mutex
	cur   string
	mark  time.Time
	self  map[string]time.Duration
	tess  map[string]time.Duration
	calls map[string]int
}

var profile *phaseProfile

func newPhaseProfile() *phaseProfile {
	return &phaseProfile{cur: "other", mark: time.Now(), self: map[string]time.Duration{},
		tess: map[string]time.Duration{}, calls: map[string]int{}}
}

// phase makes name the current phase until the returned func is called (deferred), which
// restores the enclosing one. A no-op when profiling is off.
func phase(name string) func() {
	p := profile
	if p == nil {
		return func() {}
	}
	p.mu.Lock()
	now := time.Now()
	prev := p.cur
	p.self[prev] += now.Sub(p.mark)
	p.cur, p.mark = name, now
	p.mu.Unlock()
	return func() {
		p.mu.Lock()
		now := time.Now()
		p.self[p.cur] += now.Sub(p.mark)
		p.cur, p.mark = prev, now
		p.mu.Unlock()
	}
}

// tessCall records one Tesseract call of duration d in the current phase.
func tessCall(d time.Duration) {
	p := profile
	if p == nil {
		return
	}
	p.mu.Lock()
	p.tess[p.cur] += d
	p.calls[p.cur]++
	p.mu.Unlock()
}

// report is the breakdown per page: phase, seconds (exclusive), of which in Tesseract,
// Tesseract calls; most expensive first.
func (p *phaseProfile) report(pages int) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	names := make([]string, 0, len(p.self))
	var total time.Duration
	for n, d := range p.self {
		names = append(names, n)
		total += d
	}
	slices.SortFunc(names, func(a, b string) int { return cmp.Compare(p.self[b], p.self[a]) })
	per := func(d time.Duration) float64 { return d.Seconds() / float64(max(1, pages)) }
	var sb strings.Builder
	fmt.Fprintf(&sb, "%-28s %9s %9s %9s %7s\n", "phase", "s/page", "share", "tess s", "calls")
	var calls int
	var tess time.Duration
	for _, n := range names {
		fmt.Fprintf(&sb, "%-28s %9.3f %8.1f%% %9.3f %7.1f\n", n, per(p.self[n]), 100*p.self[n].Seconds()/total.Seconds(),
			per(p.tess[n]), float64(p.calls[n])/float64(max(1, pages)))
		calls += p.calls[n]
		tess += p.tess[n]
	}
	fmt.Fprintf(&sb, "%-28s %9.3f %8.1f%% %9.3f %7.1f\n", "total", per(total), 100.0, per(tess), float64(calls)/float64(max(1, pages)))
	return sb.String()
}
