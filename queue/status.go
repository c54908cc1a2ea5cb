package queue

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/nats-io/nats.go/jetstream"
)

// Counts are the documents by state.
type Counts map[State]int

// Settled reports whether no document is queued or running.
func (c Counts) Settled() bool { return c[StateQueued] == 0 && c[StateRunning] == 0 }

// States returns every document's state, by doc ID.
func (q *Queue) States(ctx context.Context) ([]DocState, error) {
	w, err := q.state.Watch(ctx, "doc.*", jetstream.IgnoreDeletes())
	if err != nil {
		return nil, fmt.Errorf("queue %s: state: %w", q.Name, err)
	}
	defer w.Stop()
	var out []DocState
	for e := range w.Updates() {
		if e == nil { // every current value has been delivered
			break
		}
		var s DocState
		if err := json.Unmarshal(e.Value(), &s); err != nil {
			return nil, fmt.Errorf("queue %s: state %s: %w", q.Name, e.Key(), err)
		}
		out = append(out, s)
	}
	sortStates(out)
	return out, nil
}

func sortStates(s []DocState) {
	slices.SortFunc(s, func(a, b DocState) int { return strings.Compare(a.DocID, b.DocID) })
}

// CountStates counts states by kind.
func CountStates(states []DocState) Counts {
	c := Counts{}
	for _, s := range states {
		c[s.State]++
	}
	return c
}

// Wait watches the state bucket until no document is queued or running, calling onChange
// (if not nil) with the states each time one changes, and returns the final states.
func (q *Queue) Wait(ctx context.Context, onChange func([]DocState)) ([]DocState, error) {
	w, err := q.state.Watch(ctx, "doc.*", jetstream.IgnoreDeletes())
	if err != nil {
		return nil, fmt.Errorf("queue %s: state: %w", q.Name, err)
	}
	defer w.Stop()
	byKey := map[string]DocState{}
	current := false
	snapshot := func() []DocState {
		out := make([]DocState, 0, len(byKey))
		for _, s := range byKey {
			out = append(out, s)
		}
		sortStates(out)
		return out
	}
	for {
		select {
		case <-ctx.Done():
			return snapshot(), ctx.Err()
		case e, ok := <-w.Updates():
			if !ok {
				return snapshot(), fmt.Errorf("queue %s: state watch ended", q.Name)
			}
			if e != nil {
				var s DocState
				if err := json.Unmarshal(e.Value(), &s); err != nil {
					return nil, fmt.Errorf("queue %s: state %s: %w", q.Name, e.Key(), err)
				}
				byKey[e.Key()] = s
				if !current {
					continue
				}
			}
			current = true
			states := snapshot()
			if onChange != nil {
				onChange(states)
			}
			if CountStates(states).Settled() {
				return states, nil
			}
		}
	}
}

// DeadLetters returns the messages of the dead-letter stream.
func (q *Queue) DeadLetters(ctx context.Context) ([]DeadLetter, error) {
	s, err := q.js.Stream(ctx, q.deadStream())
	if err != nil {
		return nil, err
	}
	info, err := s.Info(ctx)
	if err != nil {
		return nil, err
	}
	var out []DeadLetter
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq && info.State.Msgs > 0; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if err != nil {
			continue // deleted
		}
		var d DeadLetter
		if err := json.Unmarshal(m.Data, &d); err == nil {
			out = append(out, d)
		}
	}
	return out, nil
}
