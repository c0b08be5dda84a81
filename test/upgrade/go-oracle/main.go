package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"text/template"
	"text/template/parse"
)

type result struct {
	Input string   `json:"input"`
	Error string   `json:"error,omitempty"`
	Nodes []string `json:"nodes,omitempty"`
	Exec  string   `json:"exec,omitempty"`
	ExecError string `json:"execError,omitempty"`
}

func funcs() template.FuncMap {
	return template.FuncMap{
		"user":  func(s string) string { return "<user:" + s + ">" },
		"env":   func(s string) string { return "<env:" + s + ">" },
		"timestamp": func() string { return "<ts>" },
		"isotime": func(a ...string) string { return "<iso:" + strings.Join(a, ",") + ">" },
		"split": func(a, b string, n int) (string, error) { return fmt.Sprintf("<split:%s,%s,%d>", a, b, n), nil },
		"lower": func(a string) (string, error) { return "<lower:" + a + ">", nil },
	}
}

func main() {
	var inputs []string
	json.NewDecoder(os.Stdin).Decode(&inputs)
	var out []result
	for _, in := range inputs {
		r := result{Input: in}
		t, err := template.New("hcl2_upgrade").Funcs(funcs()).Parse(in)
		if err != nil {
			r.Error = err.Error()
			out = append(out, r)
			continue
		}
		for _, n := range t.Root.Nodes {
			r.Nodes = append(r.Nodes, fmt.Sprintf("%s %s", reflect.TypeOf(n), n.String()))
			_ = parse.NodeText
		}
		var buf bytes.Buffer
		if err := t.Execute(&buf, nil); err != nil {
			r.ExecError = err.Error()
		} else {
			r.Exec = buf.String()
		}
		out = append(out, r)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	enc.Encode(out)
}
