package gateway

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

func isPreflight(r *http.Request) bool {
	return r.Method == http.MethodOptions && r.Header.Get("Origin") != "" &&
		r.Header.Get("Access-Control-Request-Method") != ""
}

// allowedOrigin is the Access-Control-Allow-Origin value for a request's
// origin ("" when the origin is not allowed).
func (g *Gateway) allowedOrigin(origin string) string {
	if origin == "" {
		return ""
	}
	for _, o := range g.cors.AllowOrigins {
		if o == "*" {
			if g.cors.AllowCredentials {
				return origin // "*" is not allowed with credentials
			}
			return "*"
		}
		if strings.EqualFold(o, origin) {
			return origin
		}
	}
	return ""
}

// preflight answers an OPTIONS preflight itself, as HTTP APIs with a CORS
// configuration do, whatever the routes.
func (g *Gateway) preflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	if origin := g.allowedOrigin(r.Header.Get("Origin")); origin != "" {
		h.Set("Access-Control-Allow-Origin", origin)
		if origin != "*" {
			h.Add("Vary", "Origin")
		}
		reqMethod := strings.ToUpper(r.Header.Get("Access-Control-Request-Method"))
		if slices.Contains(g.cors.AllowMethods, "*") || slices.Contains(g.cors.AllowMethods, reqMethod) {
			h.Set("Access-Control-Allow-Methods", strings.Join(g.cors.AllowMethods, ","))
		}
		if slices.Contains(g.cors.AllowHeaders, "*") {
			if req := r.Header.Get("Access-Control-Request-Headers"); req != "" {
				h.Set("Access-Control-Allow-Headers", req)
			}
		} else if len(g.cors.AllowHeaders) > 0 {
			h.Set("Access-Control-Allow-Headers", strings.Join(g.cors.AllowHeaders, ","))
		}
		if g.cors.MaxAge > 0 {
			h.Set("Access-Control-Max-Age", strconv.Itoa(g.cors.MaxAge))
		}
		if g.cors.AllowCredentials {
			h.Set("Access-Control-Allow-Credentials", "true")
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// addCORS adds the CORS headers of an actual (non-preflight) response.
func (g *Gateway) addCORS(h http.Header, r *http.Request) {
	if g.cors == nil {
		return
	}
	origin := g.allowedOrigin(r.Header.Get("Origin"))
	if origin == "" {
		return
	}
	h.Set("Access-Control-Allow-Origin", origin)
	if origin != "*" {
		h.Add("Vary", "Origin")
	}
	if len(g.cors.ExposeHeaders) > 0 {
		h.Set("Access-Control-Expose-Headers", strings.Join(g.cors.ExposeHeaders, ","))
	}
	if g.cors.AllowCredentials {
		h.Set("Access-Control-Allow-Credentials", "true")
	}
}
