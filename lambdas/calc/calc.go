package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"cloudtools/internal/lambdakit/apigw"
)

// direct is how a plain JSON event reaches calc ({"num1": 1, "num2": 2,
// "operator": "add"} from the Lambda console): as a JSON POST to /calc.
var direct = apigw.Direct{Method: http.MethodPost, Path: "/calc"}

// The seed's error messages, kept exactly: clients match on them.
const (
	msgInvalidInput    = apigw.MsgInvalidInput
	msgInvalidOperator = "Invalid operator"
	msgDivideByZero    = "Cannot divide by zero"
)

// rules: GET or POST, and a POST body of at most 16 KiB (a calculation
// needs far less).
var rules = apigw.Rules{Methods: []string{http.MethodGet, http.MethodPost}, MaxBodyBytes: 16 << 10}

// handler is calc as the Lambda runs it: the rules, then handle.
func handler() apigw.Handler { return apigw.Accept(rules, handle) }

var errDivideByZero = &apigw.Problem{Status: http.StatusBadRequest, Message: msgDivideByZero}

// calcInput is a request after parsing: either an expression or two
// operands and an operator, all still as text.
type calcInput struct {
	Expr     string
	Num1     string
	Num2     string
	Operator string
	hasExpr  bool
}

func handle(ctx context.Context, req *apigw.Request) apigw.Response {
	in, err := parseRequest(req)
	if err == nil {
		var result float64
		if result, err = in.evaluate(); err == nil {
			return apigw.JSON(http.StatusOK, map[string]float64{"result": result})
		}
	}
	return apigw.Respond(ctx, req, err)
}

// parseRequest reads the input from the query string (GET, or POST without a
// body) or from a JSON or form body (POST).
func parseRequest(req *apigw.Request) (calcInput, error) {
	if req.Method != http.MethodPost || len(bytes.TrimSpace(req.Body)) == 0 {
		return parseValues(req.Query)
	}
	kind, problem := req.BodyKind(apigw.JSONBody, apigw.FormBody)
	if problem != nil {
		return calcInput{}, problem
	}
	if kind == apigw.JSONBody {
		return parseJSON(req.Body)
	}
	q, err := apigw.ParseQuery(string(req.Body))
	if err != nil {
		return calcInput{}, apigw.Invalid("%v", err)
	}
	return parseValues(q)
}

// parseValues reads num1, num2, operator or expr from query or form values.
func parseValues(q url.Values) (calcInput, error) {
	var in calcInput
	fields := []struct {
		key string
		dst *string
	}{{"num1", &in.Num1}, {"num2", &in.Num2}, {"operator", &in.Operator}, {"expr", &in.Expr}}
	present := map[string]bool{}
	for _, f := range fields {
		v, ok, err := apigw.Single(q, f.key)
		if err != nil {
			return in, apigw.Invalid("%v", err)
		}
		if ok {
			*f.dst, present[f.key] = v, true
		}
	}
	// A '+' in a query string decodes to a space; a lone space can only
	// have been meant as the plus operator.
	if present["operator"] && in.Operator == " " {
		in.Operator = "+"
	}
	return in, in.check(present)
}

// jsonField accepts a JSON number or a string holding one.
type jsonField struct {
	set bool
	val string
}

func (f *jsonField) UnmarshalJSON(b []byte) error {
	f.set = true
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &f.val)
	}
	if string(b) == "null" {
		f.set = false
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return errors.New("must be a number or a string")
	}
	f.val = string(n)
	return nil
}

func parseJSON(body []byte) (calcInput, error) {
	var doc struct {
		Num1     jsonField `json:"num1"`
		Num2     jsonField `json:"num2"`
		Operator jsonField `json:"operator"`
		Expr     jsonField `json:"expr"`
	}
	if p := apigw.DecodeJSON(body, &doc); p != nil {
		return calcInput{}, p
	}
	in := calcInput{Num1: doc.Num1.val, Num2: doc.Num2.val, Operator: doc.Operator.val, Expr: doc.Expr.val}
	present := map[string]bool{"num1": doc.Num1.set, "num2": doc.Num2.set, "operator": doc.Operator.set, "expr": doc.Expr.set}
	return in, in.check(present)
}

// check validates which fields were given: expr alone, or all three others.
func (in *calcInput) check(present map[string]bool) error {
	if present["expr"] {
		if present["num1"] || present["num2"] || present["operator"] {
			return apigw.Invalid("give either expr or num1, num2 and operator, not both")
		}
		in.hasExpr = true
		return nil
	}
	for _, k := range []string{"num1", "num2", "operator"} {
		if !present[k] {
			return apigw.Invalid("%s is required", k)
		}
	}
	return nil
}

func (in calcInput) evaluate() (float64, error) {
	if in.hasExpr {
		return Eval(in.Expr)
	}
	a, err := parseNumber("num1", in.Num1)
	if err != nil {
		return 0, err
	}
	b, err := parseNumber("num2", in.Num2)
	if err != nil {
		return 0, err
	}
	op, ok := operators[strings.ToLower(strings.TrimSpace(in.Operator))]
	if !ok {
		return 0, &apigw.Problem{Status: http.StatusBadRequest, Message: msgInvalidOperator, Detail: "use add, subtract, multiply, divide or + - * /"}
	}
	return apply(op, a, b)
}

var operators = map[string]byte{
	"add": '+', "+": '+', "plus": '+',
	"subtract": '-', "-": '-', "minus": '-',
	"multiply": '*', "*": '*', "x": '*', "times": '*',
	"divide": '/', "/": '/',
}

// numberPattern is a plain decimal number: no hex, no underscores, no
// "NaN"/"Inf", which strconv.ParseFloat would otherwise accept.
var numberPattern = regexp.MustCompile(`^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$`)

// maxNumberLen bounds a number's text; 64 digits is beyond float64 precision.
const maxNumberLen = 64

func parseNumber(name, s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, apigw.Invalid("%s is empty", name)
	}
	if len(s) > maxNumberLen || !numberPattern.MatchString(s) {
		return 0, apigw.Invalid("%s is not a number", name)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, apigw.Invalid("%s is out of range", name)
	}
	return v, nil
}

// apply performs one binary operation and rejects non-finite results.
func apply(op byte, a, b float64) (float64, error) {
	var r float64
	switch op {
	case '+':
		r = a + b
	case '-':
		r = a - b
	case '*':
		r = a * b
	case '/':
		if b == 0 {
			return 0, errDivideByZero
		}
		r = a / b
	case '%':
		if b == 0 {
			return 0, errDivideByZero
		}
		r = math.Mod(a, b)
	case '^':
		r = math.Pow(a, b)
	default:
		return 0, &apigw.Problem{Status: http.StatusBadRequest, Message: msgInvalidOperator}
	}
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return 0, apigw.Invalid("the result is not a finite number")
	}
	if r == 0 {
		r = 0 // no "-0" in answers
	}
	return r, nil
}
