package main

import (
	"testing"

	"cloudtools/internal/lambdakit/apigw/apigwtest"
)

// TestDirectEvents: {} and {"seed": …} reach GET /random-image.
func TestDirectEvents(t *testing.T) {
	s, _, _ := newTestService(t, threeImages)
	a := apigwtest.InvokeDirect(t, "random-image", s.handle, direct, []byte(`{"seed": "x"}`))
	if a.Status != 200 || a.JSON["key"] != get(t, s, "seed=x").JSON["key"] {
		t.Fatalf("seeded: %d %s", a.Status, a.Body)
	}
	if res := apigwtest.InvokeDirect(t, "random-image", s.handle, direct, []byte(`{}`)); res.Status != 200 {
		t.Fatalf("{}: %d %s", res.Status, res.Body)
	}
	apigwtest.InvokeDirect(t, "random-image", s.handle, direct, []byte(`{"count": 0}`)).CheckJSONError(t, 400)
}
