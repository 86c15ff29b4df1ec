package main

import (
	"fmt"
	"strconv"
	"strings"

	"cloudtools/internal/lambdakit/apigw"
)

// Bounds that keep a hostile expression cheap: its length, and how deeply
// parentheses and unary signs may nest (each level is one recursion).
const (
	maxExprLen   = 1000
	maxExprDepth = 64
)

// Eval evaluates an arithmetic expression: + - * / % ^, parentheses and
// unary signs over decimal numbers. ^ binds tighter than unary minus and is
// right-associative (-2^2 = -4, 2^3^2 = 512), as in mathematics.
//
//	expr    = term { ("+" | "-") term }
//	term    = unary { ("*" | "/" | "%") unary }
//	unary   = ("-" | "+") unary | power
//	power   = primary [ "^" unary ]
//	primary = number | "(" expr ")"
func Eval(src string) (float64, error) {
	if strings.TrimSpace(src) == "" {
		return 0, apigw.Invalid("expr is empty")
	}
	if len(src) > maxExprLen {
		return 0, apigw.Invalid("expr is longer than %d characters", maxExprLen)
	}
	p := &exprParser{src: src}
	v, err := p.expr()
	if err != nil {
		return 0, err
	}
	p.skipSpace()
	if p.pos < len(p.src) {
		return 0, p.unexpected()
	}
	return v, nil
}

type exprParser struct {
	src   string
	pos   int
	depth int
}

func (p *exprParser) skipSpace() {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t') {
		p.pos++
	}
}

// peek returns the next non-space byte, or 0 at the end.
func (p *exprParser) peek() byte {
	p.skipSpace()
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

func (p *exprParser) unexpected() error {
	if p.pos >= len(p.src) {
		return apigw.Invalid("expr ends too early")
	}
	detail := fmt.Sprintf("unexpected %q at position %d", p.src[p.pos], p.pos+1)
	if p.pos > 0 && p.src[p.pos-1] == ' ' && isNumberStart(p.src[p.pos]) {
		// Two operands side by side: most likely a '+' that a query string
		// turned into a space.
		detail += " (an operator is missing; in a query string write + as %2B)"
	}
	return apigw.Invalid("%s", detail)
}

func isNumberStart(c byte) bool { return c >= '0' && c <= '9' || c == '.' || c == '(' }

func (p *exprParser) enter() error {
	p.depth++
	if p.depth > maxExprDepth {
		return apigw.Invalid("expr nests deeper than %d levels", maxExprDepth)
	}
	return nil
}

func (p *exprParser) expr() (float64, error) {
	v, err := p.term()
	for err == nil {
		op := p.peek()
		if op != '+' && op != '-' {
			break
		}
		p.pos++
		var r float64
		if r, err = p.term(); err == nil {
			v, err = apply(op, v, r)
		}
	}
	return v, err
}

func (p *exprParser) term() (float64, error) {
	v, err := p.unary()
	for err == nil {
		op := p.peek()
		if op != '*' && op != '/' && op != '%' {
			break
		}
		p.pos++
		var r float64
		if r, err = p.unary(); err == nil {
			v, err = apply(op, v, r)
		}
	}
	return v, err
}

func (p *exprParser) unary() (float64, error) {
	if err := p.enter(); err != nil {
		return 0, err
	}
	defer func() { p.depth-- }()
	switch p.peek() {
	case '-':
		p.pos++
		v, err := p.unary()
		return -v, err
	case '+':
		p.pos++
		return p.unary()
	}
	return p.power()
}

func (p *exprParser) power() (float64, error) {
	base, err := p.primary()
	if err != nil || p.peek() != '^' {
		return base, err
	}
	p.pos++
	exp, err := p.unary()
	if err != nil {
		return 0, err
	}
	return apply('^', base, exp)
}

func (p *exprParser) primary() (float64, error) {
	c := p.peek()
	if c == '(' {
		p.pos++
		v, err := p.expr()
		if err != nil {
			return 0, err
		}
		if p.peek() != ')' {
			if p.pos >= len(p.src) {
				return 0, apigw.Invalid("expr has an unclosed parenthesis")
			}
			return 0, p.unexpected()
		}
		p.pos++
		return v, nil
	}
	start := p.pos
	for p.pos < len(p.src) && isNumberByte(p.src, p.pos) {
		p.pos++
	}
	if start == p.pos {
		return 0, p.unexpected()
	}
	text := p.src[start:p.pos]
	if !numberPattern.MatchString(text) {
		p.pos = start
		return 0, apigw.Invalid("%q at position %d is not a number", text, start+1)
	}
	v, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return 0, apigw.Invalid("%q at position %d is out of range", text, start+1)
	}
	return v, nil
}

// isNumberByte reports whether src[i] continues a number: digits, a point,
// an exponent marker, or a sign right after the exponent marker.
func isNumberByte(src string, i int) bool {
	c := src[i]
	switch {
	case c >= '0' && c <= '9', c == '.', c == 'e', c == 'E':
		return true
	case (c == '+' || c == '-') && i > 0 && (src[i-1] == 'e' || src[i-1] == 'E'):
		return true
	}
	return false
}
