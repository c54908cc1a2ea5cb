package review

import (
	"container/list"
	"sync"
)

// lru is a small least-recently-used cache (page PNGs, rasters).
type lru[V any] struct {
	mu    sync.Mutex
	max   int
	order *list.List // front: most recent; values are *entry[V]
	items map[string]*list.Element
}

type entry[V any] struct {
	key string
	val V
}

func newLRU[V any](max int) *lru[V] {
	return &lru[V]{max: max, order: list.New(), items: map[string]*list.Element{}}
}

func (c *lru[V]) get(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*entry[V]).val, true
	}
	var zero V
	return zero, false
}

func (c *lru[V]) put(key string, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		e.Value.(*entry[V]).val = v
		c.order.MoveToFront(e)
		return
	}
	c.items[key] = c.order.PushFront(&entry[V]{key, v})
	for c.order.Len() > c.max {
		e := c.order.Back()
		c.order.Remove(e)
		delete(c.items, e.Value.(*entry[V]).key)
	}
}
