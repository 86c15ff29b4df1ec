package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
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
	msgInvalidInput    = "Invalid input"
	msgInvalidOperator = "Invalid operator"
	msgDivideByZero    = "Cannot divide by zero"
)

// maxBodyBytes bounds a POST body; a calculation needs far less.
const maxBodyBytes = 16 << 10

// calcError is a 400 with one of the seed's messages and an optional detail.
type calcError struct{ msg, detail string }

func (e *calcError) Error() string { return strings.TrimSuffix(e.msg+": "+e.detail, ": ") }

func invalidInput(format string, args ...any) error {
	return &calcError{msgInvalidInput, fmt.Sprintf(format, args...)}
}

var errDivideByZero = &calcError{msg: msgDivideByZero}

// calcInput is a request after parsing: either an expression or two
// operands and an operator, all still as text.
type calcInput struct {
	Expr     string
	Num1     string
	Num2     string
	Operator string
	hasExpr  bool
}

func handle(_ context.Context, req *apigw.Request) apigw.Response {
	if req.Method != http.MethodGet && req.Method != http.MethodPost {
		return apigw.Error(http.StatusMethodNotAllowed, "Method not allowed")
	}
	if len(req.Body) > maxBodyBytes {
		return apigw.ErrorDetail(http.StatusRequestEntityTooLarge, "Request too large",
			fmt.Sprintf("the body may hold at most %d bytes", maxBodyBytes))
	}
	in, status, err := parseRequest(req)
	if err == nil {
		var result float64
		result, err = in.evaluate()
		if err == nil {
			return apigw.JSON(http.StatusOK, map[string]float64{"result": result})
		}
	}
	var ce *calcError
	if errors.As(err, &ce) {
		return apigw.ErrorDetail(http.StatusBadRequest, ce.msg, ce.detail)
	}
	if status == http.StatusUnsupportedMediaType {
		return apigw.ErrorDetail(status, "Unsupported content type", err.Error())
	}
	return apigw.ErrorDetail(http.StatusBadRequest, msgInvalidInput, err.Error())
}

// parseRequest reads the input from the query string (GET, or POST without a
// body) or from a JSON or form body (POST). A non-zero status overrides 400.
func parseRequest(req *apigw.Request) (calcInput, int, error) {
	if req.Method == http.MethodPost && len(bytes.TrimSpace(req.Body)) > 0 {
		ct := req.ContentType()
		switch {
		case apigw.IsJSON(ct), ct == "" && looksLikeJSON(req.Body),
			// curl -d sends JSON as a form by default; be forgiving.
			ct == "application/x-www-form-urlencoded" && looksLikeJSON(req.Body):
			in, err := parseJSON(req.Body)
			return in, 0, err
		case ct == "application/x-www-form-urlencoded" || ct == "":
			q, err := apigw.ParseQuery(string(req.Body))
			if err != nil {
				return calcInput{}, 0, invalidInput("%v", err)
			}
			in, err := parseValues(q)
			return in, 0, err
		default:
			return calcInput{}, http.StatusUnsupportedMediaType,
				fmt.Errorf("content type %q is not supported; send application/json or application/x-www-form-urlencoded", ct)
		}
	}
	in, err := parseValues(req.Query)
	return in, 0, err
}

func looksLikeJSON(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && b[0] == '{'
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
			return in, invalidInput("%v", err)
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
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&doc); err != nil {
		return calcInput{}, invalidInput("malformed JSON body: %v", jsonErrorText(err))
	}
	if dec.More() {
		return calcInput{}, invalidInput("malformed JSON body: trailing data after the object")
	}
	in := calcInput{Num1: doc.Num1.val, Num2: doc.Num2.val, Operator: doc.Operator.val, Expr: doc.Expr.val}
	present := map[string]bool{"num1": doc.Num1.set, "num2": doc.Num2.set, "operator": doc.Operator.set, "expr": doc.Expr.set}
	return in, in.check(present)
}

func jsonErrorText(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field != "" {
			return fmt.Sprintf("%s must be a number or a string", te.Field)
		}
		return "the body must be a JSON object"
	}
	return err.Error()
}

// check validates which fields were given: expr alone, or all three others.
func (in *calcInput) check(present map[string]bool) error {
	if present["expr"] {
		if present["num1"] || present["num2"] || present["operator"] {
			return invalidInput("give either expr or num1, num2 and operator, not both")
		}
		in.hasExpr = true
		return nil
	}
	for _, k := range []string{"num1", "num2", "operator"} {
		if !present[k] {
			return invalidInput("%s is required", k)
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
		return 0, &calcError{msg: msgInvalidOperator, detail: "use add, subtract, multiply, divide or + - * /"}
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
		return 0, invalidInput("%s is empty", name)
	}
	if len(s) > maxNumberLen || !numberPattern.MatchString(s) {
		return 0, invalidInput("%s is not a number", name)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, invalidInput("%s is out of range", name)
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
		return 0, &calcError{msg: msgInvalidOperator}
	}
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return 0, invalidInput("the result is not a finite number")
	}
	if r == 0 {
		r = 0 // no "-0" in answers
	}
	return r, nil
}
