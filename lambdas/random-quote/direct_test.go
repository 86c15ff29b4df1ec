package main

import (
	"testing"

	"cloudtools/internal/lambdakit/apigw/apigwtest"
)

// TestDirectEvents: {} and {"seed": …} from the Lambda console reach
// GET /random-quote with the event's fields as the query.
func TestDirectEvents(t *testing.T) {
	s, _, _ := newTestService(t, theQuotes(t))
	invoke := func(event string) apigwtest.Result {
		return apigwtest.InvokeDirect(t, "random-quote", s.handle, direct, []byte(event))
	}
	if res := invoke(`{}`); res.Status != 200 || res.JSON["text"] == nil {
		t.Fatalf("{}: %d %s", res.Status, res.Body)
	}
	a, b := invoke(`{"seed": "x"}`), invoke(`{"seed": "x"}`)
	if a.Status != 200 || string(a.Body) != string(b.Body) {
		t.Fatalf("seeded: %s vs %s", a.Body, b.Body)
	}
	if viaAPI := get(t, s, "seed=x"); string(viaAPI.Body) != string(a.Body) {
		t.Fatalf("direct %s, through the API %s", a.Body, viaAPI.Body)
	}
	if res := invoke(`{"c": ["poetry"], "seed": 7}`); res.Status != 200 || res.JSON["category"] != "poetry" {
		t.Fatalf("category: %d %s", res.Status, res.Body)
	}
	invoke(`{"c": "nope"}`).CheckJSONError(t, 400)
	invoke(`{"seed": {"a": 1}}`).CheckJSONError(t, 400)
}
