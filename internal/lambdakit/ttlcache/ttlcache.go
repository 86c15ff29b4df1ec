// Package ttlcache keeps one value a warm Lambda container reuses for a
// while (a bucket listing, a parsed object) instead of fetching it on
// every request. Failed fetches are not kept: the next call tries again.
package ttlcache

import (
	"context"
	"sync"
	"time"
)

// Value is a cached value of type T.
type Value[T any] struct {
	TTL   time.Duration
	Fetch func(context.Context) (T, error)
	// Now is the clock; tests move it.
	Now func() time.Time

	mu        sync.Mutex
	value     T
	fetched   bool
	fetchedAt time.Time
}

// Get returns the value, fetching it when there is none or it is older
// than TTL. Calls wait for one another, so one fetch serves them all.
func (v *Value[T]) Get(ctx context.Context) (T, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}
	if v.fetched && now().Sub(v.fetchedAt) < v.TTL {
		return v.value, nil
	}
	val, err := v.Fetch(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	v.value, v.fetched, v.fetchedAt = val, true, now()
	return val, nil
}
