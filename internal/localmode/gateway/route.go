package gateway

import (
	"fmt"
	"strings"
)

// compiledRoute is a route key split for matching.
type compiledRoute struct {
	key      string
	method   string // "" for $default
	segments []segment
	target   Invoker
}

type segment struct {
	literal string
	param   string // {name} or {name+}
	greedy  bool
}

func compile(r Route) (compiledRoute, error) {
	cr := compiledRoute{key: r.Key, target: r.Target}
	if r.Key == "$default" {
		return cr, nil
	}
	method, path, ok := strings.Cut(r.Key, " ")
	if !ok || !strings.HasPrefix(path, "/") {
		return cr, fmt.Errorf("route key %q: want \"METHOD /path\" or $default", r.Key)
	}
	cr.method = strings.ToUpper(method)
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	if path == "/" {
		parts = nil
	}
	for i, p := range parts {
		if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}") {
			name := p[1 : len(p)-1]
			s := segment{param: strings.TrimSuffix(name, "+"), greedy: strings.HasSuffix(name, "+")}
			if s.greedy && i != len(parts)-1 {
				return cr, fmt.Errorf("route key %q: a greedy {name+} must be last", r.Key)
			}
			cr.segments = append(cr.segments, s)
		} else {
			cr.segments = append(cr.segments, segment{literal: p})
		}
	}
	return cr, nil
}

// score ranks a match as HTTP APIs do: more literal segments first, then
// fewer greedy ones, then an exact method over ANY. -1: no match.
func (cr *compiledRoute) score(method string, parts []string) (int, map[string]string) {
	if cr.method == "" {
		return 0, nil // $default: the lowest of all
	}
	if cr.method != "ANY" && cr.method != method {
		return -1, nil
	}
	var params map[string]string
	literals := 0
	for i, s := range cr.segments {
		if s.greedy {
			if i >= len(parts) {
				return -1, nil // {proxy+} needs at least one segment
			}
			if params == nil {
				params = map[string]string{}
			}
			params[s.param] = strings.Join(parts[i:], "/")
			return score(literals, true, cr.method != "ANY"), params
		}
		if i >= len(parts) {
			return -1, nil
		}
		if s.param != "" {
			if parts[i] == "" {
				return -1, nil
			}
			if params == nil {
				params = map[string]string{}
			}
			params[s.param] = parts[i]
			continue
		}
		if s.literal != parts[i] {
			return -1, nil
		}
		literals++
	}
	if len(parts) != len(cr.segments) {
		return -1, nil
	}
	return score(literals, false, cr.method != "ANY"), params
}

func score(literals int, greedy, exactMethod bool) int {
	s := 1 + literals*4
	if !greedy {
		s += 2
	}
	if exactMethod {
		s++
	}
	return s
}

// match finds the best route for a method and decoded path.
func (g *Gateway) match(method, path string) (*compiledRoute, map[string]string) {
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	if path == "/" || path == "" {
		parts = nil
	}
	best, bestScore := -1, -1
	var bestParams map[string]string
	for i := range g.routes {
		s, params := g.routes[i].score(method, parts)
		if s > bestScore {
			best, bestScore, bestParams = i, s, params
		}
	}
	if best < 0 {
		return nil, nil
	}
	return &g.routes[best], bestParams
}
