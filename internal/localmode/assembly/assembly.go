// Package assembly reads a synthesized CDK cloud assembly (cdk.out) and
// describes what local mode must run: the HTTP API's routes and CORS, the
// Lambda functions with their code, layers, environment, memory and
// timeout, and the buckets with the objects BucketDeployments would upload.
// Everything comes from the templates and asset manifests; nothing is
// listed by hand.
package assembly

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Template is a CloudFormation template.
type Template struct {
	Resources map[string]Resource `json:"Resources"`
	Outputs   map[string]Output   `json:"Outputs"`
}

// Resource is one template resource.
type Resource struct {
	Type       string         `json:"Type"`
	Properties map[string]any `json:"Properties"`
	Metadata   map[string]any `json:"Metadata"`
}

// Output is one template output.
type Output struct {
	Value  any `json:"Value"`
	Export *struct {
		Name any `json:"Name"`
	} `json:"Export"`
}

// Stack is one stack artifact of the assembly.
type Stack struct {
	Name     string
	Template Template
	// assets maps an asset's object key ("<hash>.zip" or "<hash>.json") to
	// its source in the assembly folder.
	assets map[string]string
}

// Assembly is a loaded cloud assembly.
type Assembly struct {
	Dir    string
	Stacks []*Stack
}

type manifest struct {
	Artifacts map[string]struct {
		Type       string `json:"type"`
		Properties struct {
			TemplateFile string `json:"templateFile"`
			File         string `json:"file"`
			StackName    string `json:"stackName"`
		} `json:"properties"`
		Dependencies []string `json:"dependencies"`
	} `json:"artifacts"`
}

type assetManifest struct {
	Files map[string]struct {
		Source struct {
			Path      string `json:"path"`
			Packaging string `json:"packaging"`
		} `json:"source"`
		Destinations map[string]struct {
			ObjectKey string `json:"objectKey"`
		} `json:"destinations"`
	} `json:"files"`
}

// Load reads the manifest, every stack template and every asset manifest.
func Load(dir string) (*Assembly, error) {
	dir, err := filepath.Abs(dir) // functions run with their code folder as cwd
	if err != nil {
		return nil, err
	}
	var m manifest
	if err := readJSON(filepath.Join(dir, "manifest.json"), &m); err != nil {
		return nil, fmt.Errorf("cloud assembly %s: %w (run make synth)", dir, err)
	}
	a := &Assembly{Dir: dir}
	assets := map[string]string{}
	for _, art := range m.Artifacts {
		if art.Type != "cdk:asset-manifest" {
			continue
		}
		var am assetManifest
		if err := readJSON(filepath.Join(dir, art.Properties.File), &am); err != nil {
			return nil, err
		}
		for hash, f := range am.Files {
			src := filepath.Join(dir, f.Source.Path)
			for _, d := range f.Destinations {
				assets[d.ObjectKey] = src
			}
			assets[hash] = src
		}
	}
	for id, art := range m.Artifacts {
		if art.Type != "aws:cloudformation:stack" {
			continue
		}
		s := &Stack{Name: art.Properties.StackName, assets: assets}
		if s.Name == "" {
			s.Name = id
		}
		if err := readJSON(filepath.Join(dir, art.Properties.TemplateFile), &s.Template); err != nil {
			return nil, err
		}
		a.Stacks = append(a.Stacks, s)
	}
	sort.Slice(a.Stacks, func(i, j int) bool { return a.Stacks[i].Name < a.Stacks[j].Name })
	if len(a.Stacks) == 0 {
		return nil, fmt.Errorf("cloud assembly %s has no stacks", dir)
	}
	return a, nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// stack returns a stack by name.
func (a *Assembly) stack(name string) *Stack {
	for _, s := range a.Stacks {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// assetDir returns the assembly folder of the asset an S3 object key
// ("<hash>.zip") names.
func (s *Stack) assetDir(key string) (string, error) {
	if dir, ok := s.assets[key]; ok {
		return dir, nil
	}
	if dir, ok := s.assets[strings.TrimSuffix(key, filepath.Ext(key))]; ok {
		return dir, nil
	}
	return "", fmt.Errorf("asset %q is not in the assembly", key)
}
